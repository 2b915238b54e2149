import { resourcePolicy } from "../../lib/policy";

/**
 * Deletion protection is off unless `deletionProtection: true`; with it, a `DeleteDBInstance` call (or a
 * `pulumi destroy`, or a replacement) fails until someone turns it off first.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection
 */
export const rdsInstanceRequireDeletionProtection = resourcePolicy({
  name: "aws-rds-instance-require-deletion-protection",
  description:
    "RDS instances must have deletion protection, so one API call, a stack destroy or an accidental " +
    "replacement cannot delete the database (and, unless kept, its automated backups).",
  catalog: ["CKV_AWS_293", "AVD-AWS-0177", "FSBP RDS.8"],
  remediation: "Set deletionProtection to true.",
  types: ["aws:rds/instance:Instance"],
  check: (props) => {
    if (props.deletionProtection !== true)
      return "RDS instance has no deletion protection: set deletionProtection: true.";
  },
});
