import assert from "node:assert/strict";
import { test } from "node:test";
import { guarddutyDetectorRequireRuntimeMonitoring as policy } from "../../../policy-pack/policies/detection/guarddutyDetectorRequireRuntimeMonitoring";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { detectorWithId, feature } from "./guarddutyFixtures";

const MANAGED = { additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] };
const NONE =
  'GuardDuty detector "detector" has no runtime monitoring: add a DetectorFeature RUNTIME_MONITORING with status "ENABLED" and additionalConfigurations EKS_ADDON_MANAGEMENT "ENABLED".';
const UNMANAGED =
  'GuardDuty detector "detector" runs runtime monitoring without a managed EKS agent: set additionalConfigurations [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] on the feature.';

test("RUNTIME_MONITORING (or EKS_RUNTIME_MONITORING) enabled with a managed EKS agent passes", async () => {
  const d = detectorWithId();
  assert.deepEqual(await validateStack(policy, [d, feature("RUNTIME_MONITORING", "ENABLED", MANAGED)]), []);
  assert.deepEqual(
    await validateStack(policy, [d, feature("EKS_RUNTIME_MONITORING", "ENABLED", MANAGED)]),
    [],
  );
});

test("a detector without the feature, or with it DISABLED, is flagged", async () => {
  const d = detectorWithId();
  assert.deepEqual(await validateStack(policy, [d]), [{ urn: d.urn, message: NONE }]);
  assert.deepEqual(await validateStack(policy, [d, feature("RUNTIME_MONITORING", "DISABLED", MANAGED)]), [
    { urn: d.urn, message: NONE },
  ]);
  assert.deepEqual(await validateStack(policy, [d, feature("EKS_AUDIT_LOGS", "ENABLED")]), [
    { urn: d.urn, message: NONE },
  ]);
});

test("runtime monitoring whose agent GuardDuty does not manage is flagged", async () => {
  const d = detectorWithId();
  assert.deepEqual(await validateStack(policy, [d, feature("RUNTIME_MONITORING", "ENABLED")]), [
    { urn: d.urn, message: UNMANAGED },
  ]);
  const off = { additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" }] };
  assert.deepEqual(await validateStack(policy, [d, feature("RUNTIME_MONITORING", "ENABLED", off)]), [
    { urn: d.urn, message: UNMANAGED },
  ]);
});

test('a feature of another detector does not count; a disabled detector and status "" are handled', async () => {
  const d = detectorWithId();
  const other = feature("RUNTIME_MONITORING", "ENABLED", { ...MANAGED, detectorId: "other-id" });
  assert.deepEqual(await validateStack(policy, [d, other]), [{ urn: d.urn, message: NONE }]);
  assert.deepEqual(await validateStack(policy, [detectorWithId({ enable: false })]), []);
  assert.deepEqual(await validateStack(policy, [d, feature("RUNTIME_MONITORING", "", MANAGED)]), [
    { urn: d.urn, message: NONE },
  ]);
});

test("unknown values during preview (status, detector id, add-on status) are not judged", async () => {
  const d = detectorWithId();
  assert.deepEqual(await validateStack(policy, [d, feature("RUNTIME_MONITORING", UNKNOWN.string)]), []);
  assert.deepEqual(
    await validateStack(policy, [
      d,
      feature("RUNTIME_MONITORING", "ENABLED", { ...MANAGED, detectorId: UNKNOWN.string }),
    ]),
    [],
  );
  const unknownAddon = {
    additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: UNKNOWN.string }],
  };
  assert.deepEqual(
    await validateStack(policy, [d, feature("RUNTIME_MONITORING", "ENABLED", unknownAddon)]),
    [],
  );
});
