/**
 * PrivacyControls' policy documents as data (pure): the transcript bucket policy, the consent table's
 * resource-based policy and the CloudWatch Logs data protection policy. The component resolves the ARNs
 * and serialises these; tests read them directly.
 *
 * Both resource policies deny by `aws:PrincipalArn`: for a role session it is the role's ARN (with its
 * path), so listing role ARNs admits every session of those roles and nothing else. An empty list means
 * an unconditioned deny: no writer yet means nobody writes (fail closed).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */

import { denyInsecureTransport } from "../shared/bucketPolicy";

type Json = Record<string, unknown>;

/** `StringNotEquals aws:PrincipalArn <arns>`, or no condition at all (deny everyone) for an empty list. */
function exceptPrincipals(arns: readonly string[]): { Condition?: Json } {
  return arns.length === 0 ? {} : { Condition: { StringNotEquals: { "aws:PrincipalArn": [...arns] } } };
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

const SSE = "s3:x-amz-server-side-encryption";
const SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id";

/** What the application (writer roles) does with transcripts: store, read back, delete on withdrawal. */
export const TRANSCRIPT_WRITE_ACTIONS = [
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
] as const;
/**
 * Reading a transcript's content. `GetObjectAttributes` is here too: on a versioned bucket it needs
 * `s3:GetObjectVersion`, which reads content, so auditors get neither.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html
 */
export const TRANSCRIPT_READ_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:GetObjectAttributes",
  "s3:GetObjectVersionAttributes",
] as const;
/** Metadata an auditor sees: which objects and versions exist, their size and dates, and their tags. */
export const TRANSCRIPT_METADATA_ACTIONS = {
  bucket: ["s3:ListBucket", "s3:ListBucketVersions"],
  object: ["s3:GetObjectTagging", "s3:GetObjectVersionTagging"],
} as const;

export interface TranscriptBucketPolicyInput {
  readonly bucketArn: string;
  /** The KeyRing's `privacy` key: the only key objects may be written with. */
  readonly keyArn: string;
  readonly writerRoleArns: readonly string[];
  readonly auditRoleArns: readonly string[];
}

/**
 * The transcript bucket's policy:
 * - TLS only, and TLS 1.2 or newer (`s3:TlsVersion`).
 * - Objects are written with SSE-KMS under our key: a request that names another key, or an algorithm
 *   without naming our key (SSE-S3, or SSE-KMS with the AWS managed key) is refused. A request that names
 *   none gets the bucket default, our key; requiring the headers would break multipart uploads, whose
 *   UploadPart requests carry no encryption header. Conditions of one statement all apply (`Null`
 *   "false": the header is present).
 * - Writers (the application) store, read back and delete transcripts; auditors list objects and
 *   versions and read tags, never content (data minimisation: an audit proves what exists and when it
 *   went, not what was said; CloudTrail data events record who read what).
 * - Every other principal of the account, however broad its IAM policies, is denied the data actions:
 *   the bucket decides on its own. Bucket administration (policy, lifecycle, encryption) stays with
 *   the account's administrators, so nobody is locked out of the bucket's configuration.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#example-object-tls-version
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
 */
export function transcriptBucketPolicy(c: TranscriptBucketPolicyInput) {
  const objects = `${c.bucketArn}/*`;
  const both = [c.bucketArn, objects];
  const writers = unique(c.writerRoleArns);
  const readers = unique([...c.writerRoleArns, ...c.auditRoleArns]);
  const auditors = unique(c.auditRoleArns);
  const statements: Json[] = [
    denyInsecureTransport(c.bucketArn),
    {
      Sid: "DenyTlsOlderThan12",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: both,
      Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    },
    {
      Sid: "DenyOtherKey",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: {
        Null: { [SSE_KEY]: "false" },
        StringNotEquals: { [SSE_KEY]: c.keyArn },
      },
    },
    {
      // An algorithm named without our key: SSE-S3, or SSE-KMS with the AWS managed key aws/s3.
      Sid: "DenyEncryptionWithoutOurKey",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { Null: { [SSE]: "false", [SSE_KEY]: "true" } },
    },
    {
      Sid: "DenyWriteExceptWriters",
      Effect: "Deny",
      Principal: "*",
      Action: [...TRANSCRIPT_WRITE_ACTIONS],
      Resource: objects,
      ...exceptPrincipals(writers),
    },
    {
      Sid: "DenyContentExceptWriters",
      Effect: "Deny",
      Principal: "*",
      Action: [...TRANSCRIPT_READ_ACTIONS],
      Resource: objects,
      ...exceptPrincipals(writers),
    },
    {
      Sid: "DenyMetadataExceptWritersAndAuditors",
      Effect: "Deny",
      Principal: "*",
      Action: [...TRANSCRIPT_METADATA_ACTIONS.bucket, ...TRANSCRIPT_METADATA_ACTIONS.object],
      Resource: both,
      ...exceptPrincipals(readers),
    },
  ];
  if (writers.length > 0) {
    statements.push(
      {
        Sid: "WritersStoreReadDelete",
        Effect: "Allow",
        Principal: { AWS: writers },
        Action: [
          ...TRANSCRIPT_WRITE_ACTIONS,
          ...TRANSCRIPT_READ_ACTIONS,
          ...TRANSCRIPT_METADATA_ACTIONS.object,
        ],
        Resource: objects,
      },
      {
        Sid: "WritersList",
        Effect: "Allow",
        Principal: { AWS: writers },
        Action: [...TRANSCRIPT_METADATA_ACTIONS.bucket],
        Resource: c.bucketArn,
      },
    );
  }
  if (auditors.length > 0) {
    statements.push(
      {
        Sid: "AuditorsList",
        Effect: "Allow",
        Principal: { AWS: auditors },
        Action: [...TRANSCRIPT_METADATA_ACTIONS.bucket],
        Resource: c.bucketArn,
      },
      {
        Sid: "AuditorsReadTags",
        Effect: "Allow",
        Principal: { AWS: auditors },
        Action: [...TRANSCRIPT_METADATA_ACTIONS.object],
        Resource: objects,
      },
    );
  }
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Consent ledger writes, including PartiQL. TTL deletions are DynamoDB's own, not requests.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
 */
export const CONSENT_WRITE_ACTIONS = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PartiQLDelete",
] as const;
/**
 * Consent ledger reads: items, queries, scans, PartiQL, condition checks (they reveal whether an item
 * exists), and an export to S3, which copies every record out of the table's protection.
 */
export const CONSENT_READ_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:ConditionCheckItem",
  "dynamodb:PartiQLSelect",
  "dynamodb:ExportTableToPointInTime",
] as const;

export interface ConsentTablePolicyInput {
  readonly tableArn: string;
  readonly writerRoleArns: readonly string[];
  readonly auditRoleArns: readonly string[];
}

/**
 * The consent table's resource-based policy. Only the data plane is denied to other principals: the
 * Deny statements name data actions, never `dynamodb:*`, so the account's administrators keep
 * DescribeTable, UpdateTable, the TTL and backup settings and PutResourcePolicy itself (and the policy
 * needs no `confirmRemoveSelfResourceAccess`). Writers read and write items; auditors read.
 * The table has no index; a future index's ARN must be added to `Resource` (a table's policy governs
 * its indexes only where it names them).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-bpa-rbp.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutResourcePolicy.html
 */
export function consentTablePolicy(c: ConsentTablePolicyInput) {
  const writers = unique(c.writerRoleArns);
  const auditors = unique(c.auditRoleArns);
  const readers = unique([...writers, ...auditors]);
  const statements: Json[] = [
    {
      Sid: "DenyWriteExceptWriters",
      Effect: "Deny",
      Principal: "*",
      Action: [...CONSENT_WRITE_ACTIONS],
      Resource: c.tableArn,
      ...exceptPrincipals(writers),
    },
    {
      Sid: "DenyReadExceptWritersAndAuditors",
      Effect: "Deny",
      Principal: "*",
      Action: [...CONSENT_READ_ACTIONS],
      Resource: c.tableArn,
      ...exceptPrincipals(readers),
    },
  ];
  if (writers.length > 0)
    statements.push({
      Sid: "WritersReadAndWrite",
      Effect: "Allow",
      Principal: { AWS: writers },
      Action: [
        ...CONSENT_WRITE_ACTIONS.filter((a) => !a.includes("PartiQL")),
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:ConditionCheckItem",
      ],
      Resource: c.tableArn,
    });
  if (auditors.length > 0)
    statements.push({
      Sid: "AuditorsRead",
      Effect: "Allow",
      Principal: { AWS: auditors },
      Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan"],
      Resource: c.tableArn,
    });
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * A CloudWatch Logs data protection policy: an Audit statement (findings to our audit log group) and a
 * Deidentify statement that masks the same identifiers; AWS requires both to list the same
 * identifiers. Findings hold positions and identifier names, not the values found.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/mask-sensitive-log-data-start.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/mask-sensitive-log-data-audit-findings.html
 */
export function dataProtectionPolicy(c: {
  readonly name: string;
  readonly identifierArns: readonly string[];
  readonly auditLogGroupName: string;
}) {
  return {
    Name: c.name,
    Description: "Rampart: audit and mask personal data and credentials (AWS managed data identifiers)",
    Version: "2021-06-01",
    Statement: [
      {
        Sid: "audit",
        DataIdentifier: [...c.identifierArns],
        Operation: { Audit: { FindingsDestination: { CloudWatchLogs: { LogGroup: c.auditLogGroupName } } } },
      },
      {
        Sid: "mask",
        DataIdentifier: [...c.identifierArns],
        Operation: { Deidentify: { MaskConfig: {} } },
      },
    ],
  };
}
