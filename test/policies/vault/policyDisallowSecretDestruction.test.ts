import assert from "node:assert/strict";
import { test } from "node:test";
import { policyDisallowSecretDestruction as p } from "../../../policy-pack/policies/vault/policyDisallowSecretDestruction";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { ADMIN_POLICY, POLICY, policy } from "./vaultFixtures";

const doc = (text: string, name = "rampart-prompt-author") => policy({ name, policy: text });
const PROMPTS = `
path "secret/data/prompts/inference/*" { capabilities = ["create", "read", "update", "delete"] }
path "secret/metadata/prompts/inference/*" { capabilities = ["read", "list"] }
path "secret/delete/prompts/inference/*" { capabilities = ["update"] }
`;
const msg = (path: string, cap: string, endpoint: string, mount = "secret", name = "rampart-prompt-author") =>
  `Vault policy "${name}" path "${path}" grants ${cap} on ${mount}/${endpoint}/, which erases secret versions ` +
  `for good: drop ${cap} there (soft delete stays available), or move it to an admin policy.`;

test("a prompt author's policy with soft deletes passes, and so does the admin policy", async () => {
  assert.deepEqual(await violations(p, POLICY, doc(PROMPTS)), []);
  assert.deepEqual(await violations(p, POLICY, policy()), []);
  assert.deepEqual(await violations(p, POLICY, doc(ADMIN_POLICY, "rampart-platform-admin")), []);
});

test("a deny-less glob over the mount with update and delete grants both destroying endpoints", async () => {
  assert.deepEqual(
    await violations(
      p,
      POLICY,
      doc('path "secret/*" { capabilities = ["create", "read", "update", "delete", "list"] }'),
    ),
    [msg("secret/*", "update", "destroy"), msg("secret/*", "delete", "metadata")],
  );
  assert.deepEqual(await violations(p, POLICY, doc('path "secret/+/prompts/*" { policy = "write" }')), [
    msg("secret/+/prompts/*", "update", "destroy"),
    msg("secret/+/prompts/*", "delete", "metadata"),
  ]);
});

test("exact destroy and metadata-delete grants are flagged too", async () => {
  assert.deepEqual(
    await violations(
      p,
      POLICY,
      doc(
        'path "secret/destroy/prompts/inference/a" { capabilities = ["update"] }\n' +
          'path "secret/metadata/prompts/inference/a" { capabilities = ["read", "delete"] }',
      ),
    ),
    [
      msg("secret/destroy/prompts/inference/a", "update", "destroy"),
      msg("secret/metadata/prompts/inference/a", "delete", "metadata"),
    ],
  );
});

test("config: other KV mounts, and more admin policies", async () => {
  const kv = doc('path "apps/destroy/*" { capabilities = ["update"] }');
  assert.deepEqual(await violations(p, POLICY, kv), []);
  assert.deepEqual(await violations(p, POLICY, kv, { kvMounts: ["apps/"] }), [
    msg("apps/destroy/*", "update", "destroy", "apps"),
  ]);
  assert.deepEqual(
    await violations(p, POLICY, kv, { kvMounts: ["apps"], adminPolicies: ["rampart-prompt-author"] }),
    [],
  );
});

test('an unparsable or empty ("") document is reported; a missing one is left to the broad-grants policy', async () => {
  assert.deepEqual(await violations(p, POLICY, doc("")), [
    'Vault policy "rampart-prompt-author" cannot be read (the document is empty (it grants nothing)): fix the document.',
  ]);
  assert.deepEqual(await violations(p, POLICY, { name: "x" }), []);
});

test("an unknown document is the SDK's advisory note during preview", async () => {
  assert.deepEqual(await validate(p, { type: POLICY, props: doc(UNKNOWN.string) }), {
    violations: [],
    unknownRead: "string value at .policy can't be known during preview",
  });
});
