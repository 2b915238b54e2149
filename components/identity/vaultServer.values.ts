import { HARDENED_CLUSTER_DEFAULTS } from "../compute/hardenedCluster.logic";
import { peerHost, VAULT_IMAGE, VAULT_NAMES, VAULT_POD_LABELS, VAULT_PORTS } from "./vaultServer.logic";

/**
 * The Vault chart's Helm values and the server configuration (HCL) as plain data, so tests (and the
 * chart's own values.schema.json) read exactly what is installed. Every key was read in
 * github.com/hashicorp/vault-helm at 0.34.1 (values.yaml, values.schema.json, templates/).
 */

export interface VaultConfigInputs {
  readonly namespace: string;
  readonly replicas: number;
  readonly region: string;
  /** The KeyRing's `vault` key. */
  readonly unsealKeyArn: string;
}

const hclString = (s: string) => JSON.stringify(s);

/**
 * Vault's server configuration. The chart copies it to /tmp/storageconfig.hcl, substitutes the words
 * HOSTNAME, POD_IP, HOST_IP, API_ADDR, TRANSIT_ADDR and RAFT_ADDR, and runs it through Helm's `tpl`
 * (_helpers.tpl vault.args, vault.config): the text below uses none of them and no template braces.
 *
 * - `listener "tcp"`: TLS on, TLS 1.2 at least, our certificate from the mounted Secret.
 *   https://developer.hashicorp.com/vault/docs/configuration/listener/tcp
 * - `disable_mlock = true`: HashiCorp strongly recommends it with integrated storage (mlock does not work
 *   well with raft's memory-mapped files), and it spares the container the IPC_LOCK capability; swap is
 *   off on EKS nodes (the kubelet refuses to start with swap unless told otherwise).
 *   https://developer.hashicorp.com/vault/docs/configuration/storage/raft ("strongly recommended to set
 *   disable_mlock to true, and to disable memory swapping on the system")
 * - `storage "raft"` with one `retry_join` per peer: a new or restarted node joins the cluster by itself
 *   once the leader is initialised, verifying the leader's certificate against our CA and name.
 *   https://developer.hashicorp.com/vault/docs/configuration/storage/raft#retry_join-stanza
 * - `seal "awskms"`: auto-unseal with the KeyRing's `vault` key; the credentials come from EKS Pod
 *   Identity through the SDK's default chain (see vaultServer.ts).
 *   https://developer.hashicorp.com/vault/docs/configuration/seal/awskms
 * - `service_registration "kubernetes"`: labels the pods `vault-active`, which the active Service selects.
 *   https://developer.hashicorp.com/vault/docs/configuration/service-registration/kubernetes
 * - `ui = false`: no web UI (and the chart's UI Service is off).
 */
export function vaultServerConfig(c: VaultConfigInputs): string {
  const joins = Array.from({ length: c.replicas }, (_, i) =>
    [
      "  retry_join {",
      `    leader_api_addr = ${hclString(`https://${peerHost(i)}:${VAULT_PORTS.api}`)}`,
      `    leader_ca_cert_file = ${hclString(`${VAULT_NAMES.tlsDir}/ca.crt`)}`,
      `    leader_tls_servername = ${hclString(peerHost(i))}`,
      "  }",
    ].join("\n"),
  );
  return [
    "ui = false",
    "disable_mlock = true",
    "",
    'listener "tcp" {',
    `  address = "[::]:${VAULT_PORTS.api}"`,
    `  cluster_address = "[::]:${VAULT_PORTS.cluster}"`,
    "  tls_disable = false",
    `  tls_cert_file = ${hclString(`${VAULT_NAMES.tlsDir}/tls.crt`)}`,
    `  tls_key_file = ${hclString(`${VAULT_NAMES.tlsDir}/tls.key`)}`,
    '  tls_min_version = "tls12"',
    "}",
    "",
    'storage "raft" {',
    `  path = ${hclString(VAULT_NAMES.dataDir)}`,
    ...joins,
    "}",
    "",
    'seal "awskms" {',
    `  region = ${hclString(c.region)}`,
    `  kms_key_id = ${hclString(c.unsealKeyArn)}`,
    "}",
    "",
    'service_registration "kubernetes" {}',
    "",
  ].join("\n");
}

export interface VaultValuesInputs<C> {
  readonly namespace: string;
  readonly replicas: number;
  readonly storageSize: string;
  readonly storageClassName: string;
  readonly imageRegistry: string;
  /** The server configuration (`vaultServerConfig`), or an Output of it. */
  readonly config: C;
}

const RUNTIME_DEFAULT_SECCOMP = { type: "RuntimeDefault" } as const;
/** The image's `vault` user and group (the chart's defaults, server.uid / server.gid). */
const VAULT_UID = 100;
const VAULT_GID = 1000;

/**
 * Pod and container security contexts. The chart passes them through verbatim when set
 * (_helpers.tpl server.statefulSet.securityContext.*), replacing its defaults, so they restate the
 * user and group. Pod Security `restricted`: non-root, no privilege escalation, every capability dropped,
 * RuntimeDefault seccomp; plus a read-only root filesystem (the chart's start script writes only
 * /tmp/storageconfig.hcl: /tmp is an emptyDir). No IPC_LOCK: `disable_mlock = true`.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const VAULT_SECURITY_CONTEXT = {
  pod: {
    runAsNonRoot: true,
    runAsUser: VAULT_UID,
    runAsGroup: VAULT_GID,
    fsGroup: VAULT_GID,
    seccompProfile: RUNTIME_DEFAULT_SECCOMP,
  },
  container: {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: RUNTIME_DEFAULT_SECCOMP,
  },
} as const;

/** Our own volumes next to the chart's: a writable /tmp for the start script under a read-only root. */
export const VAULT_EXTRA_VOLUMES = {
  volumes: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } }],
  volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
} as const;

/** Requests and limits of the server container. */
export const VAULT_RESOURCES = {
  requests: { cpu: "250m", memory: "256Mi" },
  limits: { cpu: "1", memory: "1Gi" },
} as const;

/**
 * The chart's values. What is left out stays at the chart's default, which the comments name where it
 * matters. Off on purpose:
 * - the agent injector (`injector.enabled`, default on): its MutatingWebhookConfiguration would see every
 *   pod created in the cluster and can rewrite it — cluster-wide power we do not need, since our
 *   workloads call Vault's API themselves (VaultAccess's Kubernetes auth);
 * - the CSI provider (a privileged DaemonSet), the UI Service, Ingress, HTTPRoute and OpenShift Route
 *   (Vault stays inside the cluster), dev mode, the chart's own NetworkPolicy (ours are stricter:
 *   vaultServer.networkPolicies.ts) and the legacy service-account token Secret.
 * Kept: `server.authDelegator` (a ClusterRoleBinding of Vault's service account to
 * `system:auth-delegator`, so Vault can call TokenReview for the Kubernetes auth method with its own
 * token) and the discovery Role (service registration labels Vault's own pods).
 * https://developer.hashicorp.com/vault/docs/auth/kubernetes#use-local-service-account-token-as-the-reviewer-jwt
 */
export function vaultValues<C>(v: VaultValuesInputs<C>) {
  const off = { enabled: false };
  return {
    global: { enabled: true, tlsDisable: false, psp: { enable: false } },
    injector: { enabled: false },
    csi: { enabled: false },
    ui: { enabled: false },
    server: {
      enabled: true,
      image: { repository: `${v.imageRegistry}/${VAULT_IMAGE.repository}`, tag: VAULT_IMAGE.tag },
      // Pods pick up a new configuration or image only when deleted, one at a time, standbys first:
      // HashiCorp's upgrade procedure. https://developer.hashicorp.com/vault/docs/platform/k8s/helm/run#upgrading-vault-on-kubernetes
      updateStrategyType: "OnDelete",
      includeConfigAnnotation: true,
      logLevel: "info",
      logFormat: "json",
      resources: VAULT_RESOURCES,
      dev: off,
      standalone: off,
      ingress: off,
      httproute: off,
      route: off,
      networkPolicy: off,
      authDelegator: { enabled: true },
      serviceAccount: {
        create: true,
        name: VAULT_NAMES.serviceAccount,
        createSecret: false,
        serviceDiscovery: { enabled: true },
      },
      statefulSet: { securityContext: VAULT_SECURITY_CONTEXT },
      hostNetwork: false,
      extraVolumes: [
        // Mode 0440 (the chart's default is 0644): the key is readable by the vault group only.
        { type: "secret", name: VAULT_NAMES.tlsSecret, defaultMode: 0o440 },
      ],
      ...VAULT_EXTRA_VOLUMES,
      dataStorage: {
        enabled: true,
        size: v.storageSize,
        mountPath: VAULT_NAMES.dataDir,
        storageClass: v.storageClassName,
        accessMode: "ReadWriteOnce",
      },
      // Raft data outlives a scale-down or an uninstall; deleting it is a deliberate act.
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      // The audit log goes to stdout (VaultAccess's `file` device at `stdout`), shipped by the log shipper.
      auditStorage: off,
      nodeSelector: { ...HARDENED_CLUSTER_DEFAULTS.systemNodeLabels },
      // The chart's default affinity (one server per node) stays; spread over zones too.
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "ScheduleAnyway",
          labelSelector: { matchLabels: { ...VAULT_POD_LABELS } },
        },
      ],
      ha: {
        enabled: true,
        replicas: v.replicas,
        // The address each node advertises: its stable name, which the certificate holds (the chart's
        // default is the pod IP, which it does not). VAULT_K8S_POD_NAME is set before VAULT_API_ADDR in
        // the container's env, so Kubernetes expands it (server-statefulset.yaml).
        apiAddr: `https://$(VAULT_K8S_POD_NAME).${VAULT_NAMES.internalService}.${v.namespace}.svc:${VAULT_PORTS.api}`,
        raft: { enabled: true, setNodeId: true, config: v.config },
        // maxUnavailable ⌊(n-1)/2⌋: a drain never takes the cluster below quorum (chart default).
        disruptionBudget: { enabled: true },
      },
    },
  };
}
