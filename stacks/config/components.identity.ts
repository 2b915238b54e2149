import * as pulumi from "@pulumi/pulumi";
import { HARDENED_CLUSTER_DEFAULTS } from "../../components/compute/hardenedCluster.logic";
import type { AccessControlArgs, IdentityProvider } from "../../components/identity/accessControl.args";
import type { OrgGuardrailsArgs } from "../../components/identity/orgGuardrails.args";
import {
  type AccessRole,
  BUILTIN_CAPABILITIES,
  BUILTIN_ROLE_NAMES,
  type BuiltinRoleName,
  type Capability,
  isAdministrative,
  NAMESPACED_CAPABILITIES,
} from "../../components/identity/roles";
import type { VaultAccessArgs } from "../../components/identity/vaultAccess.args";
import type { VaultServerArgs } from "../../components/identity/vaultServer.args";
import { type ArgPath, formatPath } from "../../components/shared/problems";
import { logGroupPrefix, vpcCidrsOf } from "./components";
import { edgeNamePrefixOf, type KeyMap, type SecretReader } from "./components.mesh";
import { vaultWorkloadsOf } from "./components.supplychain";
import { NAMESPACE, type NamespaceConfig, type RampartConfig } from "./schema";
import {
  type AccessConfig,
  type AccessRoleConfig,
  VAULT_OIDC_CLIENT_SECRET_KEY,
  VAULT_TOKEN_KEY,
  type VaultConfig,
} from "./schema.identity";

/**
 * The identity side of stacks/config: the role map resolved from `rampart:access.roles`, the config-decided
 * parts of `AccessControlArgs`, `VaultAccessArgs`, `VaultServerArgs` and `OrgGuardrailsArgs` (what only
 * the platform knows, the cluster, its provider and issuer, keys, the SIEM's topic and trail, the stack
 * adds), and the maps from a problem's Args path back to the `rampart:` key the user wrote.
 */

/** Prefix of global names (IAM roles, Vault and SCP policy names): `<project>-<stack>`, as the edge's. */
const namePrefixOf = edgeNamePrefixOf;

export function isBuiltinRole(name: string): name is BuiltinRoleName {
  return (BUILTIN_ROLE_NAMES as readonly string[]).includes(name);
}

/** The break-glass role's name: the only role trusted by IAM principals instead of the identity provider. */
export const BREAK_GLASS_ROLE: BuiltinRoleName = "break-glass";

/** A Vault section that VaultAccess configures (`configure: true`; the token secret is then required). */
export function configuredVault(vault: VaultConfig | undefined): vault is VaultConfig {
  return vault !== undefined && vault.configure;
}

/** A Vault section that runs Vault in the cluster (VaultServer). */
export function enabledVaultServer(vault: VaultConfig | undefined): vault is VaultConfig {
  return vault !== undefined && vault.server.enabled;
}

/**
 * One role of the map, resolved: a built-in's capabilities are fixed, a custom role's are written
 * (unknown ones are kept, for `roleMapProblems` to name); namespaced capabilities default to every
 * inference namespace; administrative roles default to MFA (a written `mfa: false` is kept, and refused
 * by the validator rather than silently overridden); the session defaults to the map's.
 */
export function resolveRole(
  name: string,
  role: AccessRoleConfig,
  access: Pick<AccessConfig, "maxSessionSeconds">,
  namespaces: readonly Pick<NamespaceConfig, "name">[],
): AccessRole {
  const capabilities = (
    isBuiltinRole(name) ? BUILTIN_CAPABILITIES[name] : (role.capabilities ?? [])
  ) as readonly Capability[];
  const namespaced = capabilities.some((c) => NAMESPACED_CAPABILITIES.includes(c));
  return {
    name,
    capabilities,
    groups: role.groups,
    namespaces: role.namespaces ?? (namespaced ? namespaces.map((ns) => ns.name) : []),
    mfa: role.mfa ?? isAdministrative({ capabilities }),
    maxSessionSeconds: role.maxSessionSeconds ?? access.maxSessionSeconds,
    breakGlass: name === BREAK_GLASS_ROLE,
  };
}

/** The role map, in the order the config lists it. */
export function resolveRoles(
  access: Pick<AccessConfig, "roles" | "maxSessionSeconds">,
  namespaces: readonly Pick<NamespaceConfig, "name">[],
): AccessRole[] {
  return Object.entries(access.roles).map(([name, role]) => resolveRole(name, role, access, namespaces));
}

/**
 * The contract's provider union from the config's one object. An absent provider is refused by the stack
 * rules (never reaches a component); an OIDC provider's missing fields stay missing, for the validator.
 */
export function identityProviderOf(access: Pick<AccessConfig, "identityProvider">): IdentityProvider {
  const idp = access.identityProvider;
  if (!idp)
    throw new Error(
      "rampart:access.identityProvider is required (the stack rules refuse a config without it)",
    );
  if (idp.kind === "saml") return { kind: "saml", providerArn: idp.providerArn };
  return {
    kind: "oidc",
    providerArn: idp.providerArn,
    issuerHost: idp.issuerHost as string,
    audience: idp.audience as string,
  };
}

/** The contract's audit device union from the config's one object (missing fields stay missing, for the validator). */
export function auditDeviceOf(audit: VaultConfig["audit"]): VaultAccessArgs["audit"] {
  if (audit === undefined) return undefined;
  return audit.kind === "file"
    ? { kind: "file", path: audit.path as string }
    : { kind: "socket", address: audit.address as string };
}

/** What only the platform gives AccessControl (other components' outputs). */
type AccessPlatformArgs =
  "clusterName" | "kubeProvider" | "modelsKeyArn" | "archiveBucketNamePrefix" | "siemKeyArn";
/** `AccessControlArgs` as the config decides them. */
export type AccessConfigArgs = Omit<AccessControlArgs, AccessPlatformArgs>;

/**
 * AccessControl's config-decided Args, for a config whose `identityProvider` is set (the stack rules
 * refuse one without). Model buckets are `<namePrefix>-models-*`; audit-view reads `/rampart/<stack>/`.
 */
export function accessArgsOf(
  c: Pick<RampartConfig, "namespaces" | "tags"> & { readonly access: AccessConfig },
  project: string,
  stack: string,
): AccessConfigArgs {
  const { access } = c;
  const namePrefix = namePrefixOf(project, stack);
  return {
    namePrefix,
    roles: resolveRoles(access, c.namespaces),
    identityProvider: identityProviderOf(access),
    mfaSessionTag: access.mfaSessionTag,
    mfaMaxAgeSeconds: access.mfaMaxAgeSeconds,
    breakGlassPrincipalArns: access.breakGlassPrincipalArns,
    permissionsBoundaryArn: access.permissionsBoundaryArn,
    allowExec: access.allowExec,
    logGroupPrefix: logGroupPrefix(stack),
    modelBucketNamePrefix: `${namePrefix}-models-`,
    tags: c.tags,
  };
}

/**
 * `VaultAccessArgs` as the config decides them. The cluster's API endpoint, CA and issuer are
 * HardenedCluster's; `address` is absent with an in-cluster Vault whose address the stack takes from
 * VaultServer (`caCertPem` too).
 */
export type VaultConfigArgs = Omit<VaultAccessArgs, "address" | "caCertPem" | "kubernetes"> & {
  readonly address: string | undefined;
  readonly kubernetes: Pick<VaultAccessArgs["kubernetes"], "workloads">;
};

const requireSecret: SecretReader = (key) => new pulumi.Config(NAMESPACE).requireSecret(key);

/** A day in seconds: the transit key's rotation is configured in days, Vault takes seconds. */
const DAY_SECONDS = 86400;

/**
 * VaultAccess's config-decided Args, for `configure: true`. The token and the OIDC client secret are the
 * secret config keys, Output secrets (`secret` reads them; the default is `config.requireSecret`). Human
 * logins are the role map's (`rampart:access.roles`; none without it, which the stack rules refuse).
 * Each model server's service account encrypts with the transit key (`rampart:models`: merged into its
 * listed workload, or added; vaultWorkloadsOf).
 */
export function vaultAccessArgsOf(
  c: Pick<RampartConfig, "namespaces" | "access"> &
    Partial<Pick<RampartConfig, "models">> & { readonly vault: VaultConfig },
  project: string,
  stack: string,
  secret: SecretReader = requireSecret,
): VaultConfigArgs {
  const { vault } = c;
  const rotateDays = vault.transit.autoRotateDays;
  return {
    namePrefix: namePrefixOf(project, stack),
    address: vault.address,
    token: secret(VAULT_TOKEN_KEY),
    vaultNamespace: vault.namespace,
    kubernetes: { workloads: vaultWorkloadsOf(vault, c.models ?? []) },
    oidc: vault.oidc && {
      ...vault.oidc,
      clientSecret: secret(VAULT_OIDC_CLIENT_SECRET_KEY),
      roles: c.access ? resolveRoles(c.access, c.namespaces) : [],
    },
    kv: { maxVersions: vault.kv.maxVersions },
    transit: {
      keyName: vault.transit.keyName,
      autoRotateSeconds: rotateDays === undefined ? undefined : rotateDays * DAY_SECONDS,
    },
    tokenTtlSeconds: vault.tokenTtlSeconds,
    tokenMaxTtlSeconds: vault.tokenMaxTtlSeconds,
    audit: auditDeviceOf(vault.audit),
  };
}

/** What only the platform gives VaultServer (the cluster, its provider, the KeyRing's `vault` key). */
export type VaultServerConfigArgs = Omit<VaultServerArgs, "kubeProvider" | "clusterName" | "unsealKeyArn">;

/**
 * VaultServer's config-decided Args, for `server.enabled`. Its clients are the inference namespaces and
 * every namespace a Vault workload logs in from; images come from the mirror when there is one; volumes
 * on HardenedCluster's encrypted default StorageClass.
 */
export function vaultServerArgsOf(
  c: Pick<RampartConfig, "images" | "network" | "namespaces" | "tags"> & { readonly vault: VaultConfig },
  region: string,
  project: string,
  stack: string,
): VaultServerConfigArgs {
  const s = c.vault.server;
  const clients = [...c.namespaces.map((ns) => ns.name), ...c.vault.workloads.map((w) => w.namespace)];
  return {
    region,
    namePrefix: namePrefixOf(project, stack),
    namespace: s.namespace,
    replicas: s.replicas,
    storageSize: s.storageSize,
    storageClassName: HARDENED_CLUSTER_DEFAULTS.storageClassName,
    chartVersion: s.chartVersion,
    imageRegistry: c.images.mirror,
    vpcCidrs: vpcCidrsOf(c.network),
    clientNamespaces: [...new Set(clients)],
    tags: c.tags,
  };
}

/** OrgGuardrails' Args, for configured guardrails (the archive's name prefix is the component's default). */
export function orgGuardrailsArgsOf(
  c: Pick<RampartConfig, "tags"> & {
    readonly guardrails: NonNullable<NonNullable<RampartConfig["organization"]>["guardrails"]>;
  },
  project: string,
  stack: string,
): OrgGuardrailsArgs {
  const g = c.guardrails;
  return {
    namePrefix: namePrefixOf(project, stack),
    // Checked by OrgGuardrails' validator (and its absence by the stack rules).
    accountRole: g.accountRole as OrgGuardrailsArgs["accountRole"],
    allowedRegions: g.allowedRegions,
    targetIds: g.targetIds,
    exemptPrincipalArns: g.exemptPrincipalArns,
    tags: c.tags,
  };
}

function starts(path: ArgPath, prefix: ArgPath): boolean {
  return prefix.every((p, i) => path[i] === p);
}

const STACK_NAME = "the Pulumi stack name";
const setByStack = (component: string, path: ArgPath) =>
  `${component} ${formatPath(path)} (set by the stack)`;
const ACCESS_FIELDS = [
  "identityProvider",
  "mfaSessionTag",
  "mfaMaxAgeSeconds",
  "breakGlassPrincipalArns",
  "permissionsBoundaryArn",
  "allowExec",
];

/**
 * A resolved role's Args path (`[field, ...]`) as its config key: a defaulted session is the map's
 * `maxSessionSeconds`; the name and a break-glass flag are the role's own key.
 */
function roleKey(access: AccessConfig, name: string, path: ArgPath): ArgPath {
  const written = access.roles[name];
  const [field, ...rest] = path;
  if (field === "name" || field === "breakGlass") return ["access", "roles", name];
  if (field === "maxSessionSeconds" && written?.maxSessionSeconds === undefined)
    return ["access", "maxSessionSeconds"];
  return ["access", "roles", name, String(field), ...rest];
}

/** AccessControl's Args paths as config keys (`roles[i]` is the i-th role the config lists). */
export function accessKeys(access: AccessConfig): KeyMap {
  const names = Object.keys(access.roles);
  return (path) => {
    if (path[0] === "roles" && typeof path[1] === "number" && names[path[1]] !== undefined)
      return roleKey(access, names[path[1]]!, path.slice(2));
    if (ACCESS_FIELDS.includes(String(path[0]))) return ["access", ...path];
    if (["namePrefix", "logGroupPrefix", "modelBucketNamePrefix"].includes(String(path[0])))
      return STACK_NAME;
    if (path[0] === "tags") return ["tags", ...path.slice(1)];
    return setByStack("AccessControl", path);
  };
}

/** VaultAccess's Args paths as config keys; `oidc.roles` are the role map's (reported under `rampart:access`). */
export function vaultAccessKeys(access: AccessConfig | undefined): KeyMap {
  return (path) => {
    if (path[0] === "token") return `${NAMESPACE}:${VAULT_TOKEN_KEY}`;
    if (starts(path, ["oidc", "clientSecret"])) return `${NAMESPACE}:${VAULT_OIDC_CLIENT_SECRET_KEY}`;
    if (starts(path, ["oidc", "roles"]) && access) return accessKeys(access)(path.slice(1));
    if (starts(path, ["kubernetes", "workloads"])) return ["vault", "workloads", ...path.slice(2)];
    if (starts(path, ["transit", "autoRotateSeconds"])) return ["vault", "transit", "autoRotateDays"];
    if (path[0] === "vaultNamespace") return ["vault", "namespace"];
    if (
      ["address", "oidc", "kv", "transit", "tokenTtlSeconds", "tokenMaxTtlSeconds", "audit"].includes(
        String(path[0]),
      )
    )
      return ["vault", ...path];
    if (path[0] === "namePrefix") return STACK_NAME;
    return setByStack("VaultAccess", path);
  };
}

export const ORG_GUARDRAILS_KEYS: KeyMap = (path) => {
  if (["accountRole", "allowedRegions", "targetIds", "exemptPrincipalArns"].includes(String(path[0])))
    return ["organization", "guardrails", ...path];
  if (path[0] === "namePrefix") return STACK_NAME;
  if (path[0] === "tags") return ["tags", ...path.slice(1)];
  return setByStack("OrgGuardrails", path);
};
