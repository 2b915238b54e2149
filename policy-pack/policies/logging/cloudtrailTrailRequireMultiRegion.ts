import { resourcePolicy } from "../../lib/policy";
import { isTrue } from "../../lib/values";

/** @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html */
export const cloudtrailTrailRequireMultiRegion = resourcePolicy({
  name: "aws-cloudtrail-trail-require-multi-region",
  description:
    "CloudTrail trails must record every region: an attacker who works in a region nobody uses would " +
    "otherwise leave no audit trail.",
  catalog: ["CKV_AWS_67", "AVD-AWS-0014", "CIS AWS 3.1", "FSBP CloudTrail.1"],
  remediation: "Set isMultiRegionTrail to true.",
  types: ["aws:cloudtrail/trail:Trail"],
  check: (props) => {
    if (!isTrue(props.isMultiRegionTrail))
      return "Trail records one region only: set isMultiRegionTrail: true.";
  },
});
