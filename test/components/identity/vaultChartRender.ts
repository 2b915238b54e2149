import { policies } from "../../../policy-pack/policies";
import { violations } from "../../policies/helpers/policyHarness";

/**
 * The Vault server StatefulSet as the chart's templates render it from a values object, for the parts
 * that decide Pod Security and the pack's workload rules (helm is not available offline). Each field
 * follows github.com/hashicorp/vault-helm at 0.34.1: templates/server-statefulset.yaml and the
 * _helpers.tpl definitions it includes (vault.volumes, vault.mounts, vault.volumeclaims,
 * server.statefulSet.securityContext.pod/.container, vault.resources), in HA mode with raft, TLS on.
 * Chart defaults used when a value is unset are restated (uid 100, gid 1000, allowPrivilegeEscalation false).
 */
export function renderServerStatefulSet(values: any, namespace: string): any {
  const s = values.server;
  const scheme = values.global?.tlsDisable === false ? "https" : "http";
  const sc = s.statefulSet?.securityContext ?? {};
  const podSecurityContext =
    sc.pod && Object.keys(sc.pod).length > 0
      ? sc.pod
      : { runAsNonRoot: true, runAsGroup: 1000, runAsUser: 100, fsGroup: 1000 };
  const containerSecurityContext =
    sc.container && Object.keys(sc.container).length > 0 ? sc.container : { allowPrivilegeEscalation: false };
  const extra = (s.extraVolumes ?? []) as {
    type: string;
    name: string;
    path?: string;
    defaultMode?: number;
  }[];
  const volumes = [
    // vault.volumes: the config ConfigMap (ha.config / raft.config set), then extraVolumes, then volumes.
    { name: "config", configMap: { name: "vault-config" } },
    ...extra.map((v) => ({
      name: `userconfig-${v.name}`,
      [v.type]: {
        ...(v.type === "secret" ? { secretName: v.name } : { name: v.name }),
        defaultMode: v.defaultMode ?? 420,
      },
    })),
    ...(s.volumes ?? []),
    { name: "home", emptyDir: {} },
  ];
  const volumeMounts = [
    // vault.mounts: data (raft), config (standalone.config or ha.config set: the chart defaults are), extras.
    ...(s.dataStorage?.enabled ? [{ name: "data", mountPath: s.dataStorage.mountPath }] : []),
    { name: "config", mountPath: "/vault/config" },
    ...extra.map((v) => ({
      name: `userconfig-${v.name}`,
      readOnly: true,
      mountPath: `${v.path ?? "/vault/userconfig"}/${v.name}`,
    })),
    ...(s.volumeMounts ?? []),
    { name: "home", mountPath: "/home/vault" },
  ];
  const field = (fieldPath: string) => ({ valueFrom: { fieldRef: { fieldPath } } });
  const env = [
    { name: "HOST_IP", ...field("status.hostIP") },
    { name: "POD_IP", ...field("status.podIP") },
    { name: "VAULT_K8S_POD_NAME", ...field("metadata.name") },
    { name: "VAULT_K8S_NAMESPACE", ...field("metadata.namespace") },
    { name: "VAULT_ADDR", value: `${scheme}://127.0.0.1:8200` },
    { name: "VAULT_API_ADDR", value: s.ha?.apiAddr ?? `${scheme}://$(POD_IP):8200` },
    { name: "SKIP_CHOWN", value: "true" },
    { name: "SKIP_SETCAP", value: "true" },
    { name: "HOSTNAME", ...field("metadata.name") },
    { name: "VAULT_CLUSTER_ADDR", value: s.ha?.clusterAddr ?? "https://$(HOSTNAME).vault-internal:8201" },
    ...(s.ha?.raft?.setNodeId ? [{ name: "VAULT_RAFT_NODE_ID", ...field("metadata.name") }] : []),
    { name: "HOME", value: "/home/vault" },
    ...(s.logLevel ? [{ name: "VAULT_LOG_LEVEL", value: s.logLevel }] : []),
    ...(s.logFormat ? [{ name: "VAULT_LOG_FORMAT", value: s.logFormat }] : []),
  ];
  const labels = {
    "app.kubernetes.io/name": "vault",
    "app.kubernetes.io/instance": "vault",
    component: "server",
  };
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "vault", namespace },
    spec: {
      serviceName: "vault-internal",
      podManagementPolicy: "Parallel",
      replicas: s.ha.replicas,
      updateStrategy: { type: s.updateStrategyType },
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 10,
          serviceAccountName: s.serviceAccount?.name || "vault",
          securityContext: podSecurityContext,
          hostNetwork: s.hostNetwork ?? false,
          nodeSelector: s.nodeSelector,
          topologySpreadConstraints: s.topologySpreadConstraints,
          volumes,
          containers: [
            {
              name: "vault",
              resources: s.resources,
              image: `${s.image.repository}:${s.image.tag}`,
              imagePullPolicy: "IfNotPresent",
              command: ["/bin/sh", "-ec"],
              args: ["/usr/local/bin/docker-entrypoint.sh vault server -config=/tmp/storageconfig.hcl"],
              securityContext: containerSecurityContext,
              env,
              volumeMounts,
              ports: [
                { containerPort: 8200, name: scheme },
                { containerPort: 8201, name: "https-internal" },
                { containerPort: 8202, name: `${scheme}-rep` },
              ],
              readinessProbe: {
                exec: { command: ["/bin/sh", "-ec", "vault status -tls-skip-verify"] },
                failureThreshold: 2,
                initialDelaySeconds: 5,
                periodSeconds: 5,
                successThreshold: 1,
                timeoutSeconds: 3,
              },
            },
          ],
        },
      },
      volumeClaimTemplates: s.dataStorage?.enabled
        ? [
            {
              apiVersion: "v1",
              kind: "PersistentVolumeClaim",
              metadata: { name: "data" },
              spec: {
                accessModes: [s.dataStorage.accessMode],
                resources: { requests: { storage: s.dataStorage.size } },
                storageClassName: s.dataStorage.storageClass,
              },
            },
          ]
        : [],
    },
  };
}

/**
 * The pack's workload policies that do not apply to Vault, and why:
 * - pinned image: the chart names its image by tag (`server.image.tag`); there is no digest value;
 * - service-account token automount: Vault needs its token (TokenReview for the Kubernetes auth method,
 *   service registration labelling its own pods).
 */
export const NOT_APPLICABLE = new Set([
  "kubernetes-workload-require-pinned-image",
  "kubernetes-workload-disallow-service-account-token-automount",
]);

/** Every finding of the pack's workload policies on a StatefulSet, prefixed by the policy's name. */
export async function workloadFindings(sts: any): Promise<string[]> {
  const out: string[] = [];
  // Resource policies only: the stack policies (images of inference namespaces) judge a whole export.
  for (const policy of policies.filter(
    (p) =>
      p.name.startsWith("kubernetes-workload-") && !NOT_APPLICABLE.has(p.name) && "validateResource" in p,
  ))
    for (const v of await violations(policy, "kubernetes:apps/v1:StatefulSet", sts))
      out.push(`${policy.name}: ${v}`);
  return out;
}
