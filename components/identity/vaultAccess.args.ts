import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { AccessRole } from "./roles";

/**
 * The contract of `VaultAccess` (`rampart:identity:VaultAccess`): configures an existing Vault (or the
 * in-cluster one `VaultServer` deploys) through `@pulumi/vault`: the Kubernetes auth method for our
 * cluster with roles bound to exact namespace/service-account pairs, human login through the
 * organisation's OIDC provider (groups → the role map's policies), a KV v2 mount, a transit key for
 * prompts and transcripts with encrypt-only and decrypt-only policies, and an audit device. Types only.
 */

/** A workload that logs in with its Kubernetes service account. */
export interface VaultWorkload {
  /** Vault role name (DNS label), unique. */
  readonly name: string;
  /** Exact namespace and service account: never `*`, never a glob. */
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Read `<kvMount>/data/apps/<namespace>/<name>/*`. @default true */
  readonly readSecrets?: boolean;
  /** Encrypt with the transit key (the transcript writer). @default false */
  readonly encrypt?: boolean;
  /** Decrypt with the transit key. @default false (only the auditors' humans decrypt) */
  readonly decrypt?: boolean;
}

export interface VaultAccessArgs {
  /** Prefix of names (Vault policy and role names start with it when shared): `<project>-<stack>`. */
  readonly namePrefix: string;
  /**
   * `https://…` only (validation refuses http). An Output with an in-cluster Vault (VaultServer's
   * address, reached through a port-forward or a private route from where `pulumi up` runs).
   */
  readonly address: pulumi.Input<string>;
  /** A Vault token able to configure auth methods, mounts, policies and audit devices: a Pulumi secret. */
  readonly token: pulumi.Input<string>;
  /** Vault Enterprise / HCP namespace. @default none */
  readonly vaultNamespace?: string;
  /** PEM of the CA that signed Vault's certificate (the in-cluster Vault's own CA). @default system roots */
  readonly caCertPem?: pulumi.Input<string>;

  /** The Kubernetes auth method for our cluster. */
  readonly kubernetes: {
    /** Mount path. @default "kubernetes" */
    readonly path?: string;
    /** The API server URL (the cluster's endpoint). */
    readonly host: pulumi.Input<string>;
    /** PEM of the cluster CA (decoded from the cluster's `certificateAuthority.data`). */
    readonly caCertPem: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL (service-account token `iss`). */
    readonly issuer: pulumi.Input<string>;
    readonly workloads: readonly VaultWorkload[];
    /**
     * The cluster's Kubernetes provider. Vault reviews each login with the client's own JWT (no reviewer
     * token stored in Vault), so each workload's service account needs `system:auth-delegator`; with
     * this provider VaultAccess binds exactly those accounts, without it the operator applies the same
     * binding (docs/VAULT.md). @default none
     */
    readonly kubeProvider?: k8s.Provider;
  };

  /** Human login through the organisation's OIDC provider. */
  readonly oidc?: {
    /** Mount path. @default "oidc" */
    readonly path?: string;
    readonly discoveryUrl: string;
    readonly clientId: string;
    /** A Pulumi secret. */
    readonly clientSecret: pulumi.Input<string>;
    /** Tokens must carry one of these `aud` values (never empty). @default [clientId] */
    readonly boundAudiences?: readonly string[];
    /** The claim holding the person's groups. @default "groups" */
    readonly groupsClaim?: string;
    readonly allowedRedirectUris: readonly string[];
    /** The role map: each role's groups log in to a Vault role carrying that role's policies. */
    readonly roles: readonly AccessRole[];
  };

  /** KV v2 mount for application secrets. */
  readonly kv?: {
    /** @default "secret" */
    readonly path?: string;
    /** Versions kept per secret. @default 10 */
    readonly maxVersions?: number;
  };
  /** Transit engine for application-layer encryption of prompts and transcripts. */
  readonly transit?: {
    /** @default "transit" */
    readonly path?: string;
    /** @default "transcripts" */
    readonly keyName?: string;
    /** Automatic rotation, seconds. @default 2592000 (30 days) */
    readonly autoRotateSeconds?: number;
  };
  /** Token lifetimes of every role (humans and workloads), seconds. */
  readonly tokenTtlSeconds?: number;
  /** @default 3600 (prod refuses more, and 0 which means the mount's maximum) */
  readonly tokenMaxTtlSeconds?: number;
  /**
   * The audit device. `file` writes to a path the log shipper tails (stdout `"stdout"` is the chart's
   * default for an in-cluster Vault, collected with the pod's logs); `socket` sends to an address.
   * @default { kind: "file", path: "stdout" }
   */
  readonly audit?:
    { readonly kind: "file"; readonly path: string } | { readonly kind: "socket"; readonly address: string };
}

/** What `VaultAccess` exposes. */
export interface VaultAccessOutputs {
  readonly kubernetesAuthPath: pulumi.Output<string>;
  readonly kvPath: pulumi.Output<string>;
  readonly transitPath: pulumi.Output<string>;
  readonly transitKeyName: pulumi.Output<string>;
  /** Vault policy names per role name (humans) and per workload name. */
  readonly policyNames: Readonly<Record<string, pulumi.Output<string>>>;
}
