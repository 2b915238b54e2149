import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { assertValidArgs } from "../shared/problems";
import { ACCESS_DEFAULTS } from "./roles";
import type { VaultAccessArgs, VaultAccessOutputs } from "./vaultAccess.args";
import {
  authDelegatorBinding,
  kubernetesRolePlan,
  oidcRolePlan,
  type PlannedPolicy,
  resolveVaultAccess,
  VAULT_ACCESS_DEFAULTS,
} from "./vaultAccess.logic";
import {
  renderPolicy,
  transitDecryptRules,
  transitEncryptRules,
  vaultPolicyName,
} from "./vaultAccess.policies";
import { validateVaultAccessArgs } from "./vaultAccess.validate";

export type { VaultAccessArgs, VaultAccessOutputs, VaultWorkload } from "./vaultAccess.args";

/**
 * The Vault provider reads a CA only from a file (`ca_cert_file`; it has no PEM argument), so the PEM is
 * written to a content-addressed file in the temporary directory each time the program runs. A
 * `pulumi destroy` that does not run the program needs the same file: docs/VAULT.md says so.
 */
function caCertFile(pem: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(pem).apply((text) => {
    const digest = crypto.createHash("sha256").update(text).digest("hex").slice(0, 16);
    const file = path.join(os.tmpdir(), `rampart-vault-ca-${digest}.pem`);
    fs.writeFileSync(file, text, { mode: 0o644 });
    return file;
  });
}

/**
 * Configures a Vault (an existing one, or VaultServer's) through its own explicit provider: an audit
 * device first (every later change is audited), the Kubernetes auth method bound to exact service
 * accounts, OIDC login for the role map's people, a KV v2 mount, and the transit key for prompts and
 * transcripts with encrypt-only and decrypt-only policies. Policy text in vaultAccess.policies.ts,
 * planning in vaultAccess.logic.ts.
 */
export class VaultAccess extends pulumi.ComponentResource implements VaultAccessOutputs {
  public readonly kubernetesAuthPath: pulumi.Output<string>;
  public readonly kvPath: pulumi.Output<string>;
  public readonly transitPath: pulumi.Output<string>;
  public readonly transitKeyName: pulumi.Output<string>;
  public readonly policyNames: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: VaultAccessArgs, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("VaultAccess", name, validateVaultAccessArgs(args));
    super("rampart:identity:VaultAccess", name, {}, opts);
    const r = resolveVaultAccess(args);

    // The provider's token is a secret in the state whatever the caller passed. The provider makes itself
    // a short-lived child token from it (skipChildToken false): what it does is audited under that token's
    // name and the credential it holds expires with the deployment; the given token needs
    // `auth/token/create`. TLS is always verified, whatever VAULT_SKIP_VERIFY says in the environment.
    // @see https://registry.terraform.io/providers/hashicorp/vault/latest/docs#provider-arguments
    const provider = new vault.Provider(
      `${name}-provider`,
      {
        address: args.address,
        token: pulumi.secret(args.token),
        namespace: args.vaultNamespace,
        caCertFile: args.caCertPem === undefined ? undefined : caCertFile(args.caCertPem),
        skipTlsVerify: false,
        skipChildToken: false,
        tokenName: `${args.namePrefix}-pulumi`,
        maxLeaseTtlSeconds: VAULT_ACCESS_DEFAULTS.providerTokenTtlSeconds,
      },
      { parent: this },
    );

    // The audit device comes first: Vault audits nothing before one is enabled, and with one enabled it
    // refuses requests it cannot log (fail closed). HMAC'd values (log_raw false) keep secrets out of logs.
    // @see https://developer.hashicorp.com/vault/docs/audit
    const audit = new vault.Audit(
      `${name}-audit`,
      r.audit.kind === "file"
        ? { type: "file", options: { file_path: r.audit.path, log_raw: "false" } }
        : { type: "socket", options: { address: r.audit.address, socket_type: "tcp", log_raw: "false" } },
      { parent: this, provider },
    );
    const child: pulumi.CustomResourceOptions = { parent: this, provider, dependsOn: [audit] };
    // Tokens of every auth method end within the bounds whatever a role says (defence in depth).
    const tune = { defaultLeaseTtl: `${r.tokenTtlSeconds}s`, maxLeaseTtl: `${r.tokenMaxTtlSeconds}s` };

    const policyNames: Record<string, pulumi.Output<string>> = {};
    const writePolicy = (p: PlannedPolicy): vault.Policy =>
      new vault.Policy(
        `${name}-policy-${p.name}`,
        { name: p.name, policy: renderPolicy(p.comment, p.rules) },
        child,
      );

    // Transit: application-layer encryption of prompts and transcripts. The key never leaves Vault
    // (not exportable, no plaintext backup), cannot be deleted, and rotates on its own.
    // @see https://developer.hashicorp.com/vault/api-docs/secret/transit#create-key
    const transitMount = new vault.Mount(
      `${name}-transit`,
      { path: r.transitPath, type: "transit", description: "Rampart: prompts and transcripts" },
      // Disabling a mount deletes everything under it, whatever the key's deletion_allowed says.
      // @see https://developer.hashicorp.com/vault/docs/commands/secrets/disable
      { ...child, protect: true },
    );
    const key = new vault.transit.SecretBackendKey(
      `${name}-transit-key`,
      {
        backend: transitMount.path,
        name: r.transitKeyName,
        type: "aes256-gcm96",
        exportable: false,
        allowPlaintextBackup: false,
        deletionAllowed: false,
        autoRotatePeriod: r.transitAutoRotateSeconds,
      },
      { ...child, protect: true },
    );
    const ctx = { transitPath: r.transitPath, transitKeyName: r.transitKeyName };
    const encrypt = writePolicy({
      name: vaultPolicyName.transitEncrypt,
      comment: "transit encrypt-only (transcript writers)",
      rules: transitEncryptRules(ctx),
    });
    const decrypt = writePolicy({
      name: vaultPolicyName.transitDecrypt,
      comment: "transit decrypt-only (auditors)",
      rules: transitDecryptRules(ctx),
    });

    // KV v2: versions kept, check-and-set required (no blind overwrite), versions never auto-deleted.
    // @see https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#configure-the-kv-engine
    const kvMount = new vault.Mount(
      `${name}-kv`,
      { path: r.kvPath, type: "kv", options: { version: "2" }, description: "Rampart: application secrets" },
      { ...child, protect: true },
    );
    new vault.kv.SecretBackendV2(
      `${name}-kv-config`,
      { mount: kvMount.path, maxVersions: r.kvMaxVersions, casRequired: true, deleteVersionAfter: 0 },
      child,
    );

    const kubernetesAuthPath = this.kubernetesAuth(name, args, r, child, tune, writePolicy, policyNames, [
      encrypt,
      decrypt,
    ]);
    if (args.oidc) this.oidcAuth(name, args.oidc, r, child, tune, writePolicy, policyNames);

    this.kubernetesAuthPath = kubernetesAuthPath;
    this.kvPath = kvMount.path;
    this.transitPath = transitMount.path;
    this.transitKeyName = key.name;
    this.policyNames = policyNames;
    this.registerOutputs({
      kubernetesAuthPath: this.kubernetesAuthPath,
      kvPath: this.kvPath,
      transitPath: this.transitPath,
      transitKeyName: this.transitKeyName,
      policyNames: this.policyNames,
    });
  }

  /**
   * The Kubernetes auth method. Vault reviews each login by calling the cluster's TokenReview API with
   * the client's own JWT (no `token_reviewer_jwt`, `disable_local_ca_jwt` true), so no long-lived
   * reviewer token exists anywhere (a legacy token Secret is what the policy pack flags) and an
   * in-cluster Vault does not use its own pod's token either. The price: each client service account
   * needs `system:auth-delegator`, bound here to the exact accounts when a kube provider is given, and
   * the client's token must be valid for the API server, so roles cannot bind a "vault" audience.
   * @see https://developer.hashicorp.com/vault/docs/auth/kubernetes#use-the-vault-client-s-jwt-as-the-reviewer-jwt
   * @see https://developer.hashicorp.com/vault/api-docs/auth/kubernetes#configure-method
   */
  private kubernetesAuth(
    name: string,
    args: VaultAccessArgs,
    r: ReturnType<typeof resolveVaultAccess>,
    child: pulumi.CustomResourceOptions,
    tune: { defaultLeaseTtl: string; maxLeaseTtl: string },
    writePolicy: (p: PlannedPolicy) => vault.Policy,
    policyNames: Record<string, pulumi.Output<string>>,
    transitPolicies: vault.Policy[],
  ): pulumi.Output<string> {
    const backend = new vault.AuthBackend(
      `${name}-kubernetes`,
      { type: "kubernetes", path: r.kubernetesPath, description: "Rampart: cluster workloads", tune },
      child,
    );
    const config = new vault.kubernetes.AuthBackendConfig(
      `${name}-kubernetes-config`,
      {
        backend: backend.path,
        kubernetesHost: args.kubernetes.host,
        kubernetesCaCert: args.kubernetes.caCertPem,
        // EKS service-account tokens carry the cluster's OIDC issuer as `iss`: checked, not skipped.
        issuer: args.kubernetes.issuer,
        disableIssValidation: false,
        disableLocalCaJwt: true,
      },
      child,
    );
    for (const w of args.kubernetes.workloads) {
      const plan = kubernetesRolePlan(w, r);
      const deps: pulumi.Resource[] = [config, ...transitPolicies];
      if (plan.policy) {
        const policy = writePolicy(plan.policy);
        policyNames[w.name] = policy.name;
        deps.push(policy);
      }
      new vault.kubernetes.AuthBackendRole(
        `${name}-k8s-${w.name}`,
        {
          backend: backend.path,
          roleName: plan.roleName,
          boundServiceAccountNames: [...plan.boundServiceAccountNames],
          boundServiceAccountNamespaces: [...plan.boundServiceAccountNamespaces],
          aliasNameSource: plan.aliasNameSource,
          tokenPolicies: [...plan.tokenPolicies],
          tokenTtl: plan.tokenTtl,
          tokenMaxTtl: plan.tokenMaxTtl,
          tokenType: "service",
        },
        { ...child, dependsOn: [...(child.dependsOn as pulumi.Resource[]), ...deps] },
      );
    }
    if (args.kubernetes.kubeProvider && args.kubernetes.workloads.length > 0) {
      const b = authDelegatorBinding(`${args.namePrefix}-vault-auth-delegator`, args.kubernetes.workloads);
      new k8s.rbac.v1.ClusterRoleBinding(
        `${name}-auth-delegator`,
        { metadata: b.metadata, roleRef: b.roleRef, subjects: b.subjects },
        { parent: this, provider: args.kubernetes.kubeProvider },
      );
    }
    return backend.path;
  }

  /**
   * Human login through the organisation's OIDC provider: one Vault role per role-map role that has
   * something to do in Vault, bound to the audience and to the role's IdP groups, with the role's
   * policy only. No default role (a login names its role). break-glass has no OIDC role: it must work
   * when the IdP is down (docs/VAULT.md's recovery procedure).
   * @see https://developer.hashicorp.com/vault/docs/auth/jwt#bound-claims
   * @see https://developer.hashicorp.com/vault/api-docs/auth/jwt#create-update-role
   */
  private oidcAuth(
    name: string,
    oidc: NonNullable<VaultAccessArgs["oidc"]>,
    r: ReturnType<typeof resolveVaultAccess>,
    child: pulumi.CustomResourceOptions,
    tune: { defaultLeaseTtl: string; maxLeaseTtl: string },
    writePolicy: (p: PlannedPolicy) => vault.Policy,
    policyNames: Record<string, pulumi.Output<string>>,
  ): void {
    const backend = new vault.jwt.AuthBackend(
      `${name}-oidc`,
      {
        type: "oidc",
        path: r.oidcPath,
        description: "Rampart: people, through the organisation's identity provider",
        oidcDiscoveryUrl: oidc.discoveryUrl,
        oidcClientId: oidc.clientId,
        oidcClientSecret: pulumi.secret(pulumi.output(oidc.clientSecret)),
        tune,
      },
      { ...child, additionalSecretOutputs: ["oidcClientSecret"] },
    );
    // The mount's path as the provider reports it (optional in its schema): ours, known at construction.
    const mountPath = backend.path.apply((p) => p ?? r.oidcPath);
    for (const role of oidc.roles) {
      const plan = oidcRolePlan(role, r, ACCESS_DEFAULTS.mfaMaxAgeSeconds);
      if (!plan) continue;
      const policy = writePolicy(plan.policy);
      policyNames[role.name] = policy.name;
      new vault.jwt.AuthBackendRole(
        `${name}-oidc-${role.name}`,
        {
          backend: mountPath,
          roleName: plan.roleName,
          roleType: "oidc",
          boundAudiences: [...(oidc.boundAudiences ?? [oidc.clientId])],
          userClaim: "sub",
          groupsClaim: r.groupsClaim,
          // Exact match on any of the role's groups (the provider joins a list with commas).
          boundClaimsType: "string",
          boundClaims: { [r.groupsClaim]: plan.groups.join(",") },
          allowedRedirectUris: [...oidc.allowedRedirectUris],
          tokenPolicies: [...plan.tokenPolicies],
          tokenTtl: plan.tokenTtl,
          tokenMaxTtl: plan.tokenMaxTtl,
          tokenType: "service",
          ...(plan.maxAge === undefined ? {} : { maxAge: plan.maxAge }),
        },
        { ...child, dependsOn: [...(child.dependsOn as pulumi.Resource[]), policy] },
      );
    }
  }
}
