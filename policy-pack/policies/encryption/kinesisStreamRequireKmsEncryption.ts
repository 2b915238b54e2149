import { resourcePolicy } from "../../lib/policy";

/** @see https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html */
export const kinesisStreamRequireKmsEncryption = resourcePolicy({
  name: "aws-kinesis-stream-require-kms-encryption",
  description:
    "Kinesis data streams (log shipping) must encrypt records at rest with KMS; the default is no encryption.",
  types: ["aws:kinesis/stream:Stream"],
  check: (props) => {
    if (props.encryptionType !== "KMS")
      return 'Kinesis stream is not encrypted: set encryptionType: "KMS" and kmsKeyId.';
  },
});
