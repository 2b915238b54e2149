import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The contract of `VaultServer` (`rampart:identity:VaultServer`): optionally, Vault itself in the
 * cluster from HashiCorp's official Helm chart (pinned): HA with integrated storage (Raft) on encrypted
 * volumes, auto-unseal with a dedicated KMS key (the KeyRing's `vault` data class) through its own Pod
 * Identity role, TLS from `@pulumi/tls` (its own CA), its own namespace and Pod Security level,
 * NetworkPolicies, no UI exposed outside the cluster. `VaultAccess` configures it once initialised
 * (docs/VAULT.md: deploy, `vault operator init`, then configure). Types only.
 */
export interface VaultServerArgs {
  readonly kubeProvider: k8s.Provider;
  readonly clusterName: pulumi.Input<string>;
  readonly region: string;
  /** Prefix of global names (the unseal role): `<project>-<stack>`. */
  readonly namePrefix: string;
  /** @default "vault" */
  readonly namespace?: string;
  /** The KeyRing's `vault` key (auto-unseal). */
  readonly unsealKeyArn: pulumi.Input<string>;
  /** Raft voters. @default 3 (prod refuses fewer) */
  readonly replicas?: number;
  /** Integrated storage volume per replica. @default "10Gi" */
  readonly storageSize?: string;
  /** The encrypted StorageClass (HardenedCluster's default `gp3-encrypted`). */
  readonly storageClassName: string;
  /** Chart version. @default the tested pin in vaultServer.logic.ts */
  readonly chartVersion?: string;
  /** Registry/mirror the images come from (prod: `rampart:images.mirror`). @default "docker.io" (hashicorp/vault) */
  readonly imageRegistry?: string;
  /** CIDRs of the VPC (API server, system nodes) allowed to reach 8200 besides in-cluster clients. */
  readonly vpcCidrs: readonly string[];
  /** Namespaces whose pods may reach Vault's API (8200). @default the inference namespaces the stack passes */
  readonly clientNamespaces: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

/** What `VaultServer` exposes. */
export interface VaultServerOutputs {
  /** `https://vault-active.<namespace>.svc:8200`. */
  readonly address: pulumi.Output<string>;
  /** PEM of the CA that signed Vault's certificate (VaultAccess's `caCertPem`). */
  readonly caCertPem: pulumi.Output<string>;
  readonly namespace: string;
  /** The unseal role's ARN. */
  readonly unsealRoleArn: pulumi.Output<string>;
}
