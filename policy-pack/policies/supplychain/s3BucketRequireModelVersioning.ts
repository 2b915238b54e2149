import { modelBucketPolicy } from "../../lib/modelBuckets";
import { inlineVersioning, VERSIONING_TYPES, resourceVersioning } from "../../lib/s3";

/** @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html */
export const s3BucketRequireModelVersioning = modelBucketPolicy({
  name: "aws-s3-bucket-require-model-versioning",
  description:
    "Model artifact buckets (rampart:data-class in config modelDataClasses) must have versioning enabled " +
    "(inline or with a BucketVersioning resource), so an overwritten or poisoned model can be traced and " +
    "rolled back.",
  catalog: ["AVD-AWS-0090"],
  remediation:
    'Add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled" on every bucket tagged with a model data class.',
  attachmentTypes: VERSIONING_TYPES,
  inline: inlineVersioning,
  attached: resourceVersioning,
  message: (bucket) =>
    `Model bucket "${bucket.name}" is not versioned: add a BucketVersioning with status "Enabled".`,
});
