import { cidrProblem } from "../network/subnetPlan";
import { type ArgProblem, Problems } from "../shared/problems";
import { chartVersionProblem, dnsLabelProblem, tagArgProblems } from "../shared/rules";
import type { VaultServerArgs } from "./vaultServer.args";

/**
 * The facts VaultServer's pieces share (the pinned chart and image, the names the chart gives its
 * objects, ports, defaults) and `validateVaultServerArgs`. The Helm values are in vaultServer.values.ts,
 * the certificates in vaultServer.tls.ts, the NetworkPolicies in vaultServer.networkPolicies.ts.
 */

/** HashiCorp's official chart repository. https://developer.hashicorp.com/vault/docs/platform/k8s/helm */
export const VAULT_CHART = { chart: "vault", repo: "https://helm.releases.hashicorp.com" } as const;

/**
 * The chart Rampart pins: 0.34.1 (2026-08-13), the newest release in github.com/hashicorp/vault-helm
 * (commit aa1c92e, "Release v0.34.1 preparation"): Chart.yaml `version: 0.34.1`, `appVersion: 2.0.4`,
 * CHANGELOG "Tested with Vault v2.0.4". Every value we set was read in that commit's values.yaml,
 * values.schema.json and templates (server-statefulset.yaml, _helpers.tpl).
 */
export const TESTED_VAULT_CHART = "0.34.1";

/**
 * The server image: the chart's `server.image` default at 0.34.1 (Docker Hub `hashicorp/vault`, tag the
 * appVersion). Copy it to `<imageRegistry>/hashicorp/vault:2.0.4` when a mirror is used.
 */
export const VAULT_IMAGE = { registry: "docker.io", repository: "hashicorp/vault", tag: "2.0.4" } as const;

/**
 * Names the chart gives its objects. The release is named `vault`: the chart's `vault.fullname` is the
 * release name when it contains the chart name (_helpers.tpl), so the StatefulSet, its pods (`vault-0`…),
 * the service account and the Services are named from `vault` (server-*-service.yaml).
 */
export const VAULT_NAMES = {
  release: "vault",
  serviceAccount: "vault",
  /** ClusterIP Service over every pod; `-active` selects the leader, `-standby` the others. */
  service: "vault",
  activeService: "vault-active",
  standbyService: "vault-standby",
  /** Headless Service (the StatefulSet's `serviceName`): `vault-<i>.vault-internal` per pod, raft peers. */
  internalService: "vault-internal",
  /** Our kubernetes.io/tls Secret (server certificate and key, plus `ca.crt`). */
  tlsSecret: "vault-server-tls",
  /** The Secret's mount: the chart mounts `extraVolumes` at `/vault/userconfig/<name>` (_helpers.tpl vault.mounts). */
  tlsDir: "/vault/userconfig/vault-server-tls",
  dataDir: "/vault/data",
} as const;

/** Labels the chart puts on server pods (server-statefulset.yaml `template.metadata.labels`). */
export const VAULT_POD_LABELS = {
  "app.kubernetes.io/name": "vault",
  "app.kubernetes.io/instance": VAULT_NAMES.release,
  component: "server",
} as const;

/**
 * Container ports: 8200 the API (TLS), 8201 the cluster port (raft and request forwarding, mutual TLS with
 * certificates Vault makes itself). 8202 (replication, Enterprise) is declared by the chart but never opened.
 * https://developer.hashicorp.com/vault/docs/configuration#cluster_addr
 */
export const VAULT_PORTS = { api: 8200, cluster: 8201 } as const;

/** The contract's defaults, resolved once. */
export const VAULT_SERVER_DEFAULTS = {
  namespace: "vault",
  replicas: 3,
  storageSize: "10Gi",
  chartVersion: TESTED_VAULT_CHART,
  imageRegistry: VAULT_IMAGE.registry,
  helmTimeoutSeconds: 900,
  tls: {
    organization: "Rampart",
    /** The CA signs only Vault's server certificate; five years, then re-issued with a new `pulumi up`. */
    caValidityDays: 1825,
    /** One year at most for the server certificate, replaced 30 days before it expires. */
    serverValidityDays: 365,
    renewBeforeDays: 30,
  },
} as const;

/** Raft voters allowed: an odd count (an even one adds a failure to survive no more than one fewer). */
export const REPLICA_CHOICES = [1, 3, 5, 7] as const;

/**
 * The unseal role's name, `<namePrefix>-vault-unseal`. The KeyRing's `vault` key admits exactly this role
 * (it exists before the role, so it names it by ARN in a condition).
 */
export function vaultUnsealRoleName(namePrefix: string): string {
  return `${namePrefix}-vault-unseal`;
}

// IAM role names: up to 64 of [\w+=,.@-]. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** What is wrong with a name prefix for the unseal role's name, or undefined. */
export function unsealRoleNamePrefixProblem(namePrefix: unknown): string | undefined {
  return typeof namePrefix === "string" && ROLE_NAME.test(vaultUnsealRoleName(namePrefix))
    ? undefined
    : 'cannot name the unseal role "<namePrefix>-vault-unseal" (expected letters, digits and +=,.@_- , at most 51 characters)';
}

/** The in-cluster address clients use: the active node's Service. */
export function vaultAddress(namespace: string): string {
  return `https://${VAULT_NAMES.activeService}.${namespace}.svc:${VAULT_PORTS.api}`;
}

/** A pod's stable name under the headless Service, fully qualified so it resolves from any namespace. */
export function peerHost(index: number, namespace?: string): string {
  const short = `${VAULT_NAMES.release}-${index}.${VAULT_NAMES.internalService}`;
  return namespace === undefined ? short : `${short}.${namespace}.svc`;
}

/**
 * The server certificate's names: the Services (short, namespaced, `.svc`), every pod under the headless
 * Service (raft `retry_join` addresses, and the `api_addr` each node advertises), and 127.0.0.1 for the
 * chart's own `vault status` readiness probe (VAULT_ADDR=https://127.0.0.1:8200).
 */
export function serverCertificateNames(namespace: string): { dnsNames: string[]; ipAddresses: string[] } {
  const services = [
    VAULT_NAMES.service,
    VAULT_NAMES.activeService,
    VAULT_NAMES.standbyService,
    VAULT_NAMES.internalService,
  ];
  return {
    dnsNames: [
      ...services.flatMap((s) => [s, `${s}.${namespace}`, `${s}.${namespace}.svc`]),
      `*.${VAULT_NAMES.internalService}`,
      `*.${VAULT_NAMES.internalService}.${namespace}.svc`,
    ],
    ipAddresses: ["127.0.0.1"],
  };
}

/**
 * The unseal role's only permissions: what the awskms seal calls, on the one key.
 * @see https://developer.hashicorp.com/vault/docs/configuration/seal/awskms
 */
export function unsealRolePolicy(keyArn: string) {
  return {
    Version: "2012-10-17" as const,
    Statement: [
      {
        Sid: "VaultAutoUnseal",
        Effect: "Allow" as const,
        Action: ["kms:DescribeKey", "kms:Encrypt", "kms:Decrypt"],
        Resource: keyArn,
      },
    ],
  };
}

/** The account of an ARN (`arn:<partition>:<service>:<region>:<account>:…`). */
export function accountOfArn(arn: string): string {
  const account = arn.split(":")[4];
  if (account === undefined || !/^\d{12}$/.test(account))
    throw new Error(`VaultServer: "${arn}" is not an ARN with an account id`);
  return account;
}

/** The fields of `VaultServerArgs` checked before any child (the rest are Inputs from other resources). */
export type VaultServerShape = Omit<VaultServerArgs, "kubeProvider" | "clusterName" | "unsealKeyArn">;

const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
// StorageClass names are DNS subdomains. https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Every problem with the plain parts of the Args, each naming the field, the value and what is expected. */
export function validateVaultServerArgs(args: VaultServerShape): ArgProblem[] {
  const p = new Problems();
  const badPrefix = unsealRoleNamePrefixProblem(args.namePrefix);
  if (badPrefix) p.at(["namePrefix"], args.namePrefix, badPrefix);
  if (typeof args.region !== "string" || !REGION.test(args.region))
    p.at(["region"], args.region, 'is not an AWS Region (expected e.g. "us-east-1")');
  if (args.namespace !== undefined) {
    const bad = dnsLabelProblem(args.namespace);
    if (bad) p.at(["namespace"], args.namespace, bad);
  }
  if (args.replicas !== undefined && !(REPLICA_CHOICES as readonly unknown[]).includes(args.replicas))
    p.at(
      ["replicas"],
      args.replicas,
      `is not a raft voter count (expected one of ${REPLICA_CHOICES.join(", ")}: 3 survives one lost node, 5 two)`,
    );
  if (args.storageSize !== undefined && !QUANTITY.test(args.storageSize))
    p.at(["storageSize"], args.storageSize, 'is not a Kubernetes quantity (expected e.g. "10Gi")');
  if (typeof args.storageClassName !== "string" || !DNS_SUBDOMAIN.test(args.storageClassName))
    p.at(
      ["storageClassName"],
      args.storageClassName,
      'is not a StorageClass name (expected the encrypted class, e.g. "gp3-encrypted")',
    );
  if (args.chartVersion !== undefined) {
    const bad = chartVersionProblem(args.chartVersion);
    if (bad) p.at(["chartVersion"], args.chartVersion, bad);
  }
  if (args.imageRegistry !== undefined && !REGISTRY.test(args.imageRegistry))
    p.at(
      ["imageRegistry"],
      args.imageRegistry,
      "is not a registry prefix (expected host[/path], e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror)",
    );
  const vpcCidrs: readonly string[] = args.vpcCidrs ?? [];
  if (vpcCidrs.length === 0) p.at(["vpcCidrs"], args.vpcCidrs, "must list the VPC's CIDRs (at least one)");
  else
    vpcCidrs.forEach((cidr, i) => {
      const bad = cidrProblem(cidr);
      if (bad) p.at(["vpcCidrs", i], cidr, bad);
    });
  const namespace = args.namespace ?? VAULT_SERVER_DEFAULTS.namespace;
  const clients: readonly string[] = args.clientNamespaces ?? [];
  const seen = new Set<string>();
  clients.forEach((ns, i) => {
    const bad = dnsLabelProblem(ns);
    if (bad) p.at(["clientNamespaces", i], ns, bad);
    else if (ns === namespace)
      p.at(["clientNamespaces", i], ns, "is Vault's own namespace (its pods reach each other already)");
    else if (seen.has(ns)) p.at(["clientNamespaces", i], ns, "is listed twice");
    seen.add(ns);
  });
  p.under([], tagArgProblems(args.tags));
  return p.list;
}
