import { stackPolicy, type StackViolation } from "../../lib/policy";
import {
  BUCKET_TYPES,
  bucketAttachments,
  dataClass,
  inlineObjectLock,
  inlineVersioning,
  resourceVersioning,
  UNSEEN,
  VERSIONING_TYPES,
} from "../../lib/s3";

/**
 * A stack policy because versioning is usually a separate `BucketVersioning(V2)` resource pointing at the
 * bucket (joined as lib/s3.ts joins default encryption); inline it is `versioning.enabled` (Bucket) or
 * `versionings[].enabled` (BucketV2). A bucket created with Object Lock (`objectLockEnabled`) is versioned
 * by S3 itself. "Suspended" keeps old versions but stops making new ones, so it does not count. Buckets
 * whose `rampart:data-class` is in config `exemptDataClasses` are not judged (none by default).
 * What cannot be seen during preview (an unknown flag, an attachment whose bucket is unknown) is not flagged.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 */
export const s3BucketRequireVersioning = stackPolicy({
  name: "aws-s3-bucket-require-versioning",
  description:
    "S3 buckets must have versioning enabled (inline or with a BucketVersioning resource), so an overwritten " +
    "or deleted object can be recovered and ransomware that rewrites objects does not destroy the originals.",
  catalog: ["CKV_AWS_21", "AVD-AWS-0090", "FSBP S3.14"],
  remediation: 'Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration.status "Enabled".',
  types: [...BUCKET_TYPES, ...VERSIONING_TYPES],
  configSchema: {
    properties: {
      exemptDataClasses: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Values of the rampart:data-class tag whose buckets need not be versioned.",
      },
    },
  },
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const exempt: string[] = Array.isArray(ctx.config.exemptDataClasses) ? ctx.config.exemptDataClasses : [];
    const versionings = ctx.ofType(...VERSIONING_TYPES);
    for (const bucket of ctx.ofType(...BUCKET_TYPES)) {
      const cls = dataClass(bucket);
      if (cls === UNSEEN || (cls !== undefined && exempt.includes(cls))) continue;
      const inline = inlineVersioning(bucket);
      if (inline === UNSEEN || inline) continue;
      const locked = inlineObjectLock(bucket);
      if (locked === UNSEEN || locked) continue;
      const { attached, unseen } = bucketAttachments(bucket, versionings);
      const states = attached.map(resourceVersioning);
      if (unseen || states.includes(UNSEEN) || states.includes(true)) continue;
      out.push({
        urn: bucket.urn,
        message:
          attached.length > 0
            ? `S3 bucket "${bucket.name}" has versioning that is not "Enabled" (BucketVersioning "${attached[0]?.name}"): set versioningConfiguration.status "Enabled".`
            : `S3 bucket "${bucket.name}" is not versioned: add a BucketVersioning with versioningConfiguration.status "Enabled".`,
      });
    }
    return out;
  },
});
