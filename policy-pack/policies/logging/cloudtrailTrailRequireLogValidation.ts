import { resourcePolicy } from "../../lib/policy";
import { isTrue } from "../../lib/values";

/** @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html */
export const cloudtrailTrailRequireLogValidation = resourcePolicy({
  name: "aws-cloudtrail-trail-require-log-validation",
  description:
    "CloudTrail trails must write digest files (log file validation), so tampering with or deleting audit " +
    "log files after delivery can be proven.",
  catalog: ["CKV_AWS_36", "AVD-AWS-0016", "CIS AWS 3.2", "FSBP CloudTrail.4"],
  remediation: "Set enableLogFileValidation to true.",
  types: ["aws:cloudtrail/trail:Trail"],
  check: (props) => {
    if (!isTrue(props.enableLogFileValidation))
      return "Trail log file validation is off: set enableLogFileValidation: true.";
  },
});
