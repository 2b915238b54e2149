import {
  type AccessRole,
  BUILTIN_CAPABILITIES,
  type BuiltinRoleName,
} from "../../../components/identity/roles";
import type { VaultAccessArgs } from "../../../components/identity/vaultAccess.args";

/** The five built-in roles as config resolves them, plus a custom prompt author. */
const role = (name: BuiltinRoleName, extra: Partial<AccessRole> = {}): AccessRole => ({
  name,
  capabilities: BUILTIN_CAPABILITIES[name],
  groups: [`idp-${name}`],
  namespaces: [],
  mfa: false,
  maxSessionSeconds: 3600,
  breakGlass: false,
  ...extra,
});

export const ROLES: readonly AccessRole[] = [
  role("inference-only", { namespaces: ["inference"] }),
  role("model-management", { namespaces: ["inference"], maxSessionSeconds: 7200 }),
  role("audit-view"),
  role("platform-admin", { mfa: true }),
  role("break-glass", { mfa: true, groups: [], breakGlass: true }),
  {
    name: "prompt-author",
    capabilities: ["cluster.describe", "prompts.write"],
    groups: ["chatbot-authors", "chatbot-leads"],
    namespaces: ["inference", "support"],
    mfa: false,
    maxSessionSeconds: 3600,
    breakGlass: false,
  },
];

export const ARGS: VaultAccessArgs = {
  namePrefix: "rampart-prod",
  address: "https://vault.example.internal:8200",
  token: "s.bootstrap-token",
  caCertPem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  kubernetes: {
    host: "https://ABCD.gr7.us-east-1.eks.amazonaws.com",
    caCertPem: "-----BEGIN CERTIFICATE-----\nCLUSTER\n-----END CERTIFICATE-----\n",
    issuer: "https://oidc.eks.us-east-1.amazonaws.com/id/ABCD",
    workloads: [
      { name: "model-server", namespace: "inference", serviceAccount: "vllm" },
      { name: "transcript-writer", namespace: "inference", serviceAccount: "gateway", encrypt: true },
      {
        name: "auditor-export",
        namespace: "audit",
        serviceAccount: "exporter",
        readSecrets: false,
        decrypt: true,
      },
    ],
  },
  oidc: {
    discoveryUrl: "https://idp.example.com",
    clientId: "vault",
    clientSecret: "oidc-client-secret",
    allowedRedirectUris: [
      "https://vault.example.internal:8200/ui/vault/auth/oidc/oidc/callback",
      "http://localhost:8250/oidc/callback",
    ],
    roles: ROLES,
  },
};
