import assert from "node:assert/strict";
import { test } from "node:test";
import { kmsKeyRequireRotation } from "../../../policy-pack/policies/kms/kmsKeyRequireRotation";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:kms/key:Key";
const compliant = () => ({ enableKeyRotation: true, deletionWindowInDays: 30, description: "volumes" });

test("a rotating key passes", async () => {
  assert.deepEqual(await violations(kmsKeyRequireRotation, TYPE, compliant()), []);
});

test("rotation off is flagged", async () => {
  assert.deepEqual(
    await violations(kmsKeyRequireRotation, TYPE, { ...compliant(), enableKeyRotation: false }),
    ["KMS key rotation is off: set enableKeyRotation: true."],
  );
});

test("rotation unset is flagged (AWS's default is off)", async () => {
  const { enableKeyRotation: _, ...props } = compliant();
  assert.deepEqual(await violations(kmsKeyRequireRotation, TYPE, props), [
    "KMS key rotation is off: set enableKeyRotation: true.",
  ]);
});

test("asymmetric keys cannot rotate and are not flagged", async () => {
  assert.deepEqual(await violations(kmsKeyRequireRotation, TYPE, { customerMasterKeySpec: "RSA_2048" }), []);
});

test("an unknown rotation flag during preview is an advisory note, not a pass or a throw", async () => {
  const outcome = await validate(kmsKeyRequireRotation, {
    type: TYPE,
    props: { enableKeyRotation: UNKNOWN.boolean },
  });
  assert.deepEqual(outcome.violations, []);
  assert.match(outcome.unknownRead ?? "", /enableKeyRotation/);
});

test("other types are ignored", async () => {
  assert.deepEqual(await violations(kmsKeyRequireRotation, "aws:s3/bucket:Bucket", {}), []);
});

test('an empty keySpec ("") is no spec (the provider creates SYMMETRIC_DEFAULT): judged, and flagged without rotation', async () => {
  for (const spec of [{ keySpec: "" }, { customerMasterKeySpec: "" }])
    assert.deepEqual(
      await validate(kmsKeyRequireRotation, {
        type: "aws:kms/key:Key",
        props: { ...spec, enableKeyRotation: false },
      }),
      { violations: ["KMS key rotation is off: set enableKeyRotation: true."] },
    );
});

test("signing keys (ECC_NIST_P256 / SIGN_VERIFY, as keySpec or customerMasterKeySpec) pass with rotation off: AWS cannot rotate them", async () => {
  for (const spec of [{ customerMasterKeySpec: "ECC_NIST_P256" }, { keySpec: "ECC_NIST_P256" }])
    assert.deepEqual(
      await violations(kmsKeyRequireRotation, TYPE, {
        ...spec,
        keyUsage: "SIGN_VERIFY",
        enableKeyRotation: false,
      }),
      [],
    );
});

test("an explicit SYMMETRIC_DEFAULT key without rotation is still flagged", async () => {
  assert.deepEqual(
    await violations(kmsKeyRequireRotation, TYPE, {
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      enableKeyRotation: false,
    }),
    ["KMS key rotation is off: set enableKeyRotation: true."],
  );
});
