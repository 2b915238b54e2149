import { z } from "zod";
import { ACCESS_DEFAULTS, BUILTIN_ROLE_NAMES, CAPABILITIES } from "../../components/identity/roles";
import { PROD_MAX_SESSION_SECONDS } from "./prod";

/**
 * The shape of `rampart:access` (AccessControl's role map), `rampart:vault` (VaultAccess and the optional
 * in-cluster VaultServer) and `rampart:organization` (OrgGuardrails); stacks/config/schema.ts composes
 * them. Values are checked by the components' validators (components/identity/*.validate.ts, through
 * stacks/config/components.identityProblems.ts) and the stack rules (environment.identity.ts), not here:
 * capabilities are plain strings so that an unknown one is reported with every other role-map problem.
 * Optional keys without a default take the component's own default (one owner per default).
 */

/** The secret config key holding the Vault token VaultAccess configures Vault with (`rampart:vault.configure`). */
export const VAULT_TOKEN_KEY = "vaultToken";
/** The secret config key holding Vault's OIDC client secret (`rampart:vault.oidc`). */
export const VAULT_OIDC_CLIENT_SECRET_KEY = "vaultOidcClientSecret";

export const IDENTITY_PROVIDER_KINDS = ["saml", "oidc"] as const;
export const AUDIT_DEVICE_KINDS = ["file", "socket"] as const;

const strings = z.array(z.string());
const secretKey = (key: string) =>
  `\`rampart:${key}\` (\`pulumi config set --secret rampart:${key} <value>\`)`;

// One object with a `kind` (not a union): a wrong kind is then one line naming the kinds, and what each
// kind requires is AccessControl's validator's to say.
const identityProvider = z.strictObject({
  kind: z.enum(IDENTITY_PROVIDER_KINDS),
  providerArn: z.string(),
  issuerHost: z.string().optional(),
  audience: z.string().optional(),
});

const role = z.strictObject({
  capabilities: strings
    .optional()
    .describe(
      `custom roles only (a built-in role's are fixed): any of ${CAPABILITIES.map((c) => `\`${c}\``).join(", ")}`,
    ),
  groups: strings
    .default([])
    .describe(
      "the identity provider's groups (SAML attribute / OIDC `groups` claim values) holding the role; none for `break-glass`",
    ),
  namespaces: strings
    .optional()
    .describe(
      "namespaces of the role's namespaced capabilities (`inference.read`, `models.deploy`, `prompts.write`); each one of `rampart:namespaces[].name`; default: all of them",
    ),
  mfa: z
    .boolean()
    .optional()
    .describe(
      "require MFA to take the role; default `false`, but `true` (the only value allowed) for administrative roles (`platform.admin`)",
    ),
  maxSessionSeconds: z
    .number()
    .optional()
    .describe(
      `the longest session (IAM \`maxSessionDuration\`, the Vault token's max TTL); default \`rampart:access.maxSessionSeconds\`; at most ${PROD_MAX_SESSION_SECONDS} in prod`,
    ),
});

export const accessSchema = z.strictObject({
  identityProvider: identityProvider
    .optional()
    .describe(
      "the organisation's identity provider registered in IAM, which every role but `break-glass` trusts (and nothing else): `{kind: saml, providerArn}` (`arn:aws:iam::<account>:saml-provider/<name>`) or `{kind: oidc, providerArn, issuerHost, audience}` (`issuerHost`: host and path as IAM keys it, `audience`: the client ID); required",
    ),
  mfaSessionTag: z
    .string()
    .optional()
    .describe(
      "the session tag the identity provider sets to `true` after MFA (federated sessions carry no `aws:MultiFactorAuthPresent`); administrative roles require it; AccessControl's default `rampart-mfa`",
    ),
  mfaMaxAgeSeconds: z
    .number()
    .default(ACCESS_DEFAULTS.mfaMaxAgeSeconds)
    .describe("how old the MFA authentication may be when `break-glass` is taken (`aws:MultiFactorAuthAge`)"),
  maxSessionSeconds: z
    .number()
    .default(ACCESS_DEFAULTS.maxSessionSeconds)
    .describe(
      `every role's longest session unless the role sets its own (IAM accepts 900–43200); at most ${PROD_MAX_SESSION_SECONDS} in prod`,
    ),
  allowExec: z
    .boolean()
    .default(false)
    .describe(
      "let `models.deploy` use `pods/exec`, `pods/attach` and `pods/portforward` (debugging model servers in dev); must be `false` in prod",
    ),
  breakGlassPrincipalArns: strings
    .default([])
    .describe(
      "the IAM users or roles (e.g. in a sealed account) that may take `break-glass`, with MFA; required with it",
    ),
  permissionsBoundaryArn: z
    .string()
    .optional()
    .describe(
      "a managed policy every role carries as its permissions boundary; default: one AccessControl creates (denies changing boundaries and the roles, disabling keys, the trail, detectors and the archive)",
    ),
  roles: z
    .record(z.string(), role)
    .default({})
    .describe(
      `the role map, by role name: the built-in ${BUILTIN_ROLE_NAMES.map((n) => `\`${n}\``).join(", ")} (listed = created; \`capabilities\` fixed) and custom roles (a DNS label, with \`capabilities\`); each \`{capabilities, groups, namespaces, mfa, maxSessionSeconds}\``,
    ),
});

const oidc = z.strictObject({
  discoveryUrl: z.string().describe("the provider's issuer URL (https)"),
  clientId: z.string(),
  boundAudiences: strings.optional().describe("`aud` values tokens must carry; default `[clientId]`"),
  groupsClaim: z.string().optional().describe("the claim listing the person's groups; default `groups`"),
  allowedRedirectUris: strings.describe(
    "https redirect URIs of Vault's UI, or the CLI's `http://localhost:8250/oidc/callback`",
  ),
});

const workload = z.strictObject({
  name: z.string(),
  namespace: z.string(),
  serviceAccount: z.string(),
  readSecrets: z.boolean().optional(),
  encrypt: z.boolean().optional(),
  decrypt: z.boolean().optional(),
});

const server = z.strictObject({
  enabled: z
    .boolean()
    .default(false)
    .describe(
      "run Vault in the cluster (official Helm chart, Raft storage on encrypted volumes, KMS auto-unseal, its own TLS); `rampart:vault.address` then defaults to its in-cluster address",
    ),
  replicas: z.number().optional().describe("Raft voters; VaultServer's default 3; at least 3 in prod"),
  storageSize: z
    .string()
    .optional()
    .describe("Raft volume per replica (a Kubernetes quantity); VaultServer's default"),
  namespace: z.string().optional().describe("the Kubernetes namespace; VaultServer's default `vault`"),
  chartVersion: z.string().optional().describe("the pinned `vault` Helm chart; VaultServer's tested pin"),
});

export const vaultSchema = z.strictObject({
  address: z
    .string()
    .optional()
    .describe(
      "Vault's API, `https://<host>:<port>` (never http); required unless `server.enabled`, where it overrides how `pulumi up` reaches the in-cluster Vault",
    ),
  namespace: z.string().optional().describe("Vault Enterprise / HCP namespace"),
  server: server.default({ enabled: false }),
  configure: z
    .boolean()
    .default(true)
    .describe(
      `configure Vault (auth methods, KV, transit, policies, audit device) with the token in the secret ${secretKey(VAULT_TOKEN_KEY)}; \`false\` for the first \`pulumi up\` of an in-cluster Vault, before \`vault operator init\``,
    ),
  oidc: oidc
    .optional()
    .describe(
      `human login through the organisation's OIDC provider, each \`rampart:access\` role's groups to its policy: \`discoveryUrl\`, \`clientId\`, \`boundAudiences\`, \`groupsClaim\`, \`allowedRedirectUris\`; the client secret in ${secretKey(VAULT_OIDC_CLIENT_SECRET_KEY)}`,
    ),
  workloads: z
    .array(workload)
    .default([])
    .describe(
      "workloads logging in with their Kubernetes service account: `name` (the Vault role), exact `namespace` and `serviceAccount` (never `*`), `readSecrets` (KV `apps/<namespace>/<name>/`, default true), `encrypt` / `decrypt` with the transit key (default false)",
    ),
  kv: z
    .strictObject({
      maxVersions: z.number().optional().describe("versions kept per secret; VaultAccess's default 10"),
    })
    .default({}),
  transit: z
    .strictObject({
      keyName: z
        .string()
        .optional()
        .describe("the prompts and transcripts key; VaultAccess's default `transcripts`"),
      autoRotateDays: z
        .number()
        .optional()
        .describe("automatic rotation period in days; VaultAccess's default 30"),
    })
    .default({}),
  tokenTtlSeconds: z.number().optional().describe("every Vault token's TTL; VaultAccess's default (900)"),
  tokenMaxTtlSeconds: z
    .number()
    .optional()
    .describe(
      `every Vault token's max TTL (never 0, which is unbounded); at most ${PROD_MAX_SESSION_SECONDS} in prod`,
    ),
  audit: z
    .strictObject({
      kind: z.enum(AUDIT_DEVICE_KINDS),
      path: z.string().optional(),
      address: z.string().optional(),
    })
    .optional()
    .describe(
      "the audit device (always on): `{kind: file, path}` (`stdout`: with the pod's logs, shipped to the SIEM) or `{kind: socket, address: host:port}`; VaultAccess's default `{kind: file, path: stdout}`",
    ),
});

export const organizationSchema = z.strictObject({
  guardrails: z
    .strictObject({
      accountRole: z.string().optional(),
      allowedRegions: strings,
      targetIds: strings,
      exemptPrincipalArns: strings.default([]),
    })
    .optional()
    .describe(
      "service control policies (data only in `allowedRegions`, detectors and the archive protected, no leaving the organisation, no root user) attached to `targetIds` (OU or account IDs, never the root); `accountRole`: this stack's account is the organisation's `management` or `delegated-administrator` account (required); `exemptPrincipalArns`: automation roles exempt; only in the stack with `rampart:accountDefaults.owner`",
    ),
});

export type AccessConfig = z.infer<typeof accessSchema>;
export type AccessRoleConfig = z.infer<typeof role>;
export type VaultConfig = z.infer<typeof vaultSchema>;
export type OrganizationConfig = z.infer<typeof organizationSchema>;
