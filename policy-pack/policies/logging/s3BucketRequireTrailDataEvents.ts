import { stackPolicy, type StackViolation } from "../../lib/policy";
import { BUCKET_TYPES, dataClass, UNSEEN } from "../../lib/s3";
import { bucketArn, dataEventCoverage, TRAIL_TYPES } from "../../lib/trails";

/**
 * Per bucket whose `rampart:data-class` is in config `dataClasses`: the stack's trails together must record
 * its object-level reads and writes, through basic `eventSelectors` (`AWS::S3::Object` with the bucket's
 * ARN or all buckets) or `advancedEventSelectors` (`eventCategory = Data`, `resources.type =
 * AWS::S3::Object`, `resources.ARN` admitting the bucket). A stack with no trail is not judged: the
 * account's trail then lives in the stack that owns account-wide settings. Selectors or bucket names
 * unknown during preview are not judged.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-22
 */
export const s3BucketRequireTrailDataEvents = stackPolicy({
  name: "aws-s3-bucket-require-trail-data-events",
  description:
    "Buckets holding model weights or transcripts (rampart:data-class in config dataClasses) must have their " +
    "object-level reads and writes recorded by a trail (Security Hub S3.22 and S3.23, CIS 3.8/3.9), so who " +
    "read the weights or the conversations can be answered.",
  catalog: ["AVD-AWS-0171", "AVD-AWS-0172", "CIS AWS 3.10", "CIS AWS 3.11"],
  remediation:
    'Add to a trail an eventSelectors entry (readWriteType "All") with dataResources type AWS::S3::Object and the bucket\'s ARN followed by "/", or the equivalent advancedEventSelectors.',
  types: [...BUCKET_TYPES, ...TRAIL_TYPES],
  configSchema: {
    properties: {
      dataClasses: {
        type: "array",
        items: { type: "string" },
        default: ["transcripts", "models"],
        description: "Values of the rampart:data-class tag whose buckets need data events.",
      },
    },
  },
  check: (_resources, ctx) => {
    const trails = ctx.ofType(...TRAIL_TYPES);
    if (trails.length === 0) return [];
    const classes: string[] = Array.isArray(ctx.config.dataClasses) ? ctx.config.dataClasses : [];
    const out: StackViolation[] = [];
    for (const bucket of ctx.ofType(...BUCKET_TYPES)) {
      const cls = dataClass(bucket);
      if (cls === UNSEEN || cls === undefined || !classes.includes(cls)) continue;
      const arn = bucketArn(bucket);
      if (arn === UNSEEN || arn === undefined) continue;
      const cov = dataEventCoverage(trails, arn);
      if (cov === UNSEEN || (cov.read && cov.write)) continue;
      const missing = !cov.read && !cov.write ? "reads and writes" : cov.read ? "writes" : "reads";
      out.push({
        urn: bucket.urn,
        message:
          `Bucket "${bucket.name}" (${cls}) has no trail recording its object ${missing}: add an event selector ` +
          `for AWS::S3::Object with "${arn}/" (readWriteType All) to a trail.`,
      });
    }
    return out;
  },
});
