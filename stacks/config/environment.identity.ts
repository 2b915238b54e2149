import {
  ADMINISTRATIVE_CAPABILITIES,
  BUILTIN_CAPABILITIES,
  CAPABILITIES,
  type Capability,
  NAMESPACED_CAPABILITIES,
} from "../../components/identity/roles";
import type { ArgPath } from "../../components/shared/problems";
import type { ParsedSections } from "./components";
import { BREAK_GLASS_ROLE, isBuiltinRole } from "./components.identity";
import { enabledSiem } from "./components.siem";
import { keyOf, line } from "./messages";
import { PROD_MAX_SESSION_SECONDS } from "./prod";
import { NAMESPACE } from "./schema";
import { VAULT_OIDC_CLIENT_SECRET_KEY, VAULT_TOKEN_KEY } from "./schema.identity";

/**
 * The stack rules of identity and access: what ties `rampart:access`, `rampart:vault` and
 * `rampart:organization` to the rest of the config (inference namespaces, the SIEM, the account that
 * owns the defaults, the secrets), how a role map is written (built-in roles are fixed, custom roles
 * name their capabilities), and what prod refuses (each a loosening the components allow in general:
 * sessions over an hour, exec into pods, cluster-wide administration in a custom role, few Raft voters).
 * Called by environment.ts.
 */

/** Raft keeps quorum through the loss of one voter with three (https://developer.hashicorp.com/vault/docs/internals/integrated-storage#deployment-table). */
const PROD_MIN_VAULT_REPLICAS = 3;

const PROVIDER_SHAPES = "{kind: saml, providerArn} or {kind: oidc, providerArn, issuerHost, audience}";

/** Which secret config keys are set (their values are never read here). */
export interface IdentitySecrets {
  readonly hasVaultToken: boolean;
  readonly hasVaultOidcClientSecret: boolean;
}

export function identityEnvironmentProblems(
  c: ParsedSections,
  region: string | undefined,
  prod: boolean,
  secrets: IdentitySecrets,
  unparsed: ReadonlySet<string>,
): string[] {
  return [
    ...accessProblems(c, prod, unparsed),
    ...vaultProblems(c, prod, secrets, unparsed),
    ...organizationProblems(c, region),
  ];
}

function accessProblems(c: ParsedSections, prod: boolean, unparsed: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const at = (path: ArgPath, value: unknown, message: string) => problems.push(line(path, value, message));
  const { access } = c;
  if (!access) {
    if (prod && !unparsed.has("access"))
      problems.push(
        `${keyOf(["access"])}: missing (expected the role map in prod: who may do what, through the organisation's identity provider, with MFA for administrators and sessions of at most an hour)`,
      );
    return problems;
  }
  if (!access.identityProvider)
    problems.push(
      `${keyOf(["access", "identityProvider"])}: missing (expected ${PROVIDER_SHAPES}: every role but break-glass trusts the organisation's identity provider, and nothing else)`,
    );
  const known = (c.namespaces ?? []).map((ns) => ns.name);
  for (const [name, role] of Object.entries(access.roles)) {
    const key = (...rest: ArgPath) => ["access", "roles", name, ...rest];
    if (isBuiltinRole(name) && role.capabilities !== undefined)
      at(
        key("capabilities"),
        role.capabilities,
        `cannot change a built-in role (expected none: ${name} has ${BUILTIN_CAPABILITIES[name].join(", ")}; a custom role is the way to differ)`,
      );
    if (!isBuiltinRole(name) && (role.capabilities ?? []).length === 0)
      problems.push(
        `${keyOf(key("capabilities"))}: ${role.capabilities ? "[] is empty" : "missing"} (expected the custom role's capabilities, some of ${CAPABILITIES.join(", ")})`,
      );
    if (name === BREAK_GLASS_ROLE && role.groups.length > 0)
      at(
        key("groups"),
        role.groups,
        "is not used by break-glass (expected none: it is taken by rampart:access.breakGlassPrincipalArns with MFA, so it works when the identity provider is down)",
      );
    const capabilities = (
      isBuiltinRole(name) ? BUILTIN_CAPABILITIES[name] : (role.capabilities ?? [])
    ) as readonly string[];
    const namespaced = capabilities.some((cap) => NAMESPACED_CAPABILITIES.includes(cap as Capability));
    if (role.namespaces !== undefined && !namespaced)
      at(
        key("namespaces"),
        role.namespaces,
        `scopes nothing: the role has no namespaced capability (expected none, or a capability among ${NAMESPACED_CAPABILITIES.join(", ")})`,
      );
    // Namespaces are judged against rampart:namespaces only when it parsed.
    else if (c.namespaces)
      (role.namespaces ?? []).forEach((ns, j) => {
        if (!known.includes(ns))
          at(
            key("namespaces", j),
            ns,
            `is not an inference namespace (expected one of rampart:namespaces[].name: ${known.join(", ") || "none is configured"})`,
          );
      });
    if (prod && role.maxSessionSeconds !== undefined && role.maxSessionSeconds > PROD_MAX_SESSION_SECONDS)
      at(
        key("maxSessionSeconds"),
        role.maxSessionSeconds,
        `is longer than prod's ${PROD_MAX_SESSION_SECONDS} seconds (expected at most an hour per session)`,
      );
    const admin = capabilities.filter((cap) => ADMINISTRATIVE_CAPABILITIES.includes(cap as Capability));
    if (prod && !isBuiltinRole(name) && admin.length > 0)
      at(
        key("capabilities"),
        role.capabilities,
        `grants ${admin.join(", ")} in a custom role (expected cluster-wide administration only in platform-admin and break-glass in prod)`,
      );
  }
  if (access.roles[BREAK_GLASS_ROLE] && !enabledSiem(c.siem) && !unparsed.has("siem"))
    problems.push(
      `${keyOf(["access", "roles", BREAK_GLASS_ROLE])}: needs the SIEM (expected rampart:siem enabled: every use of break-glass is caught on the trail's log group and published to the alert topic)`,
    );
  if (!prod) return problems;
  if (access.maxSessionSeconds > PROD_MAX_SESSION_SECONDS)
    at(
      ["access", "maxSessionSeconds"],
      access.maxSessionSeconds,
      `is longer than prod's ${PROD_MAX_SESSION_SECONDS} seconds (expected at most an hour per session)`,
    );
  if (access.allowExec)
    at(
      ["access", "allowExec"],
      true,
      "must be false in prod (exec, attach and port-forward reach a model server's memory: prompts, keys and weights)",
    );
  return problems;
}

function vaultProblems(
  c: ParsedSections,
  prod: boolean,
  { hasVaultToken, hasVaultOidcClientSecret }: IdentitySecrets,
  unparsed: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const at = (path: ArgPath, value: unknown, message: string) => problems.push(line(path, value, message));
  const token = `${NAMESPACE}:${VAULT_TOKEN_KEY}`;
  const clientSecret = `${NAMESPACE}:${VAULT_OIDC_CLIENT_SECRET_KEY}`;
  const { vault } = c;
  const vaultUnparsed = unparsed.has("vault");
  // The keys are secrets: their values are never shown.
  if (!vault) {
    if (!vaultUnparsed) {
      if (hasVaultToken)
        problems.push(`${token}: (secret) is set but not used (expected only with rampart:vault.configure)`);
      if (hasVaultOidcClientSecret)
        problems.push(
          `${clientSecret}: (secret) is set but not used (expected only with rampart:vault.oidc)`,
        );
    }
    return problems;
  }
  if (vault.address === undefined && !vault.server.enabled)
    problems.push(
      `${keyOf(["vault", "address"])}: missing (expected https://<host>:<port> of an existing Vault, or rampart:vault.server.enabled: true)`,
    );
  if (vault.configure && !hasVaultToken)
    problems.push(
      `${token}: missing (expected a Vault token able to configure auth methods, mounts, policies and audit devices, with rampart:vault.configure: pulumi config set --secret ${token} <token>)`,
    );
  if (!vault.configure && hasVaultToken)
    problems.push(
      `${token}: (secret) is set but not used (expected only with rampart:vault.configure: true)`,
    );
  const oidcUsed = vault.oidc !== undefined && vault.configure;
  if (oidcUsed && !hasVaultOidcClientSecret)
    problems.push(
      `${clientSecret}: missing (expected the OIDC client secret with rampart:vault.oidc: pulumi config set --secret ${clientSecret} <secret>)`,
    );
  if (!oidcUsed && hasVaultOidcClientSecret)
    problems.push(
      `${clientSecret}: (secret) is set but not used (expected only with rampart:vault.oidc and rampart:vault.configure: true)`,
    );
  if (vault.oidc && !c.access && !unparsed.has("access"))
    problems.push(
      `${keyOf(["vault", "oidc"])}: has no roles to log in to (expected rampart:access.roles: each role's groups get its Vault policy)`,
    );
  if (!prod) return problems;
  const max = vault.tokenMaxTtlSeconds;
  if (max !== undefined && max > PROD_MAX_SESSION_SECONDS)
    at(
      ["vault", "tokenMaxTtlSeconds"],
      max,
      `is longer than prod's ${PROD_MAX_SESSION_SECONDS} seconds (expected a token to live at most an hour)`,
    );
  const replicas = vault.server.replicas;
  if (vault.server.enabled && replicas !== undefined && replicas < PROD_MIN_VAULT_REPLICAS)
    at(
      ["vault", "server", "replicas"],
      replicas,
      `is below prod's ${PROD_MIN_VAULT_REPLICAS} Raft voters (expected at least ${PROD_MIN_VAULT_REPLICAS}: quorum survives the loss of one)`,
    );
  return problems;
}

function organizationProblems(c: ParsedSections, region: string | undefined): string[] {
  const problems: string[] = [];
  const guardrails = c.organization?.guardrails;
  if (!guardrails) return problems;
  const key = keyOf(["organization", "guardrails"]);
  if (c.accountDefaults?.owner !== true)
    problems.push(
      `${key}: is set in a stack that does not own the account's defaults (expected rampart:accountDefaults.owner: true: organisation-wide policies have exactly one owning stack)`,
    );
  if (guardrails.accountRole === undefined)
    problems.push(
      `${keyOf(["organization", "guardrails", "accountRole"])}: missing (expected "management" or "delegated-administrator": what this stack's account is in the organisation, the only accounts that can create service control policies)`,
    );
  if (region && guardrails.allowedRegions.length > 0 && !guardrails.allowedRegions.includes(region))
    problems.push(
      line(
        ["organization", "guardrails", "allowedRegions"],
        guardrails.allowedRegions,
        `does not include aws:region ${region} (expected the stack's own Region among the data Regions)`,
      ),
    );
  return problems;
}
