import assert from "node:assert/strict";
import { test } from "node:test";
import { clusterPolicyRequireStrictImageVerification as p } from "../../../policy-pack/policies/kyverno/clusterPolicyRequireStrictImageVerification";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CP, oneRule, ours } from "./kyvernoFixtures";

test("our ClusterPolicy passes; so does a rule leaving required and verifyDigest at their defaults", async () => {
  assert.deepEqual(await violations(p, CP, ours()), []);
  assert.deepEqual(await violations(p, CP, oneRule({})), []);
});

test("required: false is flagged", async () => {
  assert.deepEqual(await violations(p, CP, oneRule({ required: false })), [
    'Kyverno ClusterPolicy "p" rule "r" verifyImages[0] sets required: false, admitting images without a verified signature: remove it.',
  ]);
});

test("verifyDigest: false is flagged, naming mutateDigest when it rewrites tags instead", async () => {
  assert.deepEqual(await violations(p, CP, oneRule({ verifyDigest: false })), [
    'Kyverno ClusterPolicy "p" rule "r" verifyImages[0] sets verifyDigest: false (mutateDigest rewrites tags to digests instead): require digests (verifyDigest: true).',
  ]);
  assert.deepEqual(await violations(p, CP, oneRule({ verifyDigest: "false", mutateDigest: false })), [
    'Kyverno ClusterPolicy "p" rule "r" verifyImages[0] sets verifyDigest: false: require digests (verifyDigest: true).',
  ]);
});

const IGNORE = (field: string, kind = "ClusterPolicy") =>
  `Kyverno ${kind} "p" sets ${field}: Ignore, admitting every pod while Kyverno is down: set it to Fail.`;

test("failurePolicy: Ignore is flagged, in the deprecated spec field and in spec.webhookConfiguration", async () => {
  assert.deepEqual(await violations(p, CP, oneRule({}, { failurePolicy: "Ignore" })), [
    IGNORE("spec.failurePolicy"),
  ]);
  assert.deepEqual(
    await violations(p, CP, oneRule({}, { webhookConfiguration: { failurePolicy: "Ignore" } })),
    [IGNORE("spec.webhookConfiguration.failurePolicy")],
  );
});

test("spec.webhookConfiguration.failurePolicy decides over the deprecated spec.failurePolicy, as Kyverno does", async () => {
  assert.deepEqual(
    await violations(
      p,
      CP,
      oneRule({}, { failurePolicy: "Ignore", webhookConfiguration: { failurePolicy: "Fail" } }),
    ),
    [],
  );
  assert.deepEqual(
    await violations(
      p,
      CP,
      oneRule({}, { failurePolicy: "Fail", webhookConfiguration: { failurePolicy: "Ignore" } }),
    ),
    [IGNORE("spec.webhookConfiguration.failurePolicy")],
  );
});

test("spec.admission: false is flagged (rules never run at admission)", async () => {
  assert.deepEqual(await violations(p, CP, oneRule({}, { admission: false })), [
    'Kyverno ClusterPolicy "p" sets spec.admission: false, so its rules never run at admission and every image is admitted: remove it.',
  ]);
  assert.deepEqual(await violations(p, CP, oneRule({}, { admission: true })), []);
});

test("every form: namespaced Policy, kyverno.io/v2beta1, and the Patch twins", async () => {
  const policy = { ...oneRule({}, { failurePolicy: "Ignore" }), kind: "Policy" };
  for (const type of [
    "kubernetes:kyverno.io/v1:Policy",
    "kubernetes:kyverno.io/v2beta1:ClusterPolicy",
    "kubernetes:kyverno.io/v2beta1:Policy",
    "kubernetes:kyverno.io/v1:ClusterPolicyPatch",
    "kubernetes:kyverno.io/v1:PolicyPatch",
  ])
    assert.deepEqual(await violations(p, type, policy), [IGNORE("spec.failurePolicy", "Policy")], type);
});

test("a policy without verifyImages rules is not judged", async () => {
  assert.deepEqual(
    await violations(p, CP, {
      kind: "ClusterPolicy",
      metadata: { name: "v" },
      spec: { failurePolicy: "Ignore", rules: [{ name: "r", validate: {} }] },
    }),
    [],
  );
});

test("unknown values are not inspectable (the SDK's note), not judged; an empty string is not false", async () => {
  const out = await validate(p, {
    type: CP,
    props: oneRule(
      { required: UNKNOWN.boolean },
      { failurePolicy: UNKNOWN.string, admission: UNKNOWN.boolean },
    ),
  });
  assert.deepEqual(out, {
    violations: [],
    unknownRead: "string value at .spec.failurePolicy can't be known during preview",
  });
  assert.deepEqual(
    await violations(
      p,
      CP,
      oneRule({}, { webhookConfiguration: { failurePolicy: UNKNOWN.string }, failurePolicy: "Ignore" }),
    ),
    [],
  );
  assert.deepEqual(await violations(p, CP, oneRule({}, { failurePolicy: "" })), []);
  assert.deepEqual(await violations(p, CP, oneRule({ required: "" })), []);
});
