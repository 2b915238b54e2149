import { stackPolicy, type StackViolation } from "../../lib/policy";
import {
  BUCKET_TYPES,
  bucketAttachments,
  dataClass,
  inlineExpiration,
  LIFECYCLE_TYPES,
  resourceExpiration,
  UNSEEN,
} from "../../lib/s3";

/**
 * Per bucket whose `rampart:data-class` is in config `dataClasses`: an enabled lifecycle rule that expires
 * current objects (`days` or `date`) over the whole bucket, inline (`lifecycleRules`, `enabled: true`) or in
 * a BucketLifecycleConfiguration(V2) (`rules`, `status: "Enabled"`). A rule narrowed by a prefix or filter
 * does not count: what it leaves out is kept forever. Unknown values are not judged.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-13
 */
export const s3BucketRequirePersonalDataExpiration = stackPolicy({
  name: "aws-s3-bucket-require-personal-data-expiration",
  description:
    "Buckets holding personal data (rampart:data-class transcripts, consent or application-logs) must expire " +
    "objects with a lifecycle rule (Security Hub S3.13, GDPR storage limitation): data kept past its " +
    "retention window is a liability in every breach and every access request.",
  catalog: ["FSBP S3.13"],
  remediation:
    'Add a BucketLifecycleConfiguration(V2) rule with status "Enabled", no prefix or filter, and expiration.days set to the data class\'s retention window.',
  types: [...BUCKET_TYPES, ...LIFECYCLE_TYPES],
  configSchema: {
    properties: {
      dataClasses: {
        type: "array",
        items: { type: "string" },
        default: ["transcripts", "consent", "application-logs"],
        description: "Values of the rampart:data-class tag that mark personal data.",
      },
    },
  },
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const classes: string[] = Array.isArray(ctx.config.dataClasses) ? ctx.config.dataClasses : [];
    const lifecycles = ctx.ofType(...LIFECYCLE_TYPES);
    for (const bucket of ctx.ofType(...BUCKET_TYPES)) {
      const cls = dataClass(bucket);
      if (cls === UNSEEN || cls === undefined || !classes.includes(cls)) continue;
      const inline = inlineExpiration(bucket);
      if (inline === UNSEEN || inline) continue;
      const { attached, unseen } = bucketAttachments(bucket, lifecycles);
      const states = attached.map(resourceExpiration);
      if (unseen || states.includes(UNSEEN) || states.includes(true)) continue;
      out.push({
        urn: bucket.urn,
        message:
          `Bucket "${bucket.name}" holds ${cls} data and never expires it: add a BucketLifecycleConfiguration ` +
          `rule (status "Enabled", no prefix or filter) with expiration.days set to the retention window.`,
      });
    }
    return out;
  },
});
