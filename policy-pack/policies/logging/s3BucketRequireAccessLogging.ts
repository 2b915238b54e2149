import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { attachedTo } from "../../lib/refs";
import {
  BUCKET_ID_PROPS,
  BUCKET_TYPES,
  bucketAttachments,
  dataClass,
  inlineLogging,
  LOGGING_TYPES,
  UNSEEN,
} from "../../lib/s3";
import { TRAIL_TYPES } from "../../lib/trails";
import { at, plain } from "../../lib/values";

/**
 * Only buckets the program marks as log buckets (`rampart:data-class` in config `logDataClasses`) are
 * judged: which other buckets deserve access logs is not visible from the program. A bucket that is itself
 * the `targetBucket` of another bucket's access logging is the terminal sink and is exempt (logging it
 * would need yet another bucket, forever). `audit-logs` and `application-logs` are the #13 data classes of
 * the SIEM archive and application log buckets (the archive's access logs need a bucket without Object
 * Lock: S3 refuses a locked bucket as a log target). A trail's bucket (a stack bucket whose `bucket` or `id`
 * is a trail's `s3BucketName`) is judged whatever its tag, as CIS 3.6 / Security Hub CloudTrail.7 ask.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
 */
export const s3BucketRequireAccessLogging = stackPolicy({
  name: "aws-s3-bucket-require-access-logging",
  description:
    "Log buckets (CloudTrail, flow-log and SIEM archives) must have S3 server access logging, inline or with " +
    "a BucketLogging resource, so reads and deletions of the audit trail are themselves recorded.",
  catalog: ["AVD-AWS-0089", "AVD-AWS-0163", "CIS AWS 3.6", "FSBP S3.9", "FSBP CloudTrail.7"],
  remediation:
    "Add a BucketLogging(V2) (or inline loggings) for the log bucket with targetBucket set to the access-log bucket.",
  types: [...BUCKET_TYPES, ...LOGGING_TYPES, ...TRAIL_TYPES],
  configSchema: {
    properties: {
      logDataClasses: {
        type: "array",
        items: { type: "string" },
        default: ["logs", "audit", "audit-logs", "application-logs"],
        description: "Values of the rampart:data-class tag that mark a bucket as a log bucket.",
      },
    },
  },
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const classes: string[] = Array.isArray(ctx.config.logDataClasses) ? ctx.config.logDataClasses : [];
    const loggings = ctx.ofType(...LOGGING_TYPES);
    const trailBuckets = new Set<string>();
    for (const t of ctx.ofType(...TRAIL_TYPES)) {
      const name = at(plain(t.props), "s3BucketName");
      if (typeof name === "string" && name.trim() !== "") trailBuckets.add(name.trim());
    }
    const isTrailBucket = (b: PolicyResource) => {
      const p = plain(b.props);
      return [at(p, "bucket"), at(p, "id")].some((v) => typeof v === "string" && trailBuckets.has(v));
    };
    for (const bucket of ctx.ofType(...BUCKET_TYPES)) {
      const cls = dataClass(bucket);
      const logBucket = cls !== UNSEEN && cls !== undefined && classes.includes(cls);
      if (!logBucket && !isTrailBucket(bucket)) continue;
      const inline = inlineLogging(bucket);
      if (inline === UNSEEN || inline) continue;
      const own = bucketAttachments(bucket, loggings);
      if (own.attached.length > 0 || own.unseen) continue;
      const sink = attachedTo(bucket, loggings, "targetBucket", BUCKET_ID_PROPS);
      if (sink.attached.length > 0 || sink.unseen) continue;
      out.push({
        urn: bucket.urn,
        message: `Log bucket "${bucket.name}" has no server access logging: add a BucketLogging with a targetBucket.`,
      });
    }
    return out;
  },
});
