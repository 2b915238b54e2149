/**
 * The role map: one description of who may do what, from which every plane (AWS IAM, EKS access
 * entries, Kubernetes RBAC, Vault) derives its grants. A role is a set of capabilities; each plane owns
 * one table from capability to its own grants (accessControl.iam.ts, accessControl.rbac.ts,
 * vaultAccess.policies.ts), so the planes agree by construction and the README's table is their join.
 * Pure data and functions: no resources here.
 */

/**
 * What a person may do, independent of the plane. Custom roles are made of these (no free-form IAM or
 * RBAC in config: a role map a reviewer can read).
 */
export const CAPABILITIES = [
  /** Find the cluster and build a kubeconfig (`eks:DescribeCluster`); every role has it. */
  "cluster.describe",
  /** See the inference workloads of the role's namespaces: pods, services, deployments, no logs, no Secrets. */
  "inference.read",
  /** Upload model artifacts: write the model bucket (its prefix), use the `models` key through S3, never administer it. */
  "models.publish",
  /** Roll out and scale model servers and run model jobs in the role's namespaces; never Secrets. */
  "models.deploy",
  /** Change system prompts: ConfigMaps of the role's namespaces and the Vault KV path `prompts/<namespace>/`; never keys. */
  "prompts.write",
  /** Read logs, findings, events and audit trails, cluster- and account-wide; never Secrets, never write. */
  "audit.read",
  /** Administer the platform (under the permissions boundary); administrative: MFA, alarmed when break-glass. */
  "platform.admin",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Capabilities whose grants are administrative: a role holding one must require MFA. */
export const ADMINISTRATIVE_CAPABILITIES: readonly Capability[] = ["platform.admin"];

/** Capabilities scoped to the role's namespaces (they need at least one). */
export const NAMESPACED_CAPABILITIES: readonly Capability[] = [
  "inference.read",
  "models.deploy",
  "prompts.write",
];

export const BUILTIN_ROLE_NAMES = [
  "inference-only",
  "model-management",
  "audit-view",
  "platform-admin",
  "break-glass",
] as const;
export type BuiltinRoleName = (typeof BUILTIN_ROLE_NAMES)[number];

/** The capabilities of the built-in roles (not configurable: a custom role is the way to differ). */
export const BUILTIN_CAPABILITIES: Readonly<Record<BuiltinRoleName, readonly Capability[]>> = {
  "inference-only": ["cluster.describe", "inference.read"],
  "model-management": ["cluster.describe", "inference.read", "models.publish", "models.deploy"],
  "audit-view": ["cluster.describe", "audit.read"],
  "platform-admin": ["cluster.describe", "platform.admin"],
  "break-glass": ["cluster.describe", "platform.admin"],
};

/**
 * One resolved role, as the components take it (config resolves built-ins and custom roles into this).
 * Names are DNS labels (they become IAM role names, Kubernetes group names and Vault policy names).
 */
export interface AccessRole {
  /** `inference-only` … `break-glass`, or a custom DNS label (e.g. `prompt-author`). */
  readonly name: string;
  readonly capabilities: readonly Capability[];
  /**
   * The identity provider's group names (SAML attribute / OIDC `groups` claim values) that hold this
   * role. Not used by `break-glass`, which does not depend on the identity provider.
   */
  readonly groups: readonly string[];
  /** Namespaces of the namespaced capabilities (empty when the role has none). */
  readonly namespaces: readonly string[];
  /** Require MFA to take the role. Always true for administrative roles (validation refuses false). */
  readonly mfa: boolean;
  /** Longest session, seconds (IAM `maxSessionDuration`, which IAM bounds to 3600..43200; Vault token max TTL). Exactly 3600 in prod. */
  readonly maxSessionSeconds: number;
  /**
   * The emergency role: trusted by named IAM principals with MFA instead of the identity provider (it
   * must work when the IdP is down), and every assumption raises an alert.
   */
  readonly breakGlass: boolean;
}

export function isAdministrative(role: Pick<AccessRole, "capabilities">): boolean {
  return role.capabilities.some((c) => ADMINISTRATIVE_CAPABILITIES.includes(c));
}

/** The Kubernetes group an access entry maps a role to (RBAC bindings name it). */
export function kubernetesGroupOf(roleName: string): string {
  return `rampart:${roleName}`;
}

/** Defaults shared by every plane. */
export const ACCESS_DEFAULTS = {
  /** One hour: prod's ceiling for every human session. */
  maxSessionSeconds: 3600,
  /** The longest an MFA authentication may be old when an administrative role is taken. */
  mfaMaxAgeSeconds: 3600,
} as const;
