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
 * Rampart-specific: no catalog checks a Firehose backup. The closest general control is the one it keeps
 * whole, audit logging of the search tier (Security Hub Opensearch.5, Checkov CKV_AWS_317): events the
 * domain rejects would otherwise leave gaps in it.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html#retry
 */
export const kinesisFirehoseRequireOpensearchBackup = resourcePolicy({
  name: "aws-kinesis-firehose-require-opensearch-backup",
  description:
    "Firehose streams into OpenSearch must back up failed documents to S3 (s3Configuration with a bucket): " +
    "otherwise audit events the domain rejects or cannot take are dropped, and the gap is invisible.",
  catalog: ["FSBP Opensearch.5", "CKV_AWS_317"],
  remediation:
    "Set <destination>.s3Configuration.bucketArn (with s3BackupMode FailedDocumentsOnly or AllDocuments) on each OpenSearch destination.",
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
