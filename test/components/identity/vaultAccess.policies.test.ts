import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CAPABILITIES } from "../../../components/identity/roles";
import {
  mergeRules,
  renderPolicy,
  roleRules,
  VAULT_GRANTS,
  VAULT_SUMMARY,
  workloadRules,
} from "../../../components/identity/vaultAccess.policies";
import { ROLES } from "./vaultFixture";
import { parseVaultPolicy } from "./vaultHcl";

const CTX = { kvPath: "secret", transitPath: "transit", transitKeyName: "transcripts" };
const byName = Object.fromEntries(ROLES.map((r) => [r.name, r]));
/** A role's policy as Vault would read it: path -> capabilities. */
const policyOf = (name: string) => {
  const rules = roleRules(byName[name]!, CTX);
  return rules.length === 0 ? new Map() : parseVaultPolicy(renderPolicy(name, rules));
};
const caps = (policy: Map<string, { capabilities: string[] }>) =>
  Object.fromEntries([...policy].map(([p, r]) => [p, r.capabilities]));

describe("VAULT_GRANTS", () => {
  test("one entry and one summary per capability", () => {
    assert.deepEqual(Object.keys(VAULT_GRANTS).sort(), [...CAPABILITIES].sort());
    assert.deepEqual(Object.keys(VAULT_SUMMARY).sort(), [...CAPABILITIES].sort());
  });

  test("capabilities acting only in AWS or Kubernetes grant nothing in Vault", () => {
    for (const c of ["cluster.describe", "inference.read", "models.publish", "models.deploy"] as const)
      assert.deepEqual(VAULT_GRANTS[c]({ ...CTX, namespaces: ["inference"] }), [], c);
    assert.equal(policyOf("inference-only").size, 0);
    assert.equal(policyOf("model-management").size, 0);
  });

  test("prompts.write: create/read/update prompts of each namespace, metadata read/list; no delete, no keys, no sys", () => {
    assert.deepEqual(caps(policyOf("prompt-author")), {
      "secret/data/prompts/inference/*": ["create", "read", "update"],
      "secret/data/prompts/support/*": ["create", "read", "update"],
      "secret/metadata/prompts/inference/*": ["read", "list"],
      "secret/metadata/prompts/support/*": ["read", "list"],
    });
  });

  test("audit.read: transit decrypt on the transcripts key only (never encrypt, never sys/audit)", () => {
    assert.deepEqual(caps(policyOf("audit-view")), { "transit/decrypt/transcripts": ["update"] });
  });

  test("platform.admin: explicit paths, no * on * and no sys/*; sudo only on root-protected sys paths", () => {
    const admin = policyOf("platform-admin");
    for (const path of admin.keys()) {
      assert.notEqual(path, "*");
      assert.notEqual(path, "sys/*");
      assert.ok(!path.startsWith("*") && !path.startsWith("+"), path);
    }
    const sudo = [...admin].filter(([, r]) => r.capabilities.includes("sudo")).map(([p]) => p);
    assert.deepEqual(sudo.sort(), ["sys/audit", "sys/audit/*", "sys/auth", "sys/auth/*"]);
    assert.deepEqual(admin.get("sys/policies/acl/*")?.capabilities, [
      "create",
      "read",
      "update",
      "delete",
      "list",
    ]);
  });

  test("platform.admin cannot disable the transit or KV mount (the exact path wins over sys/mounts/*)", () => {
    const admin = policyOf("platform-admin");
    assert.deepEqual(admin.get("sys/mounts/transit")?.capabilities, ["read", "update"]);
    assert.deepEqual(admin.get("sys/mounts/secret")?.capabilities, ["read", "update"]);
  });

  test("platform.admin manages transit keys but can never make them exportable, backed up in plaintext or deletable", () => {
    const admin = policyOf("platform-admin");
    assert.deepEqual(admin.get("transit/keys/+/config")?.deniedParameters, {
      allow_plaintext_backup: [],
      deletion_allowed: [],
      exportable: [],
    });
    assert.deepEqual(admin.get("transit/keys/*")?.deniedParameters, {
      allow_plaintext_backup: [],
      exportable: [],
    });
    assert.ok(!admin.get("transit/keys/*")?.capabilities.includes("delete"));
    assert.ok(
      ![...admin.keys()].some((p) => p.startsWith("transit/decrypt") || p.startsWith("transit/export")),
    );
  });
});

describe("workload policies", () => {
  test("read only the workload's own KV subtree", () => {
    const text = renderPolicy("w", workloadRules({ name: "model-server", namespace: "inference" }, CTX));
    assert.deepEqual(caps(parseVaultPolicy(text)), {
      "secret/data/apps/inference/model-server/*": ["read"],
      "secret/metadata/apps/inference/model-server/*": ["list"],
    });
  });
  test("readSecrets false: no KV rule", () => {
    assert.deepEqual(workloadRules({ name: "x", namespace: "ns", readSecrets: false }, CTX), []);
  });
});

describe("rendering", () => {
  test("rules on the same path are merged, capabilities in Vault's order", () => {
    assert.deepEqual(
      mergeRules([
        { path: "b", capabilities: ["list"] },
        { path: "a", capabilities: ["update"] },
        { path: "b", capabilities: ["read"], deniedParameters: ["x"] },
      ]),
      [
        { path: "a", capabilities: ["update"] },
        { path: "b", capabilities: ["read", "list"], deniedParameters: ["x"] },
      ],
    );
  });
  test("an empty policy is refused (Vault would store a policy that grants nothing)", () => {
    assert.throws(() => renderPolicy("empty", []), /has no rules/);
  });
});
