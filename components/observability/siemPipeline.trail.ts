import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/logGroup";
import {
  ARCHIVE_PREFIXES,
  DATA_CLASS_TAG,
  trailArn,
  trailLogGroupName,
  trailName,
  trailRolePolicy,
  trailRoleTrustPolicy,
} from "./siemPipeline.logic";

export interface TrailInputs {
  readonly namePrefix: string;
  /** Log group prefix the `siem` key admits (`/rampart/<stack>/`). */
  readonly logGroupPrefix: string;
  readonly siemKeyArn: pulumi.Input<string>;
  readonly archiveBucketName: pulumi.Input<string>;
  /** Buckets whose object reads and writes are recorded; none: management events only. */
  readonly dataEventBucketArns: readonly pulumi.Input<string>[];
  readonly logRetentionDays: number;
  /** The archive's bucket policy (CloudTrail checks it may write before it creates the trail). */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface TrailOutputs {
  readonly trail: aws.cloudtrail.Trail;
  readonly trailArn: pulumi.Output<string>;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly logGroupName: pulumi.Output<string>;
  readonly role: aws.iam.Role;
}

/**
 * Management events, plus S3 object-level events for exactly the given buckets. Advanced selectors
 * match object ARNs, so each bucket ARN is given as `<bucket ARN>/` (its objects, not another bucket
 * whose name starts the same).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 */
export function trailEventSelectors(
  dataEventBucketArns: readonly pulumi.Input<string>[],
): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
  const selectors: aws.types.input.cloudtrail.TrailAdvancedEventSelector[] = [
    { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
  ];
  if (dataEventBucketArns.length > 0) {
    selectors.push({
      name: "S3 object events of the model and transcript buckets",
      fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        {
          field: "resources.ARN",
          startsWiths: dataEventBucketArns.map((arn) => pulumi.interpolate`${arn}/`),
        },
      ],
    });
  }
  return selectors;
}

/**
 * CloudTrail: multi-region with global service events, log-file validation (digest files prove nothing
 * was changed or removed), SSE-KMS with the `siem` key, delivered to the archive under `cloudtrail/` and
 * to a CloudWatch log group (for the CIS metric filters and the SIEM) through a role only our trail can
 * assume. @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
 */
export function createTrail(scope: pulumi.Resource, name: string, inputs: TrailInputs): TrailOutputs {
  const parent = { parent: scope };
  const tags = { ...inputs.tags };
  const identity = aws.getCallerIdentityOutput({}, parent);
  const region = aws.getRegionOutput({}, parent);
  const partition = aws.getPartitionOutput({}, parent);
  const trailNameValue = trailName(inputs.namePrefix);
  const arn = pulumi
    .all([partition.partition, region.region, identity.accountId])
    .apply(([p, r, accountId]) => trailArn({ partition: p, region: r, accountId, name: trailNameValue }));

  const logGroup = encryptedLogGroup(
    `${name}-trail-logs`,
    {
      name: trailLogGroupName(inputs.logGroupPrefix),
      kmsKeyArn: inputs.siemKeyArn,
      retentionDays: inputs.logRetentionDays,
      tags: { ...tags, [DATA_CLASS_TAG]: "audit-logs" },
    },
    parent,
  );
  const role = new aws.iam.Role(
    `${name}-trail-logs-role`,
    {
      description: "CloudTrail delivers the trail's events to its CloudWatch log group",
      assumeRolePolicy: pulumi
        .all([identity.accountId, arn])
        .apply(([accountId, trail]) => JSON.stringify(trailRoleTrustPolicy({ accountId, trailArn: trail }))),
      maxSessionDuration: 3600,
      tags,
    },
    parent,
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-trail-logs-write`,
    {
      role: role.name,
      policy: pulumi
        .all([identity.accountId, logGroup.arn])
        .apply(([accountId, logGroupArn]) => JSON.stringify(trailRolePolicy({ accountId, logGroupArn }))),
    },
    parent,
  );
  const trail = new aws.cloudtrail.Trail(
    `${name}-trail`,
    {
      name: trailNameValue,
      s3BucketName: inputs.archiveBucketName,
      s3KeyPrefix: ARCHIVE_PREFIXES.trail,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: inputs.siemKeyArn,
      // CloudTrail takes the group's ARN with its streams wildcard.
      // @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
      cloudWatchLogsGroupArn: pulumi.interpolate`${logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      advancedEventSelectors: trailEventSelectors(inputs.dataEventBucketArns),
      tags,
    },
    // CloudTrail checks at creation that it may write to the bucket and the log group.
    { parent: scope, dependsOn: [...(inputs.dependsOn ?? []), rolePolicy] },
  );
  return { trail, trailArn: trail.arn, logGroup, logGroupName: logGroup.name, role };
}
