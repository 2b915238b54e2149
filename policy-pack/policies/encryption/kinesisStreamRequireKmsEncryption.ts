import { resourcePolicy } from "../../lib/policy";

/** @see https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html */
export const kinesisStreamRequireKmsEncryption = resourcePolicy({
  name: "aws-kinesis-stream-require-kms-encryption",
  description:
    "Kinesis data streams (log shipping) must encrypt records at rest with KMS; the default is no encryption.",
  catalog: ["CKV_AWS_43", "AVD-AWS-0064", "FSBP Kinesis.1"],
  remediation: 'Set encryptionType to "KMS" and kmsKeyId to a KMS key.',
  types: ["aws:kinesis/stream:Stream"],
  check: (props) => {
    if (props.encryptionType !== "KMS")
      return 'Kinesis stream is not encrypted: set encryptionType: "KMS" and kmsKeyId.';
  },
});
