import { resourcePolicy } from "../../lib/policy";

/** @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html */
export const cloudtrailTrailRequireLogValidation = resourcePolicy({
  name: "aws-cloudtrail-trail-require-log-validation",
  description:
    "CloudTrail trails must write digest files (log file validation), so tampering with or deleting audit " +
    "log files after delivery can be proven.",
  types: ["aws:cloudtrail/trail:Trail"],
  check: (props) => {
    if (props.enableLogFileValidation !== true)
      return "Trail log file validation is off: set enableLogFileValidation: true.";
  },
});
