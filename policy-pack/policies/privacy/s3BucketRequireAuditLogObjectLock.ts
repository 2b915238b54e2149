import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import {
  BUCKET_TYPES,
  bucketAttachments,
  dataClass,
  inlineObjectLock,
  OBJECT_LOCK_TYPES,
  resourceObjectLock,
  retentionMode,
  UNSEEN,
} from "../../lib/s3";
import { seen, type Unseen } from "../../lib/unknown";

/** The default retention mode set for the bucket (inline or attached), `undefined` for none, or UNSEEN. */
function modeOf(bucket: PolicyResource, attached: readonly PolicyResource[]): string | undefined | Unseen {
  const inline = seen(() => retentionMode(bucket.props, true));
  if (inline === UNSEEN || inline !== undefined) return inline;
  for (const r of attached) {
    const m = seen(() => retentionMode(r.props, false));
    if (m === UNSEEN || m !== undefined) return m;
  }
  return undefined;
}

/**
 * Per bucket whose `rampart:data-class` is `audit-logs`: Object Lock on (inline `objectLockEnabled` /
 * `objectLockConfiguration`, or a BucketObjectLockConfiguration(V2)) with a default retention whose mode is
 * in config `allowedModes`: COMPLIANCE only by default (prod), GOVERNANCE admitted where a stack must be
 * destroyable (dev). Without a default retention, objects are locked only if each writer asks, and AWS
 * services delivering logs do not. Unknown values are not judged.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-retention-modes
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-15
 */
export const s3BucketRequireAuditLogObjectLock = stackPolicy({
  name: "aws-s3-bucket-require-audit-log-object-lock",
  description:
    "Audit log buckets (rampart:data-class audit-logs) must have Object Lock with a default retention in an " +
    "allowed mode (COMPLIANCE; GOVERNANCE only where config allows it) (Security Hub S3.15): whoever " +
    "compromises an administrator must not be able to erase the evidence.",
  // CKV_AWS_143 checks Object Lock is enabled; S3.14 (versioning, which Object Lock requires) is the closest Security Hub control verified here.
  catalog: ["CKV_AWS_143", "FSBP S3.14"],
  remediation:
    'Set objectLockEnabled to true and add a BucketObjectLockConfiguration(V2) with rule.defaultRetention.mode "COMPLIANCE" and days or years.',
  types: [...BUCKET_TYPES, ...OBJECT_LOCK_TYPES],
  configSchema: {
    properties: {
      allowedModes: {
        type: "array",
        items: { type: "string", enum: ["COMPLIANCE", "GOVERNANCE"] },
        default: ["COMPLIANCE"],
        description: "Object Lock default retention modes accepted on audit log buckets.",
      },
      dataClasses: {
        type: "array",
        items: { type: "string" },
        default: ["audit-logs"],
        description: "Values of the rampart:data-class tag that mark an audit log bucket.",
      },
    },
  },
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const classes: string[] = Array.isArray(ctx.config.dataClasses) ? ctx.config.dataClasses : [];
    const allowed: string[] = Array.isArray(ctx.config.allowedModes) ? ctx.config.allowedModes : [];
    const locks = ctx.ofType(...OBJECT_LOCK_TYPES);
    for (const bucket of ctx.ofType(...BUCKET_TYPES)) {
      const cls = dataClass(bucket);
      if (cls === UNSEEN || cls === undefined || !classes.includes(cls)) continue;
      const { attached, unseen } = bucketAttachments(bucket, locks);
      const inline = inlineObjectLock(bucket);
      const states = attached.map(resourceObjectLock);
      if (inline === UNSEEN || unseen || states.includes(UNSEEN)) continue;
      if (!inline && !states.includes(true)) {
        out.push({
          urn: bucket.urn,
          message: `Audit log bucket "${bucket.name}" has no Object Lock: set objectLockEnabled: true and a BucketObjectLockConfiguration with a COMPLIANCE default retention.`,
        });
        continue;
      }
      const mode = modeOf(bucket, attached);
      if (mode === UNSEEN) continue;
      if (mode === undefined)
        out.push({
          urn: bucket.urn,
          message: `Audit log bucket "${bucket.name}" has Object Lock but no default retention: set rule.defaultRetention { mode: "${allowed[0] ?? "COMPLIANCE"}", days }.`,
        });
      else if (!allowed.includes(mode))
        out.push({
          urn: bucket.urn,
          message: `Audit log bucket "${bucket.name}" locks objects in ${mode} mode: use ${allowed.join(" or ") || "COMPLIANCE"} (GOVERNANCE retention can be bypassed with s3:BypassGovernanceRetention).`,
        });
    }
    return out;
  },
});
