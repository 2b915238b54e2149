import { cisFiltersAndAlarms, GROUP_ARN, GROUP_NAME } from "../logging/cisFixtures";
import { siemDomain, siemFirehose } from "../search/searchFixtures";
import { res } from "./awsStack";

/**
 * The #13 resources as the contracts (components/observability/siemPipeline.args.ts,
 * components/privacy/privacyControls.args.ts) describe them, with the outputs a stack policy sees: the
 * shape the SIEM builders are expected to emit. test/policies/siemContract.test.ts runs the whole pack
 * over it with each stack's policy config, so a policy that would refuse the design fails here first.
 */
const ACCOUNT = "111122223333";
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/siem-key-id`;
const PRIVACY_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/privacy-key-id`;
const ALL_ON = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

function bucket(name: string, dataClass: string, key: string, extra: Record<string, any> = {}) {
  const b = res("aws:s3/bucketV2:BucketV2", name, {
    bucket: `rampart-prod-${name}`,
    arn: `arn:aws:s3:::rampart-prod-${name}`,
    id: `rampart-prod-${name}`,
    tags: { "rampart:data-class": dataClass },
    ...extra,
  });
  const on = (type: string, role: string, props: Record<string, any>) =>
    res(type, `${name}-${role}`, { bucket: b.props.bucket, ...props }, [b]);
  return [
    b,
    on("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "sse", {
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key },
          bucketKeyEnabled: true,
        },
      ],
    }),
    on("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", ALL_ON),
    on("aws:s3/bucketVersioningV2:BucketVersioningV2", "versioning", {
      versioningConfiguration: { status: "Enabled" },
    }),
  ];
}

const logGroup = (name: string, dataClass: string, key = KEY) =>
  res("aws:cloudwatch/logGroup:LogGroup", name, {
    name: `/rampart/prod/${name}`,
    arn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/rampart/prod/${name}`,
    kmsKeyId: key,
    retentionInDays: 365,
    tags: { "rampart:data-class": dataClass },
  });

const DATA_PROTECTION = JSON.stringify({
  Name: "rampart-pii",
  Version: "2021-06-01",
  Statement: [
    {
      Sid: "audit",
      DataIdentifier: ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],
      Operation: { Audit: { FindingsDestination: {} } },
    },
    {
      Sid: "redact",
      DataIdentifier: ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],
      Operation: { Deidentify: { MaskConfig: {} } },
    },
  ],
});

export function siemStack(lockMode: "COMPLIANCE" | "GOVERNANCE" = "COMPLIANCE") {
  const archive = bucket("archive", "audit-logs", KEY, { objectLockEnabled: true });
  const models = bucket("models", "models", KEY, { objectLockEnabled: true });
  const transcripts = bucket("transcripts", "transcripts", PRIVACY_KEY);
  const dataEvents = (arn: string) => ({
    name: `data events ${arn}`,
    fieldSelectors: [
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      { field: "resources.ARN", startsWith: [`${arn}/`] },
    ],
  });
  const trailGroup = res("aws:cloudwatch/logGroup:LogGroup", "trail-logs", {
    name: GROUP_NAME,
    arn: GROUP_ARN,
    kmsKeyId: KEY,
    retentionInDays: 365,
    tags: { "rampart:data-class": "audit-logs" },
  });
  const detector = res("aws:guardduty/detector:Detector", "detector", {
    id: "detector-id",
    enable: true,
    findingPublishingFrequency: "FIFTEEN_MINUTES",
  });
  const feature = (name: string, extra: Record<string, any> = {}) =>
    res("aws:guardduty/detectorFeature:DetectorFeature", `feature-${name}`, {
      detectorId: "detector-id",
      name,
      status: "ENABLED",
      ...extra,
    });
  const recorder = res("aws:cfg/recorder:Recorder", "recorder", {
    name: "rampart-prod",
    roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
  });
  const appLogs = logGroup("app", "application-logs", PRIVACY_KEY);
  const transcriptLogs = logGroup("transcripts", "transcripts", PRIVACY_KEY);
  const accessLogs = bucket("access-logs", "logs", KEY);
  return [
    ...archive,
    ...accessLogs,
    res(
      "aws:s3/bucketLoggingV2:BucketLoggingV2",
      "archive-logging",
      { bucket: "rampart-prod-archive", targetBucket: "rampart-prod-access-logs", targetPrefix: "archive/" },
      [archive[0]!, accessLogs[0]!],
    ),
    res(
      "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
      "archive-lock",
      { bucket: "rampart-prod-archive", rule: { defaultRetention: { mode: lockMode, days: 365 } } },
      [archive[0]!],
    ),
    res(
      "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
      "archive-lifecycle",
      {
        bucket: "rampart-prod-archive",
        rules: [
          {
            id: "archive",
            status: "Enabled",
            transitions: [{ days: 90, storageClass: "GLACIER" }],
            expiration: { days: 2555 },
          },
        ],
      },
      [archive[0]!],
    ),
    ...models,
    // Model buckets log their access (aws-s3-bucket-require-model-access-logging).
    res(
      "aws:s3/bucketLoggingV2:BucketLoggingV2",
      "models-logging",
      { bucket: "rampart-prod-models", targetBucket: "rampart-prod-access-logs", targetPrefix: "models/" },
      [models[0]!, accessLogs[0]!],
    ),
    ...transcripts,
    res(
      "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
      "transcripts-lifecycle",
      {
        bucket: "rampart-prod-transcripts",
        rules: [{ id: "expire", status: "Enabled", expiration: { days: 30 } }],
      },
      [transcripts[0]!],
    ),
    trailGroup,
    res("aws:cloudtrail/trail:Trail", "trail", {
      name: "rampart-prod",
      s3BucketName: "rampart-prod-archive",
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: KEY,
      cloudWatchLogsGroupArn: `${GROUP_ARN}:*`,
      cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/rampart-prod-trail-logs`,
      advancedEventSelectors: [
        {
          name: "management events",
          fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
        },
        dataEvents("arn:aws:s3:::rampart-prod-models"),
        dataEvents("arn:aws:s3:::rampart-prod-transcripts"),
      ],
    }),
    ...cisFiltersAndAlarms(),
    res("aws:sns/topic:Topic", "alerts", { name: "rampart-prod-alerts", kmsMasterKeyId: KEY }),
    detector,
    feature("EKS_AUDIT_LOGS"),
    feature("S3_DATA_EVENTS"),
    feature("RUNTIME_MONITORING", {
      additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }],
    }),
    res("aws:securityhub/account:Account", "hub", { enableDefaultStandards: false }),
    res("aws:securityhub/standardsSubscription:StandardsSubscription", "fsbp", {
      standardsArn:
        "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
    }),
    res("aws:securityhub/standardsSubscription:StandardsSubscription", "cis", {
      standardsArn: "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
    }),
    recorder,
    res(
      "aws:cfg/deliveryChannel:DeliveryChannel",
      "channel",
      { name: "rampart-prod", s3BucketName: "rampart-prod-archive" },
      [recorder],
    ),
    res(
      "aws:cfg/recorderStatus:RecorderStatus",
      "recorder-status",
      { name: "rampart-prod", isEnabled: true },
      [recorder],
    ),
    logGroup("search-audit", "audit-logs"),
    res("aws:opensearch/domain:Domain", "search", { ...siemDomain(), domainName: "rampart-prod-siem" }),
    res("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "firehose", {
      name: "rampart-prod-siem",
      ...siemFirehose(),
    }),
    appLogs,
    transcriptLogs,
    res("aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy", "app-dpp", {
      logGroupName: "/rampart/prod/app",
      policyDocument: DATA_PROTECTION,
    }),
    res("aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy", "transcripts-dpp", {
      logGroupName: "/rampart/prod/transcripts",
      policyDocument: DATA_PROTECTION,
    }),
    res("aws:dynamodb/table:Table", "consent", {
      name: "rampart-prod-consent",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "subjectId",
      rangeKey: "purpose",
      serverSideEncryption: { enabled: true, kmsKeyArn: PRIVACY_KEY },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
      ttl: { attributeName: "expiresAt", enabled: true },
      tags: { "rampart:data-class": "consent" },
    }),
  ];
}
