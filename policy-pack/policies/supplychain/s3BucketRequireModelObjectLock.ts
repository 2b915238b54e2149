import { modelBucketPolicy } from "../../lib/modelBuckets";
import { inlineObjectLock, OBJECT_LOCK_TYPES, resourceObjectLock } from "../../lib/s3";

/** @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html */
export const s3BucketRequireModelObjectLock = modelBucketPolicy({
  name: "aws-s3-bucket-require-model-object-lock",
  description:
    "Model artifact buckets (rampart:data-class in config modelDataClasses) must have S3 Object Lock (inline " +
    "objectLockEnabled or a BucketObjectLockConfiguration), so released model versions cannot be deleted or " +
    "replaced, even by an administrator, during their retention.",
  catalog: ["CKV_AWS_143"],
  remediation:
    "Set objectLockEnabled to true (or add an aws.s3.BucketObjectLockConfiguration) on every bucket tagged with a model data class.",
  attachmentTypes: OBJECT_LOCK_TYPES,
  inline: inlineObjectLock,
  attached: resourceObjectLock,
  message: (bucket) =>
    `Model bucket "${bucket.name}" has no object lock: set objectLockEnabled: true (or add a BucketObjectLockConfiguration).`,
});
