import assert from "node:assert/strict";
import { test } from "node:test";
import { policyDisallowBroadGrants as p } from "../../../policy-pack/policies/vault/policyDisallowBroadGrants";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { ADMIN_POLICY, POLICY, policy } from "./vaultFixtures";

const doc = (text: string, name = "rampart-app-chat") => policy({ name, policy: text });

test("an application policy and the admin policy of explicit paths pass", async () => {
  assert.deepEqual(await violations(p, POLICY, policy()), []);
  assert.deepEqual(await violations(p, POLICY, doc(ADMIN_POLICY, "rampart-platform-admin")), []);
  // A deny on the whole of sys/ grants nothing.
  assert.deepEqual(await violations(p, POLICY, doc('path "sys/*" { capabilities = ["deny"] }')), []);
});

test("grants on every path are flagged, in every spelling, admin or not", async () => {
  for (const path of ["*", "+/*", "/*", "+/+/*"])
    for (const name of ["rampart-app-chat", "rampart-platform-admin"])
      assert.deepEqual(
        await violations(p, POLICY, doc(`path "${path}" { capabilities = ["read", "sudo"] }`, name)),
        [
          `Vault policy "${name}" path "${path.replace(/^\//, "")}" grants read, sudo on every path: grant explicit paths.`,
        ],
      );
  // The legacy form and the JSON form.
  assert.deepEqual(await violations(p, POLICY, doc('{"path": {"*": {"policy": "sudo"}}}')), [
    'Vault policy "rampart-app-chat" path "*" grants create, read, update, delete, list, sudo on every path: grant explicit paths.',
  ]);
});

test("grants on the whole of sys/ are flagged even for the admin policy", async () => {
  for (const path of ["sys/*", "sys/+", "sys*", "s*"])
    assert.deepEqual(
      await violations(
        p,
        POLICY,
        doc(`path "${path}" { capabilities = ["update"] }`, "rampart-platform-admin"),
      ),
      [
        `Vault policy "rampart-platform-admin" path "${path}" grants update on the whole of sys/: grant explicit ` +
          "sys paths (sys/mounts/*, sys/policies/acl/*...) in an admin policy.",
      ],
    );
});

test("explicit sys paths are for admin policies (config adminPolicies); self-service ones for all", async () => {
  const audit = doc('path "sys/audit" { capabilities = ["read", "sudo"] }');
  const msg =
    'Vault policy "rampart-app-chat" path "sys/audit" grants a system path to a policy that is not an admin ' +
    "policy (config adminPolicies): remove it, or move it to the admin policy.";
  assert.deepEqual(await violations(p, POLICY, audit), [msg]);
  assert.deepEqual(await violations(p, POLICY, audit, { adminPolicies: ["rampart-app-chat"] }), []);
  assert.deepEqual(await violations(p, POLICY, doc('path "+/seal" { capabilities = ["update"] }')), [
    msg.replace('"sys/audit"', '"+/seal"'),
  ]);
  assert.deepEqual(
    await violations(p, POLICY, doc('path "sys/leases/renew" { capabilities = ["update"] }')),
    [],
  );
});

test("capabilities Vault does not have (root, *) are flagged", async () => {
  assert.deepEqual(
    await violations(p, POLICY, doc('path "secret/data/x" { capabilities = ["root", "*"] }')),
    [
      'Vault policy "rampart-app-chat" path "secret/data/x" lists "root", "*", not a Vault capability (root access ' +
        "is the root token's alone): list the capabilities the path needs.",
    ],
  );
});

test('an unparsable, empty ("") or missing document is reported, never passed', async () => {
  assert.deepEqual(await violations(p, POLICY, doc('path "a" { capabilities = ["read"]')), [
    'Vault policy "rampart-app-chat" cannot be read (unexpected end of document: "}" expected): Vault would refuse it; fix the document.',
  ]);
  assert.deepEqual(await violations(p, POLICY, doc("")), [
    'Vault policy "rampart-app-chat" cannot be read (the document is empty (it grants nothing)): Vault would refuse it; fix the document.',
  ]);
  assert.deepEqual(await violations(p, POLICY, { name: "x" }), [
    'Vault policy "x" has no policy document: set policy to its HCL or JSON text.',
  ]);
  // Unnamed: the resource's name is used.
  assert.deepEqual(
    await violations(p, POLICY, { name: "", policy: 'path "*" { capabilities = ["read"] }' }),
    ['Vault policy "subject" path "*" grants read on every path: grant explicit paths.'],
  );
});

test("an unknown document is the SDK's advisory note during preview, not a pass or a throw", async () => {
  assert.deepEqual(await validate(p, { type: POLICY, props: policy({ policy: UNKNOWN.string }) }), {
    violations: [],
    unknownRead: "string value at .policy can't be known during preview",
  });
});
