import type { AccessRole } from "./roles";
import type { VaultAccessArgs, VaultWorkload } from "./vaultAccess.args";
import { roleRules, type PathRule, vaultPolicyName, workloadRules } from "./vaultAccess.policies";

/**
 * VaultAccess's pure planning: defaults resolved once, the settings of each Kubernetes and OIDC role,
 * the policies to write, and the RBAC binding the Kubernetes auth method needs. No resources here.
 */

export const VAULT_ACCESS_DEFAULTS = {
  kubernetesPath: "kubernetes",
  oidcPath: "oidc",
  kvPath: "secret",
  /** Versions kept per secret: enough to roll back a bad write, bounded so old secrets age out. */
  kvMaxVersions: 10,
  transitPath: "transit",
  transitKeyName: "transcripts",
  /** 30 days. */
  transitAutoRotateSeconds: 30 * 86400,
  /** 15 minutes: a stolen token is short-lived; Vault Agent and the CLI renew up to the max. */
  tokenTtlSeconds: 900,
  /** One hour: prod's ceiling for every session (ACCESS_DEFAULTS.maxSessionSeconds). */
  tokenMaxTtlSeconds: 3600,
  groupsClaim: "groups",
  audit: { kind: "file", path: "stdout" } as NonNullable<VaultAccessArgs["audit"]>,
  /**
   * Lifetime of the child token the provider makes from the given token (the provider's default):
   * long enough for one `pulumi up` of this component, revoked when the provider stops.
   * @see https://registry.terraform.io/providers/hashicorp/vault/latest/docs#token
   */
  providerTokenTtlSeconds: 1200,
} as const;

/** Every default resolved once. */
export interface ResolvedVaultAccess {
  readonly kubernetesPath: string;
  readonly oidcPath: string;
  readonly kvPath: string;
  readonly kvMaxVersions: number;
  readonly transitPath: string;
  readonly transitKeyName: string;
  readonly transitAutoRotateSeconds: number;
  readonly tokenTtlSeconds: number;
  readonly tokenMaxTtlSeconds: number;
  readonly groupsClaim: string;
  readonly audit: NonNullable<VaultAccessArgs["audit"]>;
}

export function resolveVaultAccess(args: VaultAccessArgs): ResolvedVaultAccess {
  const d = VAULT_ACCESS_DEFAULTS;
  return {
    kubernetesPath: args.kubernetes.path ?? d.kubernetesPath,
    oidcPath: args.oidc?.path ?? d.oidcPath,
    kvPath: args.kv?.path ?? d.kvPath,
    kvMaxVersions: args.kv?.maxVersions ?? d.kvMaxVersions,
    transitPath: args.transit?.path ?? d.transitPath,
    transitKeyName: args.transit?.keyName ?? d.transitKeyName,
    transitAutoRotateSeconds: args.transit?.autoRotateSeconds ?? d.transitAutoRotateSeconds,
    tokenTtlSeconds: args.tokenTtlSeconds ?? d.tokenTtlSeconds,
    tokenMaxTtlSeconds: args.tokenMaxTtlSeconds ?? d.tokenMaxTtlSeconds,
    groupsClaim: args.oidc?.groupsClaim ?? d.groupsClaim,
    audit: args.audit ?? d.audit,
  };
}

/** A Vault policy to write: its name and rules. */
export interface PlannedPolicy {
  readonly name: string;
  readonly comment: string;
  readonly rules: readonly PathRule[];
}

/** A workload's Kubernetes auth role. */
export interface KubernetesRolePlan {
  readonly roleName: string;
  readonly boundServiceAccountNames: readonly string[];
  readonly boundServiceAccountNamespaces: readonly string[];
  readonly tokenPolicies: readonly string[];
  readonly tokenTtl: number;
  readonly tokenMaxTtl: number;
  /** Alias by the service account's UID: a re-created account of the same name is a new identity. */
  readonly aliasNameSource: "serviceaccount_uid";
  /** Its own policy (absent when the workload reads no secrets). */
  readonly policy?: PlannedPolicy;
}

export function kubernetesRolePlan(w: VaultWorkload, r: ResolvedVaultAccess): KubernetesRolePlan {
  const rules = workloadRules(w, r);
  const policy =
    rules.length > 0
      ? {
          name: vaultPolicyName.workload(w.name),
          comment: `workload ${w.namespace}/${w.serviceAccount}`,
          rules,
        }
      : undefined;
  const tokenPolicies = [
    ...(policy ? [policy.name] : []),
    ...(w.encrypt ? [vaultPolicyName.transitEncrypt] : []),
    ...(w.decrypt ? [vaultPolicyName.transitDecrypt] : []),
  ];
  return {
    roleName: w.name,
    boundServiceAccountNames: [w.serviceAccount],
    boundServiceAccountNamespaces: [w.namespace],
    tokenPolicies,
    tokenTtl: r.tokenTtlSeconds,
    tokenMaxTtl: r.tokenMaxTtlSeconds,
    aliasNameSource: "serviceaccount_uid",
    policy,
  };
}

/** A person's OIDC role (one per role of the role map that has something to do in Vault). */
export interface OidcRolePlan {
  readonly roleName: string;
  readonly groups: readonly string[];
  readonly tokenPolicies: readonly string[];
  readonly tokenTtl: number;
  readonly tokenMaxTtl: number;
  /** Seconds since the person last authenticated at the IdP (MFA roles: re-authenticate within the hour). */
  readonly maxAge?: number;
  readonly policy: PlannedPolicy;
}

/**
 * The OIDC role of a role-map role, or undefined when it gets none: break-glass (it must not depend on
 * the IdP: docs/VAULT.md's recovery procedure), roles without groups, and roles whose capabilities grant
 * nothing in Vault (a login that can do nothing is only attack surface).
 */
export function oidcRolePlan(
  role: AccessRole,
  r: ResolvedVaultAccess,
  mfaMaxAgeSeconds: number,
): OidcRolePlan | undefined {
  if (role.breakGlass || role.groups.length === 0) return undefined;
  const rules = roleRules(role, r);
  if (rules.length === 0) return undefined;
  const policy = { name: vaultPolicyName.role(role.name), comment: `role ${role.name}`, rules };
  const tokenMaxTtl = Math.min(role.maxSessionSeconds, r.tokenMaxTtlSeconds);
  return {
    roleName: role.name,
    groups: role.groups,
    tokenPolicies: [policy.name],
    tokenTtl: Math.min(r.tokenTtlSeconds, tokenMaxTtl),
    tokenMaxTtl,
    ...(role.mfa ? { maxAge: mfaMaxAgeSeconds } : {}),
    policy,
  };
}

/**
 * The binding the Kubernetes auth method needs when Vault reviews a login with the client's own JWT
 * (no reviewer token stored anywhere): each workload's service account may call the TokenReview API,
 * which `system:auth-delegator` grants. Bound to the exact service accounts, never a group.
 * @see https://developer.hashicorp.com/vault/docs/auth/kubernetes#use-the-vault-client-s-jwt-as-the-reviewer-jwt
 */
export function authDelegatorBinding(name: string, workloads: readonly VaultWorkload[]) {
  const subjects = [...new Map(workloads.map((w) => [`${w.namespace}/${w.serviceAccount}`, w])).values()]
    .map((w) => ({ kind: "ServiceAccount", name: w.serviceAccount, namespace: w.namespace }))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name, labels: { "app.kubernetes.io/managed-by": "rampart" } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
    subjects,
  };
}
