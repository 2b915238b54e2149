import assert from "node:assert/strict";
import { test } from "node:test";
import { guarddutyDetectorRequireEksAuditLogs } from "../../../policy-pack/policies/logging/guarddutyDetectorRequireEksAuditLogs";
import { guarddutyDetectorRequireEnabled } from "../../../policy-pack/policies/logging/guarddutyDetectorRequireEnabled";
import { violations } from "../helpers/policyHarness";

const DETECTOR = "aws:guardduty/detector:Detector";
const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";

test("an enabled detector passes; enable unset is AWS's default true", async () => {
  assert.deepEqual(await violations(guarddutyDetectorRequireEnabled, DETECTOR, { enable: true }), []);
  assert.deepEqual(await violations(guarddutyDetectorRequireEnabled, DETECTOR, {}), []);
});

test("a disabled detector is flagged", async () => {
  assert.deepEqual(await violations(guarddutyDetectorRequireEnabled, DETECTOR, { enable: false }), [
    "GuardDuty detector is disabled: set enable: true.",
  ]);
});

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
