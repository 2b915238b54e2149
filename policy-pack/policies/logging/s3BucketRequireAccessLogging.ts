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

/**
 * Only buckets the program marks as log buckets (`rampart:data-class` in config `logDataClasses`) are
 * judged: which other buckets deserve access logs is not visible from the program. A bucket that is itself
 * the `targetBucket` of another bucket's access logging is the terminal sink and is exempt (logging it
 * would need yet another bucket, forever). `audit-logs` and `application-logs` are the #13 data classes of
 * the SIEM archive and application log buckets (the archive's access logs need a bucket without Object
 * Lock: S3 refuses a locked bucket as a log target).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
 */
export const s3BucketRequireAccessLogging = stackPolicy({
  name: "aws-s3-bucket-require-access-logging",
  description:
    "Log buckets (CloudTrail, flow-log and SIEM archives) must have S3 server access logging, inline or with " +
    "a BucketLogging resource, so reads and deletions of the audit trail are themselves recorded.",
  catalog: ["AVD-AWS-0089", "AVD-AWS-0163", "CIS AWS 3.6", "FSBP S3.9", "FSBP CloudTrail.7"],
  remediation:
    "Add a BucketLogging(V2) (or inline loggings) for the log bucket with targetBucket set to the access-log bucket.",
  types: [...BUCKET_TYPES, ...LOGGING_TYPES],
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
    for (const bucket of ctx.ofType(...BUCKET_TYPES)) {
      const cls = dataClass(bucket);
      if (cls === UNSEEN || cls === undefined || !classes.includes(cls)) continue;
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
