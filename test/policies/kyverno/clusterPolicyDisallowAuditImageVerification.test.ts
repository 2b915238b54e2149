import assert from "node:assert/strict";
import { test } from "node:test";
import { clusterPolicyDisallowAuditImageVerification as p } from "../../../policy-pack/policies/kyverno/clusterPolicyDisallowAuditImageVerification";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { CP, oneRule, ours } from "./kyvernoFixtures";

const POLICY = "kubernetes:kyverno.io/v1:Policy";

test("our enforcing ClusterPolicy passes; policies without verifyImages are not judged", async () => {
  assert.deepEqual(await violations(p, CP, ours()), []);
  assert.deepEqual(
    await violations(p, CP, { spec: { rules: [{ name: "v", validate: { failureAction: "Audit" } }] } }),
    [],
  );
  assert.deepEqual(await violations(p, CP, {}), []);
});

test("Audit in the rule's failureAction, in either case, is flagged, for ClusterPolicy and Policy", async () => {
  const audit = ours("audit");
  const v = await violations(p, CP, audit);
  assert.equal(v.length, 2);
  assert.equal(
    v[0],
    'Kyverno ClusterPolicy "rampart-signed-images" rule "images-signed-by-our-key" verifyImages[0] is in Audit (failureAction): set failureAction: Enforce.',
  );
  assert.equal(
    (await violations(p, POLICY, { ...oneRule({ failureAction: "audit" }), kind: "Policy" })).length,
    1,
  );
});

test("Audit from the deprecated spec.validationFailureAction, or Kyverno's default, is flagged", async () => {
  assert.deepEqual(await violations(p, CP, oneRule({}, { validationFailureAction: "Audit" })), [
    'Kyverno ClusterPolicy "p" rule "r" verifyImages[0] is in Audit (spec.validationFailureAction): set failureAction: Enforce.',
  ]);
  assert.deepEqual(await violations(p, CP, oneRule({})), [
    'Kyverno ClusterPolicy "p" rule "r" verifyImages[0] is in Audit (the default (no failureAction)): set failureAction: Enforce.',
  ]);
  // The rule's own action wins over the spec's.
  assert.deepEqual(
    await violations(p, CP, oneRule({ failureAction: "Enforce" }, { validationFailureAction: "Audit" })),
    [],
  );
});

test("per-namespace Audit overrides are flagged", async () => {
  assert.deepEqual(
    await violations(
      p,
      CP,
      oneRule(
        { failureAction: "Enforce" },
        { validationFailureActionOverrides: [{ action: "Audit", namespaces: ["inference"] }] },
      ),
    ),
    [
      'Kyverno ClusterPolicy "p" audits in inference (spec.validationFailureActionOverrides): remove the override.',
    ],
  );
  assert.equal(
    (
      await violations(
        p,
        CP,
        oneRule({ failureAction: "Enforce", failureActionOverrides: [{ action: "Audit", namespaces: [] }] }),
      )
    ).length,
    1,
  );
});

test("an unknown failureAction is not judged; an empty string is no Audit", async () => {
  const out = await validate(p, { type: CP, props: oneRule({ failureAction: UNKNOWN.string }) });
  assert.deepEqual(out.violations, []);
  assert.deepEqual(await violations(p, CP, oneRule({ failureAction: "" })), []);
});

test("every form: kyverno.io/v2beta1 and the Patch twins; a patch in Enforce passes", async () => {
  const msg =
    'Kyverno ClusterPolicy "p" rule "r" verifyImages[0] is in Audit (failureAction): set failureAction: Enforce.';
  for (const type of [
    "kubernetes:kyverno.io/v2beta1:ClusterPolicy",
    "kubernetes:kyverno.io/v1:ClusterPolicyPatch",
    "kubernetes:kyverno.io/v2beta1:PolicyPatch",
  ]) {
    assert.deepEqual(await violations(p, type, oneRule({ failureAction: "Audit" })), [msg], type);
    assert.deepEqual(await violations(p, type, oneRule({ failureAction: "Enforce" })), [], type);
  }
});

test("a Patch that writes no failureAction leaves the live one alone: not flagged (the same object as a ClusterPolicy is)", async () => {
  assert.deepEqual(await violations(p, "kubernetes:kyverno.io/v1:ClusterPolicyPatch", oneRule({})), []);
  assert.equal((await violations(p, CP, oneRule({}))).length, 1);
});
