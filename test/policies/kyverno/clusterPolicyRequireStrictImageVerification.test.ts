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

test("failurePolicy: Ignore is flagged", async () => {
  assert.deepEqual(await violations(p, CP, oneRule({}, { failurePolicy: "Ignore" })), [
    'Kyverno ClusterPolicy "p" sets failurePolicy: Ignore, admitting every pod while Kyverno is down: set it to Fail.',
  ]);
});

test("unknown values are not judged; an empty string is not false", async () => {
  const out = await validate(p, {
    type: CP,
    props: oneRule({ required: UNKNOWN.boolean }, { failurePolicy: UNKNOWN.string }),
  });
  assert.deepEqual(out.violations, []);
  assert.deepEqual(await violations(p, CP, oneRule({ required: "" })), []);
});
