import assert from "node:assert/strict";
import { test } from "node:test";
import { guarddutyDetectorRequireEksAuditLogs } from "../../../policy-pack/policies/logging/guarddutyDetectorRequireEksAuditLogs";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const DETECTOR = "aws:guardduty/detector:Detector";
const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";

test("EKS audit logs on (inline datasources, a feature resource, or the default) pass", async () => {
  const p = guarddutyDetectorRequireEksAuditLogs;
  assert.deepEqual(
    await violations(p, DETECTOR, {
      enable: true,
      datasources: { kubernetes: { auditLogs: { enable: true } } },
    }),
    [],
  );
  assert.deepEqual(await violations(p, DETECTOR, { enable: true }), []);
  assert.deepEqual(
    await violations(p, FEATURE, { detectorId: "d", name: "EKS_AUDIT_LOGS", status: "ENABLED" }),
    [],
  );
});

test("EKS audit logs switched off inline are flagged", async () => {
  assert.deepEqual(
    await violations(guarddutyDetectorRequireEksAuditLogs, DETECTOR, {
      datasources: { kubernetes: { auditLogs: { enable: false } } },
    }),
    ["GuardDuty EKS audit log monitoring is disabled: set datasources.kubernetes.auditLogs.enable: true."],
  );
});

test("an EKS_AUDIT_LOGS feature with status DISABLED is flagged; other features are not judged", async () => {
  assert.deepEqual(
    await violations(guarddutyDetectorRequireEksAuditLogs, FEATURE, {
      detectorId: "d",
      name: "EKS_AUDIT_LOGS",
      status: "DISABLED",
    }),
    ['GuardDuty EKS audit log monitoring is disabled: set status: "ENABLED".'],
  );
  assert.deepEqual(
    await violations(guarddutyDetectorRequireEksAuditLogs, FEATURE, {
      detectorId: "d",
      name: "S3_DATA_EVENTS",
      status: "DISABLED",
    }),
    [],
  );
});

test("an unknown feature status is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(guarddutyDetectorRequireEksAuditLogs, {
      type: "aws:guardduty/detectorFeature:DetectorFeature",
      props: { detectorId: "d", name: "EKS_AUDIT_LOGS", status: UNKNOWN.string },
    }),
    { violations: [], unknownRead: "string value at .status can't be known during preview" },
  );
});

test('an empty status ("") is not DISABLED: passes', async () => {
  assert.deepEqual(
    await validate(guarddutyDetectorRequireEksAuditLogs, {
      type: "aws:guardduty/detectorFeature:DetectorFeature",
      props: { detectorId: "d", name: "EKS_AUDIT_LOGS", status: "" },
    }),
    { violations: [] },
  );
});

test('inline auditLogs.enable "false" is an explicit switch-off: flagged; "" or a missing flag keeps the default', async () => {
  const p = guarddutyDetectorRequireEksAuditLogs;
  assert.deepEqual(
    await violations(p, DETECTOR, { datasources: { kubernetes: { auditLogs: { enable: "false" } } } }),
    ["GuardDuty EKS audit log monitoring is disabled: set datasources.kubernetes.auditLogs.enable: true."],
  );
  for (const auditLogs of [{ enable: "" }, {}])
    assert.deepEqual(await violations(p, DETECTOR, { datasources: { kubernetes: { auditLogs } } }), []);
});

test("an unknown inline flag is an advisory note during preview, not a pass or a throw", async () => {
  const out = await validate(guarddutyDetectorRequireEksAuditLogs, {
    type: DETECTOR,
    props: { datasources: { kubernetes: { auditLogs: { enable: UNKNOWN.boolean } } } },
  });
  assert.deepEqual(out.violations, []);
  assert.match(out.unknownRead ?? "", /can't be known during preview/);
});
