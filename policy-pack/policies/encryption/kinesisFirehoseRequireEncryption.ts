import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

/**
 * `serverSideEncryption` only applies to Direct PUT streams; a stream reading from a Kinesis stream
 * (`kinesisSourceConfiguration`) or MSK uses its source's encryption, judged by that source's policy.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/encryption.html
 */
export const kinesisFirehoseRequireEncryption = resourcePolicy({
  name: "aws-kinesis-firehose-require-encryption",
  description:
    "Firehose delivery streams that accept records directly must encrypt buffered data at rest; log " +
    "records waiting for delivery are otherwise stored in clear.",
  catalog: ["CKV_AWS_240"],
  remediation:
    "Set serverSideEncryption to { enabled: true } (keyType CUSTOMER_MANAGED_CMK with keyArn for our key).",
  types: ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
  check: (props) => {
    if ("kinesisSourceConfiguration" in props && props.kinesisSourceConfiguration) return;
    if ("mskSourceConfiguration" in props && props.mskSourceConfiguration) return;
    const sse = "serverSideEncryption" in props ? asObject(props.serverSideEncryption) : undefined;
    if (sse?.enabled !== true)
      return "Firehose delivery stream is not encrypted: set serverSideEncryption: { enabled: true }.";
  },
});
