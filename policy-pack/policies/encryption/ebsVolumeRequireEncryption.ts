import { resourcePolicy } from "../../lib/policy";

/**
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
 */
export const ebsVolumeRequireEncryption = resourcePolicy({
  name: "aws-ebs-volume-require-encryption",
  description:
    "EBS volumes must be encrypted at rest: model weights, caches and logs on an unencrypted volume (and " +
    "every snapshot of it) are readable by anyone who can copy or share the snapshot.",
  catalog: ["CKV_AWS_3", "AVD-AWS-0026"],
  remediation: "Set encrypted to true (with kmsKeyId naming a customer managed key).",
  types: ["aws:ebs/volume:Volume"],
  check: (props) => {
    if (props.encrypted !== true) return "EBS volume is not encrypted: set encrypted: true (and kmsKeyId).";
  },
});
