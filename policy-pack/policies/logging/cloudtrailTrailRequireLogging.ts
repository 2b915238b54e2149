import { resourcePolicy } from "../../lib/policy";

/**
 * `enableLogging` defaults to true; `false` (or "false") creates the trail stopped: it exists, passes every
 * other trail policy, and records nothing. Only an explicit false is a finding.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-3
 */
export const cloudtrailTrailRequireLogging = resourcePolicy({
  name: "aws-cloudtrail-trail-require-logging",
  description:
    "CloudTrail trails must be logging (enableLogging not false): a stopped trail looks like coverage to " +
    "every review and records nothing, which is why stopping it is an intruder's first step.",
  catalog: ["CKV_AWS_251", "FSBP CloudTrail.3"],
  remediation: "Set enableLogging to true (or leave it unset: it defaults to true).",
  types: ["aws:cloudtrail/trail:Trail"],
  check: (props) => {
    if (!("enableLogging" in props)) return;
    const v = props.enableLogging;
    if (v === false || (typeof v === "string" && v.trim().toLowerCase() === "false"))
      return "Trail is stopped and records nothing: set enableLogging: true.";
  },
});
