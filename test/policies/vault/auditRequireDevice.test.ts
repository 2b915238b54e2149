import assert from "node:assert/strict";
import { test } from "node:test";
import { auditRequireDevice as p } from "../../../policy-pack/policies/vault/auditRequireDevice";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { AUDIT, K8S_ROLE, k8sRole, POLICY, policy } from "./vaultFixtures";

const MSG =
  "The stack configures Vault (2 vault: resource(s)) but enables no audit device: add a vault.Audit " +
  "(VaultAccess's audit option).";

test("a stack configuring Vault with an audit device passes; a stack without Vault is not judged", async () => {
  assert.deepEqual(
    await validateStack(p, [
      { type: POLICY, props: policy() },
      { type: AUDIT, name: "audit", props: { type: "file", options: { file_path: "stdout" } } },
    ]),
    [],
  );
  assert.deepEqual(await validateStack(p, [{ type: "aws:s3/bucket:Bucket", props: { bucket: "" } }]), []);
});

test("Vault resources and no audit device: one violation, on the first Vault resource", async () => {
  assert.deepEqual(
    await validateStack(p, [
      { type: "aws:s3/bucket:Bucket", name: "b", props: {} },
      { type: POLICY, name: "app", props: policy() },
      { type: K8S_ROLE, name: "chat", props: k8sRole() },
    ]),
    [{ message: MSG, urn: `urn:pulumi:test::rampart::${POLICY}::app` }],
  );
});

test("unknown values do not matter: the audit device counts by its type", async () => {
  assert.deepEqual(
    await validateStack(p, [
      { type: POLICY, props: policy({ policy: UNKNOWN.string, name: "" }) },
      { type: AUDIT, name: "audit", props: { type: UNKNOWN.string, options: UNKNOWN.object } },
    ]),
    [],
  );
});
