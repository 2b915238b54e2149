import { resourcePolicy } from "../../lib/policy";

/**
 * `includeGlobalServiceEvents` defaults to true; only an explicit false (or "false") is a finding.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1
 */
export const cloudtrailTrailRequireGlobalServiceEvents = resourcePolicy({
  name: "aws-cloudtrail-trail-require-global-service-events",
  description:
    "Trails must include global service events (Security Hub CloudTrail.1, CIS 3.1): IAM, STS and " +
    "CloudFront calls are global, so without them role and policy changes leave no trail.",
  // KICS 8173d5eb flags include_global_service_events false; CloudTrail.1 (a multi-Region trail with management events) is the closest Security Hub control.
  catalog: ["KICS 8173d5eb-96b5-4aa6-a71b-ecfa153c123d", "FSBP CloudTrail.1"],
  remediation: "Set includeGlobalServiceEvents to true (or leave it unset: it defaults to true).",
  types: ["aws:cloudtrail/trail:Trail"],
  check: (props) => {
    if (!("includeGlobalServiceEvents" in props)) return;
    const v = props.includeGlobalServiceEvents;
    if (v === false || (typeof v === "string" && v.trim().toLowerCase() === "false"))
      return "Trail leaves out global service events (IAM, STS): set includeGlobalServiceEvents: true.";
  },
});
