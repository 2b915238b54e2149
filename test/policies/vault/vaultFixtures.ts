/** Compliant Vault resources as VaultAccess writes them, shared by the Vault policy tests. */
export const POLICY = "vault:index/policy:Policy";
export const K8S_ROLE = "vault:kubernetes/authBackendRole:AuthBackendRole";
export const JWT_ROLE = "vault:jwt/authBackendRole:AuthBackendRole";
export const JWT_BACKEND = "vault:jwt/authBackend:AuthBackend";
export const APPROLE_ROLE = "vault:appRole/authBackendRole:AuthBackendRole";
export const TRANSIT_KEY = "vault:transit/secretBackendKey:SecretBackendKey";
export const KV2 = "vault:kv/secretBackendV2:SecretBackendV2";
export const MOUNT = "vault:index/mount:Mount";
export const AUDIT = "vault:index/audit:Audit";

export const ADMIN_POLICY = `
# rampart-platform-admin: explicit administrative paths
path "sys/auth/*" { capabilities = ["create", "read", "update", "delete", "sudo"] }
path "sys/mounts/*" { capabilities = ["create", "read", "update", "delete", "list"] }
path "sys/policies/acl/*" { capabilities = ["create", "read", "update", "delete", "list"] }
path "sys/audit*" { capabilities = ["read", "update", "sudo"] }
path "auth/*" { capabilities = ["create", "read", "update", "delete", "list"] }
path "secret/*" { capabilities = ["create", "read", "update", "delete", "list"] }
path "transit/keys/*" { capabilities = ["read", "update"] }
`;

export const APP_POLICY = `
path "secret/data/apps/inference/chat/*" {
  capabilities = ["read"]
}
path "transit/encrypt/transcripts" {
  capabilities = ["update"]
}
path "sys/capabilities-self" {
  capabilities = ["update"]
}
`;

export const policy = (extra: Record<string, any> = {}) => ({
  name: "rampart-app-chat",
  policy: APP_POLICY,
  ...extra,
});

export const k8sRole = (extra: Record<string, any> = {}) => ({
  backend: "kubernetes",
  roleName: "chat",
  boundServiceAccountNames: ["chat"],
  boundServiceAccountNamespaces: ["inference"],
  tokenTtl: 900,
  tokenMaxTtl: 3600,
  tokenPolicies: ["rampart-app-chat"],
  ...extra,
});

export const jwtRole = (extra: Record<string, any> = {}) => ({
  backend: "oidc",
  roleName: "audit-view",
  roleType: "oidc",
  userClaim: "email",
  groupsClaim: "groups",
  boundAudiences: ["rampart-vault"],
  boundClaims: { groups: "rampart-auditors" },
  allowedRedirectUris: ["https://vault.example.com/ui/vault/auth/oidc/oidc/callback"],
  tokenTtl: 900,
  tokenMaxTtl: 3600,
  tokenPolicies: ["rampart-audit-view"],
  ...extra,
});

export const transitKey = (extra: Record<string, any> = {}) => ({
  backend: "transit",
  name: "transcripts",
  type: "aes256-gcm96",
  exportable: false,
  allowPlaintextBackup: false,
  deletionAllowed: false,
  autoRotatePeriod: 2592000,
  ...extra,
});
