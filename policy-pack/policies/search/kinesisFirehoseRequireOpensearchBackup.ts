import { resourcePolicy } from "../../lib/policy";
import { asObject, isSet } from "../../lib/values";

const DESTINATIONS = [
  "opensearchConfiguration",
  "elasticsearchConfiguration",
  "opensearchserverlessConfiguration",
];

/**
 * For an OpenSearch destination, documents the domain rejects (mapping errors, a full or unreachable
 * domain past the retry window) go to `s3Configuration`; `s3BackupMode` FailedDocumentsOnly (the default)
 * or AllDocuments both keep them.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html#retry
 */
export const kinesisFirehoseRequireOpensearchBackup = resourcePolicy({
  name: "aws-kinesis-firehose-require-opensearch-backup",
  description:
    "Firehose streams into OpenSearch must back up failed documents to S3 (s3Configuration with a bucket): " +
    "otherwise audit events the domain rejects or cannot take are dropped, and the gap is invisible.",
  types: ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
  check: (props) => {
    const out: string[] = [];
    for (const key of DESTINATIONS) {
      const dest = key in props ? asObject(props[key]) : undefined;
      if (!dest) continue;
      const s3 = "s3Configuration" in dest ? asObject(dest.s3Configuration) : undefined;
      if (!s3 || !("bucketArn" in s3) || !isSet(s3.bucketArn))
        out.push(
          `Firehose ${key} has no backup for failed documents: set ${key}.s3Configuration.bucketArn (the archive).`,
        );
    }
    return out;
  },
});
