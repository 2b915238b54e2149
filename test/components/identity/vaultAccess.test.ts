import assert from "node:assert/strict";
import * as fs from "node:fs";
import { before, describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { VaultAccess, type VaultAccessArgs } from "../../../components/identity/vaultAccess";
import {
  type Captured,
  type CapturedResource,
  isSecret,
  plain,
  runComponent,
  unwrap,
} from "../../helpers/harness";
import { PROJECT } from "../../../cli/plan";
import { runProgram } from "../../../cli/runtime/mockRun";
import { ARGS } from "./vaultFixture";
import { parseVaultPolicy } from "./vaultHcl";

/**
 * VaultAccess under Pulumi's mock runtime: exact children, every one through the component's own
 * provider and after the audit device, and the security-relevant inputs (bindings, TTLs, key flags,
 * the policies' HCL read back path by path).
 */

const input = (r: CapturedResource) => plain<Record<string, any>>(r.inputs);

async function build(args: VaultAccessArgs, withKube = false) {
  let outputs: Record<string, unknown> = {};
  const run = await runComponent(async () => {
    const kubeProvider = withKube ? new k8s.Provider("cluster", { kubeconfig: "{}" }) : undefined;
    const v = new VaultAccess("vault", {
      ...args,
      kubernetes: { ...args.kubernetes, ...(kubeProvider ? { kubeProvider } : {}) },
    });
    outputs = {
      kubernetesAuthPath: await unwrap(v.kubernetesAuthPath),
      kvPath: await unwrap(v.kvPath),
      transitPath: await unwrap(v.transitPath),
      transitKeyName: await unwrap(v.transitKeyName),
      policyNames: Object.fromEntries(
        await Promise.all(Object.entries(v.policyNames).map(async ([k, o]) => [k, await unwrap(o)])),
      ),
    };
  });
  return { run, outputs };
}

describe("VaultAccess", () => {
  let run: Captured;
  let outputs: Record<string, any>;
  before(async () => ({ run, outputs } = await build(ARGS)));
  const vaultResources = () => run.registered.filter((r) => r.type.startsWith("vault:") && r.custom);

  test("registers exactly the expected children, all parented to the component", () => {
    const c = run.one("rampart:identity:VaultAccess", "vault");
    assert.deepEqual(
      run
        .descendantsOf(c)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [
        "pulumi:providers:vault vault-provider",
        "vault:index/audit:Audit vault-audit",
        "vault:index/authBackend:AuthBackend vault-kubernetes",
        "vault:index/mount:Mount vault-kv",
        "vault:index/mount:Mount vault-transit",
        "vault:index/policy:Policy vault-policy-rampart-app-model-server",
        "vault:index/policy:Policy vault-policy-rampart-app-transcript-writer",
        "vault:index/policy:Policy vault-policy-rampart-audit-view",
        "vault:index/policy:Policy vault-policy-rampart-platform-admin",
        "vault:index/policy:Policy vault-policy-rampart-prompt-author",
        "vault:index/policy:Policy vault-policy-rampart-transit-decrypt",
        "vault:index/policy:Policy vault-policy-rampart-transit-encrypt",
        "vault:jwt/authBackend:AuthBackend vault-oidc",
        "vault:jwt/authBackendRole:AuthBackendRole vault-oidc-audit-view",
        "vault:jwt/authBackendRole:AuthBackendRole vault-oidc-platform-admin",
        "vault:jwt/authBackendRole:AuthBackendRole vault-oidc-prompt-author",
        "vault:kubernetes/authBackendConfig:AuthBackendConfig vault-kubernetes-config",
        "vault:kubernetes/authBackendRole:AuthBackendRole vault-k8s-auditor-export",
        "vault:kubernetes/authBackendRole:AuthBackendRole vault-k8s-model-server",
        "vault:kubernetes/authBackendRole:AuthBackendRole vault-k8s-transcript-writer",
        "vault:kv/secretBackendV2:SecretBackendV2 vault-kv-config",
        "vault:transit/secretBackendKey:SecretBackendKey vault-transit-key",
      ],
    );
  });

  test("the provider: token a secret in the state, TLS verified against the given CA, child token kept", () => {
    const p = run.named("vault-provider");
    assert.ok(isSecret(p.inputs.token), "the token is a secret");
    assert.equal(plain(p.inputs.token), "s.bootstrap-token");
    const i = input(p);
    assert.equal(i.address, "https://vault.example.internal:8200");
    assert.equal(i.skipTlsVerify, "false");
    assert.equal(i.skipChildToken, "false");
    assert.equal(i.maxLeaseTtlSeconds, "1200");
    assert.equal(i.tokenName, "rampart-prod-pulumi");
    assert.equal(fs.readFileSync(i.caCertFile, "utf8"), ARGS.caCertPem);
    // The token appears nowhere else in the state.
    for (const r of run.registered.filter((x) => x !== p))
      assert.ok(!JSON.stringify(r.inputs).includes("s.bootstrap-token"), r.name);
  });

  test("every Vault resource goes through the component's provider, and after the audit device", () => {
    const provider = run.named("vault-provider");
    const audit = run.named("vault-audit");
    for (const r of vaultResources()) {
      assert.equal(run.providerOf(r)?.urn, provider.urn, `${r.name} uses the component's provider`);
      if (r !== audit) assert.ok(r.dependencies.includes(audit.urn), `${r.name} waits for the audit device`);
    }
  });

  test("audit device: a file device to stdout, values HMAC'd", () => {
    assert.deepEqual(input(run.named("vault-audit")), {
      type: "file",
      options: { file_path: "stdout", log_raw: "false" },
    });
  });

  test("Kubernetes auth: the cluster's host, CA and issuer checked, the client's JWT as reviewer", () => {
    const c = input(run.named("vault-kubernetes-config"));
    assert.equal(c.kubernetesHost, ARGS.kubernetes.host);
    assert.equal(c.kubernetesCaCert, ARGS.kubernetes.caCertPem);
    assert.equal(c.issuer, ARGS.kubernetes.issuer);
    assert.equal(c.disableIssValidation, false);
    assert.equal(c.disableLocalCaJwt, true);
    assert.equal(c.tokenReviewerJwt, undefined, "no reviewer token stored");
    const b = input(run.named("vault-kubernetes"));
    assert.equal(b.type, "kubernetes");
    assert.equal(b.path, "kubernetes");
    assert.deepEqual(b.tune, { defaultLeaseTtl: "900s", maxLeaseTtl: "3600s" });
  });

  test("workload roles: exact namespace/service account, no * in any bound name, 900/3600 TTLs", () => {
    const roles = run.ofType("vault:kubernetes/authBackendRole:AuthBackendRole").map(input);
    assert.equal(roles.length, 3);
    for (const r of roles) {
      for (const v of [...r.boundServiceAccountNames, ...r.boundServiceAccountNamespaces])
        assert.ok(!/[*?]/.test(v), `${r.roleName}: ${v}`);
      assert.equal(r.tokenTtl, 900);
      assert.equal(r.tokenMaxTtl, 3600);
      assert.equal(r.aliasNameSource, "serviceaccount_uid");
      assert.equal(r.backend, "kubernetes");
    }
    const byRole = Object.fromEntries(roles.map((r) => [r.roleName, r]));
    assert.deepEqual(byRole["model-server"].boundServiceAccountNames, ["vllm"]);
    assert.deepEqual(byRole["model-server"].boundServiceAccountNamespaces, ["inference"]);
    assert.deepEqual(byRole["model-server"].tokenPolicies, ["rampart-app-model-server"]);
    assert.deepEqual(byRole["transcript-writer"].tokenPolicies, [
      "rampart-app-transcript-writer",
      "rampart-transit-encrypt",
    ]);
    assert.deepEqual(byRole["auditor-export"].boundServiceAccountNamespaces, ["audit"]);
    assert.deepEqual(byRole["auditor-export"].tokenPolicies, ["rampart-transit-decrypt"]);
  });

  test("OIDC: discovery, client secret kept secret, no default role", () => {
    const o = run.named("vault-oidc");
    const i = input(o);
    assert.equal(i.type, "oidc");
    assert.equal(i.path, "oidc");
    assert.equal(i.oidcDiscoveryUrl, "https://idp.example.com");
    assert.equal(i.oidcClientId, "vault");
    assert.equal(i.defaultRole, undefined);
    assert.ok(isSecret(o.inputs.oidcClientSecret), "the client secret is a secret");
  });

  test("OIDC roles: bound audience and groups, the role's policy only, TTLs within the role's session", () => {
    const roles: Record<string, Record<string, any>> = Object.fromEntries(
      run.ofType("vault:jwt/authBackendRole:AuthBackendRole").map((r) => [input(r).roleName, input(r)]),
    );
    assert.deepEqual(Object.keys(roles).sort(), ["audit-view", "platform-admin", "prompt-author"]);
    for (const r of Object.values(roles)) {
      assert.equal(r.roleType, "oidc");
      assert.deepEqual(r.boundAudiences, ["vault"]);
      assert.equal(r.userClaim, "sub");
      assert.equal(r.groupsClaim, "groups");
      assert.equal(r.boundClaimsType, "string");
      assert.deepEqual(r.tokenPolicies, [`rampart-${r.roleName}`]);
      assert.equal(r.tokenTtl, 900);
      assert.equal(r.tokenMaxTtl, 3600);
      assert.deepEqual(r.allowedRedirectUris, ARGS.oidc!.allowedRedirectUris);
      assert.equal(r.backend, "oidc");
    }
    assert.deepEqual(roles["prompt-author"]!.boundClaims, { groups: "chatbot-authors,chatbot-leads" });
    assert.equal(roles["platform-admin"]!.maxAge, 3600);
    assert.equal(roles["audit-view"]!.maxAge, undefined);
  });

  test("transit: aes256-gcm96, not exportable, no plaintext backup, not deletable, 30-day rotation, protected", () => {
    const k = run.named("vault-transit-key");
    const i = input(k);
    assert.equal(i.backend, "transit");
    assert.equal(i.name, "transcripts");
    assert.equal(i.type, "aes256-gcm96");
    assert.equal(i.exportable, false);
    assert.equal(i.allowPlaintextBackup, false);
    assert.equal(i.deletionAllowed, false);
    assert.equal(i.autoRotatePeriod, 2592000);
    assert.equal(k.protect, true);
    assert.equal(input(run.named("vault-transit")).type, "transit");
    // Disabling the mount would delete the key whatever deletion_allowed says.
    assert.equal(run.named("vault-transit").protect, true);
  });

  test("KV v2: 10 versions, check-and-set required, versions never deleted by age", () => {
    const m = input(run.named("vault-kv"));
    assert.equal(m.type, "kv");
    assert.deepEqual(m.options, { version: "2" });
    assert.equal(run.named("vault-kv").protect, true);
    const c = input(run.named("vault-kv-config"));
    assert.equal(c.mount, "secret");
    assert.equal(c.maxVersions, 10);
    assert.equal(c.casRequired, true);
    assert.equal(c.deleteVersionAfter, 0);
  });

  test("policies' HCL, read back: the split between encrypt and decrypt, the apps' own subtree", () => {
    const policy = (n: string) => {
      const i = input(run.named(`vault-policy-${n}`));
      assert.equal(i.name, n);
      return Object.fromEntries([...parseVaultPolicy(i.policy)].map(([p, r]) => [p, r.capabilities]));
    };
    assert.deepEqual(policy("rampart-transit-encrypt"), { "transit/encrypt/transcripts": ["update"] });
    assert.deepEqual(policy("rampart-transit-decrypt"), { "transit/decrypt/transcripts": ["update"] });
    assert.deepEqual(policy("rampart-app-model-server"), {
      "secret/data/apps/inference/model-server/*": ["read"],
      "secret/metadata/apps/inference/model-server/*": ["list"],
    });
    assert.deepEqual(policy("rampart-audit-view"), { "transit/decrypt/transcripts": ["update"] });
    const admin = policy("rampart-platform-admin");
    assert.ok(!("*" in admin) && !("sys/*" in admin));
    // No policy anywhere grants on `*` or `sys/*`.
    for (const r of run.ofType("vault:index/policy:Policy"))
      for (const path of parseVaultPolicy(input(r).policy).keys())
        assert.ok(path !== "*" && path !== "sys/*");
  });

  test("outputs: mount paths, key name, policy names per role and per workload", () => {
    assert.deepEqual(outputs, {
      kubernetesAuthPath: "kubernetes",
      kvPath: "secret",
      transitPath: "transit",
      transitKeyName: "transcripts",
      policyNames: {
        "model-server": "rampart-app-model-server",
        "transcript-writer": "rampart-app-transcript-writer",
        "audit-view": "rampart-audit-view",
        "platform-admin": "rampart-platform-admin",
        "prompt-author": "rampart-prompt-author",
      },
    });
  });

  test("no auth-delegator binding without a kube provider (docs/VAULT.md gives it to the operator)", () => {
    assert.equal(run.ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").length, 0);
  });
});

describe("VaultAccess variants", () => {
  test("with the cluster's kube provider: system:auth-delegator bound to the exact service accounts", async () => {
    const { run } = await build(ARGS, true);
    const b = run.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding");
    assert.equal(run.providerOf(b)?.name, "cluster");
    const i = input(b);
    assert.equal(i.metadata.name, "rampart-prod-vault-auth-delegator");
    assert.equal(i.roleRef.name, "system:auth-delegator");
    assert.deepEqual(
      i.subjects.map((s: any) => `${s.kind}:${s.namespace}/${s.name}`),
      ["ServiceAccount:audit/exporter", "ServiceAccount:inference/gateway", "ServiceAccount:inference/vllm"],
    );
  });

  test("socket audit device, custom paths and TTLs, no OIDC", async () => {
    const { run, outputs } = await build({
      ...ARGS,
      oidc: undefined,
      caCertPem: undefined,
      vaultNamespace: "admin/rampart",
      kubernetes: { ...ARGS.kubernetes, path: "eks-prod" },
      kv: { path: "apps-kv", maxVersions: 5 },
      transit: { path: "enc", keyName: "prompts", autoRotateSeconds: 86400 },
      tokenTtlSeconds: 600,
      tokenMaxTtlSeconds: 1800,
      audit: { kind: "socket", address: "fluent-bit.logging.svc:5170" },
    });
    assert.deepEqual(input(run.named("vault-audit")).options, {
      address: "fluent-bit.logging.svc:5170",
      socket_type: "tcp",
      log_raw: "false",
    });
    assert.equal(run.ofType("vault:jwt/authBackend:AuthBackend").length, 0);
    const p = input(run.named("vault-provider"));
    assert.equal(p.namespace, "admin/rampart");
    assert.equal(p.caCertFile, undefined);
    assert.equal(input(run.named("vault-transit-key")).autoRotatePeriod, 86400);
    for (const r of run.ofType("vault:kubernetes/authBackendRole:AuthBackendRole")) {
      assert.equal(input(r).tokenTtl, 600);
      assert.equal(input(r).tokenMaxTtl, 1800);
      assert.equal(input(r).backend, "eks-prod");
    }
    const enc = parseVaultPolicy(input(run.named("vault-policy-rampart-transit-encrypt")).policy);
    assert.deepEqual([...enc.keys()], ["enc/encrypt/prompts"]);
    assert.equal(input(run.named("vault-kv-config")).maxVersions, 5);
    assert.equal(outputs.kvPath, "apps-kv");
  });

  test("invalid args: one error listing every problem, before any child", async () => {
    const result = await runProgram(
      () =>
        new VaultAccess("vault", {
          ...ARGS,
          address: "http://vault:8200",
          kubernetes: {
            ...ARGS.kubernetes,
            workloads: [{ name: "any", namespace: "*", serviceAccount: "*" }],
          },
        }),
      { project: PROJECT, stack: "dev", config: {} },
    );
    const message = (result.error as Error).message;
    assert.match(message, /^VaultAccess vault: invalid arguments \(3 problems\):/);
    assert.match(message, /address: "http:\/\/vault:8200" is not an https URL/);
    assert.match(message, /kubernetes\.workloads\[0\]\.namespace: "\*"/);
    assert.match(message, /kubernetes\.workloads\[0\]\.serviceAccount: "\*"/);
    assert.deepEqual(
      result.resources.map((r) => r.type),
      ["pulumi:pulumi:Stack"],
    );
  });
});
