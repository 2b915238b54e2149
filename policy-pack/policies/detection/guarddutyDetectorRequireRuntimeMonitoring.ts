import { additionalStatus, DETECTOR, detectorOn, FEATURE, featuresOf } from "../../lib/guardduty";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { UNSEEN } from "../../lib/unknown";

const RUNTIME = ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"];

/**
 * Runtime monitoring exists only as a DetectorFeature (`RUNTIME_MONITORING`, or the older
 * `EKS_RUNTIME_MONITORING`), and is off unless enabled. With `EKS_ADDON_MANAGEMENT` enabled GuardDuty
 * installs and updates its agent on the cluster; without it someone must, and on a private cluster nobody
 * does. Features whose detector or status is unknown during preview are not judged.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-7
 */
export const guarddutyDetectorRequireRuntimeMonitoring = stackPolicy({
  name: "aws-guardduty-detector-require-runtime-monitoring",
  description:
    "GuardDuty detectors must have runtime monitoring enabled with the EKS agent managed by GuardDuty " +
    "(Security Hub GuardDuty.7 and GuardDuty.11): process, file and network events on the nodes are what " +
    "reveal a compromised model server or crypto-mining on GPU nodes.",
  // The runtime monitoring controls named in the description could not be verified in a catalog source here: GuardDuty.1 is the closest verified control.
  catalog: ["FSBP GuardDuty.1"],
  remediation:
    'Add a DetectorFeature named RUNTIME_MONITORING with status "ENABLED" and additionalConfigurations [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }].',
  types: [DETECTOR, FEATURE],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const features = ctx.ofType(FEATURE);
    for (const detector of ctx.ofType(DETECTOR)) {
      if (!detectorOn(detector)) continue;
      const { states, unseen } = featuresOf(detector, features);
      if (states.some((s) => s.name === UNSEEN || s.status === UNSEEN)) continue;
      const runtime = states.filter((s) => RUNTIME.includes(s.name as string) && s.status === "ENABLED");
      if (runtime.length === 0) {
        if (unseen) continue;
        out.push({
          urn: detector.urn,
          message:
            `GuardDuty detector "${detector.name}" has no runtime monitoring: add a DetectorFeature ` +
            `RUNTIME_MONITORING with status "ENABLED" and additionalConfigurations EKS_ADDON_MANAGEMENT "ENABLED".`,
        });
        continue;
      }
      const managed = runtime.map((s) => additionalStatus(s.resource, "EKS_ADDON_MANAGEMENT"));
      if (managed.some((m) => m === "ENABLED" || m === UNSEEN)) continue;
      out.push({
        urn: detector.urn,
        message:
          `GuardDuty detector "${detector.name}" runs runtime monitoring without a managed EKS agent: set ` +
          `additionalConfigurations [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] on the feature.`,
      });
    }
    return out;
  },
});
