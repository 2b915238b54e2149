import { modelBucketPolicy } from "../../lib/modelBuckets";
import { inlineLogging, LOGGING_TYPES } from "../../lib/s3";
import { seen } from "../../lib/unknown";

/** @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html */
export const s3BucketRequireModelAccessLogging = modelBucketPolicy({
  name: "aws-s3-bucket-require-model-access-logging",
  description:
    "Model artifact buckets (rampart:data-class in config modelDataClasses) must have S3 server access " +
    "logging (inline or with a BucketLogging resource), so every read, write and delete of model weights is " +
    "recorded, including requests the bucket policy refused.",
  catalog: ["AVD-AWS-0089"],
  remediation:
    "Add an aws.s3.BucketLogging (or inline logging) with a targetBucket for every bucket tagged with a model data class.",
  attachmentTypes: LOGGING_TYPES,
  inline: inlineLogging,
  attached: (r) =>
    seen(
      () =>
        "targetBucket" in r.props && typeof r.props.targetBucket === "string" && r.props.targetBucket !== "",
    ),
  message: (bucket) =>
    `Model bucket "${bucket.name}" has no server access logging: add a BucketLogging with a targetBucket.`,
});
