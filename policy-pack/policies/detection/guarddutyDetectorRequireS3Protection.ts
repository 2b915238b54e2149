import { DETECTOR, detectorOn, FEATURE, featuresOf, inlineSource } from "../../lib/guardduty";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { UNSEEN } from "../../lib/unknown";

/**
 * On in either form: inline `datasources.s3Logs.enable: true`, or a DetectorFeature `S3_DATA_EVENTS` with
 * status ENABLED. A feature with status DISABLED wins over the inline block (the feature API is the
 * current one and overrides it). Explicit, because the default depends on how and where the detector was
 * created. Values unknown during preview are not judged.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/s3-protection.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-10
 */
export const guarddutyDetectorRequireS3Protection = stackPolicy({
  name: "aws-guardduty-detector-require-s3-protection",
  description:
    "GuardDuty detectors must have S3 Protection enabled, inline or as a DetectorFeature (Security Hub " +
    "GuardDuty.10): it is what flags unusual reads of the model, transcript and log buckets from stolen " +
    "credentials.",
  // The S3 Protection control named in the description could not be verified in a catalog source here: GuardDuty.1 is the closest verified control.
  catalog: ["FSBP GuardDuty.1"],
  remediation:
    'Add a DetectorFeature named S3_DATA_EVENTS with status "ENABLED" (or set datasources.s3Logs.enable to true).',
  types: [DETECTOR, FEATURE],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const features = ctx.ofType(FEATURE);
    for (const detector of ctx.ofType(DETECTOR)) {
      if (!detectorOn(detector)) continue;
      const { states, unseen } = featuresOf(detector, features);
      const s3 = states.filter((s) => s.name === "S3_DATA_EVENTS" || s.name === UNSEEN);
      if (s3.some((s) => s.status === "DISABLED" && s.name === "S3_DATA_EVENTS")) {
        out.push({
          urn: detector.urn,
          message: `GuardDuty detector "${detector.name}" has S3 Protection disabled: set the S3_DATA_EVENTS feature's status to "ENABLED".`,
        });
        continue;
      }
      if (s3.some((s) => s.status === "ENABLED" || s.status === UNSEEN || s.name === UNSEEN)) continue;
      const inline = inlineSource(detector, "s3Logs");
      if (inline === true || inline === UNSEEN || unseen) continue;
      out.push({
        urn: detector.urn,
        message:
          `GuardDuty detector "${detector.name}" does not enable S3 Protection: add a DetectorFeature ` +
          `S3_DATA_EVENTS with status "ENABLED" (or datasources.s3Logs.enable: true).`,
      });
    }
    return out;
  },
});
