import { stackPolicy, type StackViolation } from "../../lib/policy";
import {
  BUCKET_TYPES,
  bucketAttachments,
  dataClass,
  inlineVersioning,
  resourceVersioning,
  UNSEEN,
  VERSIONING_TYPES,
} from "../../lib/s3";

/** @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html */
export const s3BucketRequireModelVersioning = stackPolicy({
  name: "aws-s3-bucket-require-model-versioning",
  description:
    "Model artifact buckets (rampart:data-class in config modelDataClasses) must have versioning enabled " +
    "(inline or with a BucketVersioning resource), so an overwritten or poisoned model can be traced and " +
    "rolled back.",
  types: [...BUCKET_TYPES, ...VERSIONING_TYPES],
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
      const inline = inlineVersioning(bucket);
      if (inline === UNSEEN || inline) continue;
      const { attached, unseen } = bucketAttachments(bucket, resources, VERSIONING_TYPES);
      const states = attached.map(resourceVersioning);
      if (unseen || states.includes(UNSEEN) || states.includes(true)) continue;
      out.push({
        urn: bucket.urn,
        message: `Model bucket "${bucket.name}" is not versioned: add a BucketVersioning with status "Enabled".`,
      });
    }
    return out;
  },
});
