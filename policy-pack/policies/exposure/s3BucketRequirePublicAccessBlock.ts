import { stackPolicy, type StackViolation } from "../../lib/policy";
import {
  ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPES,
  BUCKET_TYPES,
  bucketAttachments,
  PUBLIC_ACCESS_BLOCK_TYPES,
  publicAccessBlockAllOn,
  UNSEEN,
} from "../../lib/s3";

/**
 * A bucket is protected from a later public ACL or policy only by a public access block: its own
 * (`BucketPublicAccessBlock` whose `bucket` points at it) or the account's (`AccountPublicAccessBlock`),
 * with all four switches on. An account block in the stack with all four on covers every bucket. What
 * cannot be seen during preview (an unknown `bucket` or switch) is not flagged.
 * The policy sees only this stack: an account block managed by another stack or by the organization
 * is invisible here.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-bucket.html
 */
export const s3BucketRequirePublicAccessBlock = stackPolicy({
  name: "aws-s3-bucket-require-public-access-block",
  description:
    "Every S3 bucket must have a BucketPublicAccessBlock with all four settings on (or the stack must have an " +
    "AccountPublicAccessBlock with all four on): without one, a single public ACL or bucket policy, " +
    "written by mistake later, exposes the bucket to the internet.",
  catalog: ["AVD-AWS-0094"],
  remediation:
    "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets set to true.",
  types: [...BUCKET_TYPES, ...PUBLIC_ACCESS_BLOCK_TYPES, ...ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPES],
  configSchema: {
    properties: {
      accountBlockManagedElsewhere: {
        type: "boolean",
        default: false,
        description:
          "Set true only when the account's public access block (all four on) is managed outside this " +
          "stack (another stack, or the organization); the policy cannot see it from here.",
      },
    },
  },
  check: (_resources, ctx) => {
    if (ctx.config.accountBlockManagedElsewhere === true) return [];
    const account = ctx.ofType(...ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPES).map(publicAccessBlockAllOn);
    if (account.includes(true) || account.includes(UNSEEN)) return [];
    const out: StackViolation[] = [];
    const blocks = ctx.ofType(...PUBLIC_ACCESS_BLOCK_TYPES);
    for (const bucket of ctx.ofType(...BUCKET_TYPES)) {
      const { attached, unseen } = bucketAttachments(bucket, blocks);
      const states = attached.map(publicAccessBlockAllOn);
      if (unseen || states.includes(UNSEEN) || states.includes(true)) continue;
      out.push({
        urn: bucket.urn,
        message:
          attached.length === 0
            ? `Bucket "${bucket.name}" has no public access block: add a BucketPublicAccessBlock with ` +
              "blockPublicAcls, ignorePublicAcls, blockPublicPolicy and restrictPublicBuckets all true."
            : `Bucket "${bucket.name}" has a public access block with a setting off: set blockPublicAcls, ` +
              "ignorePublicAcls, blockPublicPolicy and restrictPublicBuckets all true.",
      });
    }
    return out;
  },
});
