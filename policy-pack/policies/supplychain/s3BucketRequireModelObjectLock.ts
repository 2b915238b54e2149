import { stackPolicy, type StackViolation } from "../../lib/policy";
import {
  BUCKET_TYPES,
  bucketAttachments,
  dataClass,
  inlineObjectLock,
  OBJECT_LOCK_TYPES,
  resourceObjectLock,
  UNSEEN,
} from "../../lib/s3";

/** @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html */
export const s3BucketRequireModelObjectLock = stackPolicy({
  name: "aws-s3-bucket-require-model-object-lock",
  description:
    "Model artifact buckets (rampart:data-class in config modelDataClasses) must have S3 Object Lock (inline " +
    "objectLockEnabled or a BucketObjectLockConfiguration), so released model versions cannot be deleted or " +
    "replaced, even by an administrator, during their retention.",
  types: [...BUCKET_TYPES, ...OBJECT_LOCK_TYPES],
  configSchema: {
    properties: {
      modelDataClasses: {
        type: "array",
        items: { type: "string" },
        default: ["models"],
        description: "Values of the rampart:data-class tag that mark a model artifact bucket.",
      },
    },
  },
  check: (resources, ctx) => {
    const out: StackViolation[] = [];
    const classes: string[] = Array.isArray(ctx.config.modelDataClasses) ? ctx.config.modelDataClasses : [];
    for (const bucket of ctx.ofType(...BUCKET_TYPES)) {
      const cls = dataClass(bucket);
      if (cls === UNSEEN || cls === undefined || !classes.includes(cls)) continue;
      const inline = inlineObjectLock(bucket);
      if (inline === UNSEEN || inline) continue;
      const { attached, unseen } = bucketAttachments(bucket, resources, OBJECT_LOCK_TYPES);
      const states = attached.map(resourceObjectLock);
      if (unseen || states.includes(UNSEEN) || states.includes(true)) continue;
      out.push({
        urn: bucket.urn,
        message: `Model bucket "${bucket.name}" has no object lock: set objectLockEnabled: true (or add a BucketObjectLockConfiguration).`,
      });
    }
    return out;
  },
});
