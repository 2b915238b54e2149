import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import {
  BUCKET_TYPES,
  bucketAttachments,
  inlineObjectLock,
  inlineVersioning,
  OBJECT_LOCK_TYPES,
  PUBLIC_ACCESS_BLOCK_TYPES,
  publicAccessBlockAllOn,
  resourceObjectLock,
  resourceVersioning,
  UNSEEN,
  VERSIONING_TYPES,
} from "../../lib/s3";
import { TRAIL_TYPES } from "../../lib/trails";
import type { Unseen } from "../../lib/unknown";
import { at, plain } from "../../lib/values";

/** True when inline or some attached resource says yes; UNSEEN when that cannot be told. */
function either(
  bucket: PolicyResource,
  inline: (b: PolicyResource) => boolean | Unseen,
  candidates: readonly PolicyResource[],
  attached: (r: PolicyResource) => boolean | Unseen,
): boolean | Unseen {
  const i = inline(bucket);
  if (i === true) return true;
  const { attached: mine, unseen } = bucketAttachments(bucket, candidates);
  const states = mine.map(attached);
  if (states.includes(true)) return true;
  return i === UNSEEN || unseen || states.includes(UNSEEN) ? UNSEEN : false;
}

/**
 * The trail's bucket is found by `s3BucketName` among the stack's buckets (its `bucket` or `id`); a bucket
 * outside the stack is not judged. Object Lock alone is enough (locked versions cannot be deleted or
 * overwritten); otherwise versioning and a public access block with all four switches on are both needed.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-6
 */
export const cloudtrailTrailRequireProtectedBucket = stackPolicy({
  name: "aws-cloudtrail-trail-require-protected-bucket",
  description:
    "A trail's S3 bucket must have Object Lock, or at least versioning and a public access block with every " +
    "switch on (Security Hub CloudTrail.6, CIS 3.3): the audit trail is the first thing an intruder deletes " +
    "or exposes.",
  catalog: ["AVD-AWS-0161", "CIS AWS 3.3", "FSBP CloudTrail.6"],
  remediation:
    "Enable Object Lock on the trail's bucket (objectLockEnabled: true), or add a BucketVersioning with status Enabled and a BucketPublicAccessBlock with all four switches true.",
  types: [
    ...TRAIL_TYPES,
    ...BUCKET_TYPES,
    ...OBJECT_LOCK_TYPES,
    ...VERSIONING_TYPES,
    ...PUBLIC_ACCESS_BLOCK_TYPES,
  ],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const buckets = ctx.ofType(...BUCKET_TYPES);
    const locks = ctx.ofType(...OBJECT_LOCK_TYPES);
    const versionings = ctx.ofType(...VERSIONING_TYPES);
    const blocks = ctx.ofType(...PUBLIC_ACCESS_BLOCK_TYPES);
    for (const trail of ctx.ofType(...TRAIL_TYPES)) {
      const name = at(plain(trail.props), "s3BucketName");
      if (typeof name !== "string" || name.trim() === "") continue;
      const bucket = buckets.find((b) => {
        const p = plain(b.props);
        return at(p, "bucket") === name || at(p, "id") === name;
      });
      if (!bucket) continue;
      const lock = either(bucket, inlineObjectLock, locks, resourceObjectLock);
      if (lock !== false) continue;
      const versioned = either(bucket, inlineVersioning, versionings, resourceVersioning);
      const pab = bucketAttachments(bucket, blocks);
      const pabStates = pab.attached.map(publicAccessBlockAllOn);
      const blocked = pabStates.includes(true)
        ? true
        : pab.unseen || pabStates.includes(UNSEEN)
          ? UNSEEN
          : false;
      const missing = [
        ...(versioned === false ? ["versioning"] : []),
        ...(blocked === false ? ["a public access block with all four switches on"] : []),
      ];
      if (missing.length === 0) continue;
      out.push({
        urn: trail.urn,
        message:
          `Trail "${trail.name}" delivers to bucket "${bucket.name}", which has no Object Lock and lacks ` +
          `${missing.join(" and ")}: enable Object Lock (preferred), or add versioning and a BucketPublicAccessBlock.`,
      });
    }
    return out;
  },
});
