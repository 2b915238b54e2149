import { stackPolicy, type StackViolation } from "../../lib/policy";
import {
  BUCKET_TYPES,
  bucketAttachments,
  dataClass,
  inlineSse,
  resourceSse,
  SSE_TYPES,
  type SseDefault,
  UNSEEN,
} from "../../lib/s3";
import { isSet } from "../../lib/values";

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/**
 * A stack policy because default encryption is usually a separate resource
 * (`BucketServerSideEncryptionConfiguration`) pointing at the bucket. S3 applies SSE-S3 to new objects
 * even without one, but that key is AWS's: data classes that need our key (config `kmsDataClasses`,
 * matched on the `rampart:data-class` tag) must name a KMS key.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html
 */
export const s3BucketRequireEncryption = stackPolicy({
  name: "aws-s3-bucket-require-encryption",
  description:
    "S3 buckets must declare default encryption (inline or with a BucketServerSideEncryptionConfiguration), " +
    "and buckets whose rampart:data-class needs it (models, logs, secrets by default) must use a KMS key, so " +
    "reading objects also needs the key policy's consent.",
  catalog: ["CKV_AWS_19", "CKV_AWS_145", "AVD-AWS-0088", "CIS AWS 2.1.1"],
  remediation:
    'Add a BucketServerSideEncryptionConfiguration (or inline rule) with sseAlgorithm "aws:kms" and kmsMasterKeyId set to our KMS key.',
  types: [...BUCKET_TYPES, ...SSE_TYPES],
  configSchema: {
    properties: {
      kmsDataClasses: {
        type: "array",
        items: { type: "string" },
        default: ["models", "logs", "secrets"],
        description: "Values of the rampart:data-class tag whose buckets must be encrypted with a KMS key.",
      },
    },
  },
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const kmsClasses: string[] = Array.isArray(ctx.config.kmsDataClasses) ? ctx.config.kmsDataClasses : [];
    const sseConfigs = ctx.ofType(...SSE_TYPES);
    for (const bucket of ctx.ofType(...BUCKET_TYPES)) {
      const inline = inlineSse(bucket);
      if (inline === UNSEEN) continue;
      const { attached, unseen } = bucketAttachments(bucket, sseConfigs);
      const fromResources = attached.map(resourceSse);
      if (fromResources.includes(UNSEEN)) continue;
      const defaults = [...inline, ...(fromResources as SseDefault[][]).flat()];
      if (defaults.length === 0) {
        if (!unseen)
          out.push({
            urn: bucket.urn,
            message: `S3 bucket "${bucket.name}" declares no default encryption: add a BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms".`,
          });
        continue;
      }
      const cls = dataClass(bucket);
      if (cls === UNSEEN || cls === undefined || !kmsClasses.includes(cls)) continue;
      const kms = defaults.some(
        (d) => d.algorithm !== undefined && KMS_ALGORITHMS.includes(d.algorithm) && isSet(d.kmsKey),
      );
      if (!kms)
        out.push({
          urn: bucket.urn,
          message: `S3 bucket "${bucket.name}" holds data class "${cls}", which needs our KMS key: set sseAlgorithm "aws:kms" and kmsMasterKeyId.`,
        });
    }
    return out;
  },
});
