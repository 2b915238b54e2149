import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatProblem } from "../../../components/shared/problems";
import type { VaultAccessArgs } from "../../../components/identity/vaultAccess.args";
import {
  authDelegatorBinding,
  kubernetesRolePlan,
  oidcRolePlan,
  resolveVaultAccess,
  VAULT_ACCESS_DEFAULTS,
} from "../../../components/identity/vaultAccess.logic";
import { validateVaultAccessArgs } from "../../../components/identity/vaultAccess.validate";
import { ARGS, ROLES } from "./vaultFixture";

const R = resolveVaultAccess(ARGS);
const role = (name: string) => ROLES.find((r) => r.name === name)!;
const problems = (args: VaultAccessArgs) => validateVaultAccessArgs(args).map((p) => formatProblem(p));

describe("defaults", () => {
  test("paths, TTLs 900/3600, 10 versions, 30-day rotation, audit to stdout", () => {
    assert.deepEqual(R, {
      kubernetesPath: "kubernetes",
      oidcPath: "oidc",
      kvPath: "secret",
      kvMaxVersions: 10,
      transitPath: "transit",
      transitKeyName: "transcripts",
      transitAutoRotateSeconds: 2592000,
      tokenTtlSeconds: 900,
      tokenMaxTtlSeconds: 3600,
      groupsClaim: "groups",
      audit: { kind: "file", path: "stdout" },
    });
    assert.equal(VAULT_ACCESS_DEFAULTS.providerTokenTtlSeconds, 1200);
  });
});

describe("kubernetesRolePlan", () => {
  test("bound to exactly one service account in exactly one namespace, own policy, short TTLs", () => {
    const plan = kubernetesRolePlan(ARGS.kubernetes.workloads[0]!, R);
    assert.deepEqual(plan.boundServiceAccountNames, ["vllm"]);
    assert.deepEqual(plan.boundServiceAccountNamespaces, ["inference"]);
    assert.deepEqual(plan.tokenPolicies, ["rampart-app-model-server"]);
    assert.equal(plan.tokenTtl, 900);
    assert.equal(plan.tokenMaxTtl, 3600);
    assert.equal(plan.aliasNameSource, "serviceaccount_uid");
  });
  test("the transcript writer encrypts only; the export job decrypts only and reads no secrets", () => {
    assert.deepEqual(kubernetesRolePlan(ARGS.kubernetes.workloads[1]!, R).tokenPolicies, [
      "rampart-app-transcript-writer",
      "rampart-transit-encrypt",
    ]);
    const exporter = kubernetesRolePlan(ARGS.kubernetes.workloads[2]!, R);
    assert.deepEqual(exporter.tokenPolicies, ["rampart-transit-decrypt"]);
    assert.equal(exporter.policy, undefined);
  });
});

describe("oidcRolePlan", () => {
  test("break-glass gets no OIDC role (it must not depend on the IdP)", () => {
    assert.equal(oidcRolePlan(role("break-glass"), R, 3600), undefined);
  });
  test("roles with nothing to do in Vault get no login", () => {
    assert.equal(oidcRolePlan(role("inference-only"), R, 3600), undefined);
    assert.equal(oidcRolePlan(role("model-management"), R, 3600), undefined);
  });
  test("audit-view: its groups, its policy, 15 min TTL, max = its session, no MFA max age", () => {
    const plan = oidcRolePlan(role("audit-view"), R, 3600)!;
    assert.deepEqual(plan.groups, ["idp-audit-view"]);
    assert.deepEqual(plan.tokenPolicies, ["rampart-audit-view"]);
    assert.equal(plan.tokenTtl, 900);
    assert.equal(plan.tokenMaxTtl, 3600);
    assert.equal(plan.maxAge, undefined);
  });
  test("platform-admin requires a recent IdP authentication (max_age)", () => {
    assert.equal(oidcRolePlan(role("platform-admin"), R, 3600)!.maxAge, 3600);
  });
  test("the token max TTL never exceeds the role's session nor the component's max", () => {
    const short = { ...role("audit-view"), maxSessionSeconds: 900 };
    assert.equal(oidcRolePlan(short, R, 3600)!.tokenMaxTtl, 900);
    assert.equal(oidcRolePlan(short, R, 3600)!.tokenTtl, 900);
    const long = { ...role("audit-view"), maxSessionSeconds: 7200 };
    assert.equal(oidcRolePlan(long, R, 3600)!.tokenMaxTtl, 3600);
  });
});

describe("authDelegatorBinding", () => {
  test("binds system:auth-delegator to the exact service accounts, each once, never a group", () => {
    const b = authDelegatorBinding("rampart-prod-vault-auth-delegator", [
      ...ARGS.kubernetes.workloads,
      { name: "again", namespace: "inference", serviceAccount: "vllm" },
    ]);
    assert.deepEqual(b.roleRef, {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: "system:auth-delegator",
    });
    assert.deepEqual(b.subjects, [
      { kind: "ServiceAccount", name: "exporter", namespace: "audit" },
      { kind: "ServiceAccount", name: "gateway", namespace: "inference" },
      { kind: "ServiceAccount", name: "vllm", namespace: "inference" },
    ]);
  });
});

describe("validateVaultAccessArgs (VaultAccess's additions)", () => {
  test("the fixture is valid", () => {
    assert.deepEqual(problems(ARGS), []);
  });
  test("a workload that grants nothing is refused", () => {
    const w = { name: "idle", namespace: "inference", serviceAccount: "idle", readSecrets: false };
    assert.deepEqual(problems({ ...ARGS, kubernetes: { ...ARGS.kubernetes, workloads: [w] } }), [
      'kubernetes.workloads[0]: "idle" grants nothing (expected readSecrets, encrypt or decrypt; drop the workload otherwise)',
    ]);
  });
  test("a workload named like a role is refused (policyNames is keyed by both)", () => {
    const w = { name: "audit-view", namespace: "audit", serviceAccount: "x" };
    assert.deepEqual(problems({ ...ARGS, kubernetes: { ...ARGS.kubernetes, workloads: [w] } }), [
      'kubernetes.workloads[0].name: "audit-view" is also a role of the role map (expected distinct names: policyNames is keyed by both)',
    ]);
  });
  test("a wildcard service account is refused", () => {
    const w = { name: "any", namespace: "inference", serviceAccount: "*" };
    const found = problems({ ...ARGS, kubernetes: { ...ARGS.kubernetes, workloads: [w] } });
    assert.equal(found.length, 1);
    assert.match(
      found[0]!,
      /^kubernetes\.workloads\[0\]\.serviceAccount: "\*" .*wildcards are never allowed/,
    );
  });
  test("a group with a comma is refused (bound claims are sent comma-separated)", () => {
    const roles = ROLES.map((r) => (r.name === "audit-view" ? { ...r, groups: ["a,b"] } : r));
    assert.deepEqual(problems({ ...ARGS, oidc: { ...ARGS.oidc!, roles } }), [
      'oidc.roles[2].groups[0]: "a,b" contains a comma (expected a group name without commas)',
    ]);
  });
});
