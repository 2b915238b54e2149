/**
 * Pure logic for `KeyRing`: the data classes, alias names, argument validation and the key policy of
 * each class. No Pulumi here: tests call it directly, and the component feeds it resolved values.
 *
 * Shape of every key policy:
 * - The account's IAM administers the key (explicit administrative actions, no cryptographic ones, and
 *   no `kms:CreateGrant` without conditions), so that losing this statement cannot lock the key out.
 *   @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 * - Cryptographic use is granted only through the AWS services that hold that class of data:
 *   account principals with `kms:ViaService` + `kms:CallerAccount`, or a service principal scoped by
 *   `aws:SourceAccount` / `aws:SourceArn` / `kms:EncryptionContext:*` (EventBridge publishing to the
 *   encrypted alert topic is the one exception: it sends no source keys). No statement names `"*"` as
 *   principal. @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 */

import { edgeNamePrefixProblem, wafLogGroupName } from "../edge/publicEdge.logic";
import { type ArgProblem, Problems } from "../shared/problems";
import { tagArgProblems } from "../shared/rules";
import { unsealRoleNamePrefixProblem, vaultUnsealRoleName } from "../identity/vaultServer.logic";
import type { KeyRingArgs } from "./keyRing";

/** The classes of data at rest, one customer-managed key each. */
export const DATA_CLASSES = [
  "cluster",
  "volumes",
  "logs",
  "models",
  "backups",
  "siem",
  "privacy",
  "vault",
] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** What each key protects (the key's description). */
export const DATA_CLASS_DESCRIPTIONS: Readonly<Record<DataClass, string>> = {
  cluster: "EKS envelope encryption of Kubernetes secrets",
  volumes: "EBS volumes and snapshots (node root and data volumes, EBS CSI)",
  logs: "CloudWatch Logs log groups (VPC flow logs, firewall, EKS control plane)",
  models: "model artifacts in S3 and container images in ECR",
  backups: "AWS Backup vaults and recovery points",
  siem: "the SIEM pipeline: CloudTrail, security log groups, OpenSearch, Firehose, the S3 archive and the alert topic",
  privacy: "prompts, transcripts, their log groups and the consent ledger",
  vault: "auto-unseal of the in-cluster Vault (VaultServer): wraps Vault's root key",
};

/** AWS's bounds for automatic rotation and for the deletion waiting period. */
export const ROTATION_PERIOD_RANGE = [90, 2560] as const;
export const DELETION_WINDOW_RANGE = [7, 30] as const;

export const KEY_RING_DEFAULTS = {
  rotationPeriodDays: 365,
  deletionWindowDays: 30,
  protect: true,
  grantAutoScalingServiceLinkedRole: true,
} as const;

/** `alias/rampart/<stack>/<class>`. */
export function aliasName(stack: string, dataClass: DataClass): string {
  return `alias/rampart/${stack}/${dataClass}`;
}

/** The fields of `KeyRingArgs` that decide the shape; checked before any child is created. */
export type KeyRingShape = Pick<
  KeyRingArgs,
  | "stack"
  | "rotationPeriodDays"
  | "deletionWindowDays"
  | "logGroupPrefixes"
  | "edgeNamePrefixes"
  | "namePrefix"
  | "tags"
>;

// KMS alias names: alphanumerics, "/", "_" and "-" after `alias/`, and not under `alias/aws/`.
// @see https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
const ALIAS_SEGMENT = /^[A-Za-z0-9/_-]+$/;
// CloudWatch Logs group names: [.-_/#A-Za-z0-9]+, up to 512 characters.
// @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
const LOG_GROUP_PREFIX = /^\/[-._/#A-Za-z0-9]+\/$/;

export function validateKeyRingArgs(args: KeyRingShape): ArgProblem[] {
  const p = new Problems();
  const inRange = (field: string, value: number | undefined, [min, max]: readonly [number, number]) => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < min || value > max)
      p.at([field], value, `is outside AWS's range (expected a whole number of days from ${min} to ${max})`);
  };
  inRange("rotationPeriodDays", args.rotationPeriodDays, ROTATION_PERIOD_RANGE);
  inRange("deletionWindowDays", args.deletionWindowDays, DELETION_WINDOW_RANGE);
  if (args.stack !== undefined && (!ALIAS_SEGMENT.test(args.stack) || args.stack.length > 200))
    p.at(["stack"], args.stack, 'cannot be part of a KMS alias (expected letters, digits, "/", "_" or "-")');
  (args.logGroupPrefixes ?? []).forEach((prefix, i) => {
    if (!LOG_GROUP_PREFIX.test(prefix))
      p.at(
        ["logGroupPrefixes", i],
        prefix,
        'is not a log group name prefix (expected e.g. "/rampart/prod/", starting and ending with "/")',
      );
  });
  if (args.logGroupPrefixes && args.logGroupPrefixes.length === 0)
    p.at(
      ["logGroupPrefixes"],
      args.logGroupPrefixes,
      "leaves CloudWatch Logs no log group it may encrypt (expected at least one prefix)",
    );
  (args.edgeNamePrefixes ?? []).forEach((prefix, i) => {
    const bad = edgeNamePrefixProblem(prefix);
    if (bad) p.at(["edgeNamePrefixes", i], prefix, bad);
  });
  if (args.namePrefix !== undefined) {
    const bad = unsealRoleNamePrefixProblem(args.namePrefix);
    if (bad) p.at(["namePrefix"], args.namePrefix, bad);
  }
  p.under([], tagArgProblems(args.tags));
  return p.list;
}

/** Everything a key policy depends on, resolved. */
export interface KeyPolicyContext {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** Log group name prefixes (each ending in "/") whose groups may be encrypted with the logs, SIEM and privacy keys. */
  readonly logGroupPrefixes: readonly string[];
  /**
   * `PublicEdge` name prefixes whose WAF log groups (`aws-waf-logs-<prefix>`, a name WAF imposes, outside
   * our `/rampart/` prefix) the logs key may encrypt. @default []
   */
  readonly edgeNamePrefixes?: readonly string[];
  /** Name the EC2 Auto Scaling service-linked role on the volumes key (managed node groups need it). */
  readonly grantAutoScalingServiceLinkedRole: boolean;
  /**
   * `<project>-<stack>`: the vault key admits only the role `<namePrefix>-vault-unseal` (VaultServer's).
   * Required for the `vault` class.
   */
  readonly namePrefix?: string;
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal: { readonly AWS?: string | string[]; readonly Service?: string | string[] };
  readonly Action: string | string[];
  readonly Resource: string;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

/**
 * Administration without use: the actions of AWS's "key administrators" statement, spelled out, minus
 * `kms:CreateGrant` (a grant is a way to use the key; grants are allowed only for AWS resources,
 * through the services below).
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 */
export const ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
] as const;

/** Symmetric encryption use, as AWS services request it on a caller's behalf. */
export const USE_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey*",
  "kms:ReEncrypt*",
] as const;

const accountRoot = (c: Pick<KeyPolicyContext, "partition" | "accountId">) =>
  `arn:${c.partition}:iam::${c.accountId}:root`;
const viaService = (c: KeyPolicyContext, services: readonly string[]) =>
  services.map((s) => `${s}.${c.region}.amazonaws.com`);

/** The account's IAM administers the key (no cryptographic use); every key policy of ours starts with it. */
export function administer(c: Pick<KeyPolicyContext, "partition" | "accountId">): PolicyStatement {
  return {
    Sid: "AccountIamAdministers",
    Effect: "Allow",
    Principal: { AWS: accountRoot(c) },
    Action: [...ADMIN_ACTIONS],
    Resource: "*",
  };
}

/** Account principals may use the key only through these services, and only from this account. */
function useVia(c: KeyPolicyContext, sid: string, services: readonly string[]): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { AWS: accountRoot(c) },
    Action: [...USE_ACTIONS],
    Resource: "*",
    Condition: {
      StringEquals: { "kms:ViaService": viaService(c, services), "kms:CallerAccount": c.accountId },
    },
  };
}

/**
 * Services that keep a long-lived handle on the key (EBS volumes, EKS, ECR, Backup) create grants; a
 * grant is allowed only for an AWS resource and only through the service.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource
 */
function grantsVia(
  c: KeyPolicyContext,
  sid: string,
  services: readonly string[],
  forAwsResourceOnly = true,
): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { AWS: accountRoot(c) },
    Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
    Resource: "*",
    Condition: {
      StringEquals: { "kms:ViaService": viaService(c, services), "kms:CallerAccount": c.accountId },
      ...(forAwsResourceOnly ? { Bool: { "kms:GrantIsForAWSResource": "true" } } : {}),
    },
  };
}

/**
 * CloudWatch Logs encrypts with the key only for log groups of this account under our prefixes: the
 * service always sends the log group ARN as encryption context.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
function cloudWatchLogs(c: KeyPolicyContext, extraNamePatterns: readonly string[] = []): PolicyStatement {
  return {
    Sid: "CloudWatchLogsForOurLogGroups",
    Effect: "Allow",
    Principal: { Service: `logs.${c.region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: {
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": [...c.logGroupPrefixes, ...extraNamePatterns].map(
          (p) => `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${p}*`,
        ),
      },
    },
  };
}

/**
 * What Vault's `awskms` seal calls: DescribeKey when the seal starts, Encrypt to wrap the root key at
 * initialisation (and on rotation), Decrypt to unwrap it at every start. Nothing else.
 * @see https://developer.hashicorp.com/vault/docs/configuration/seal/awskms#authentication
 */
export const VAULT_UNSEAL_ACTIONS = ["kms:DescribeKey", "kms:Encrypt", "kms:Decrypt"] as const;

/**
 * The vault key is used by exactly one role, the in-cluster Vault's unseal role, which does not exist yet
 * when the key is created: KMS refuses a policy naming a principal that does not exist
 * (MalformedPolicyDocumentException), so the statement names the account and admits only that role's
 * ARN by `aws:PrincipalArn` (for a role session it is the role's ARN). The role still needs an IAM
 * policy of its own allowing the same actions on this key.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
function vaultUnseal(c: KeyPolicyContext): PolicyStatement {
  if (c.namePrefix === undefined)
    throw new Error(
      "keyPolicy(vault): namePrefix is required (the unseal role is <namePrefix>-vault-unseal)",
    );
  return {
    Sid: "VaultUnsealRoleOnly",
    Effect: "Allow",
    Principal: { AWS: accountRoot(c) },
    Action: [...VAULT_UNSEAL_ACTIONS],
    Resource: "*",
    Condition: {
      StringEquals: { "kms:CallerAccount": c.accountId },
      ArnEquals: {
        "aws:PrincipalArn": `arn:${c.partition}:iam::${c.accountId}:role/${vaultUnsealRoleName(c.namePrefix)}`,
      },
    },
  };
}

/** What a service publishing to an SSE-KMS SNS topic needs on the topic's key. */
export const SNS_PUBLISHER_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey*"] as const;
/** EventBridge's service principal, which KMS sees without source keys when it publishes to SNS. */
export const EVENTBRIDGE_PRINCIPAL = "events.amazonaws.com";

/**
 * The statements of the key policy for one data class.
 */
export function keyPolicyStatements(dataClass: DataClass, c: KeyPolicyContext): PolicyStatement[] {
  const statements = [administer(c)];
  switch (dataClass) {
    case "cluster":
      // EKS envelope-encrypts Kubernetes secrets through a grant it creates, as the caller of
      // CreateCluster, at cluster creation. EKS does not support kms:GrantIsForAWSResource ("creating a
      // cluster will not work" with it), so EKS's grants are scoped by kms:ViaService and
      // kms:CallerAccount only. @see https://docs.aws.amazon.com/eks/latest/userguide/create-cluster.html
      // @see https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
      statements.push(useVia(c, "UseThroughEks", ["eks"]), grantsVia(c, "GrantsForEks", ["eks"], false));
      break;
    case "volumes":
      // EBS calls KMS through EC2 for the caller (node launch, the EBS CSI driver's IRSA role).
      // @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html#ebs-encryption-permissions
      statements.push(useVia(c, "UseThroughEc2", ["ec2"]), grantsVia(c, "GrantsForEbs", ["ec2"]));
      if (c.grantAutoScalingServiceLinkedRole) {
        // Managed node groups launch through an Auto Scaling group, whose service-linked role must be
        // named in the key policy itself (it has no IAM permission for KMS). The role must exist before
        // the key: it is created with the account's first Auto Scaling group, or by
        // `aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com`.
        // @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
        const slr = `arn:${c.partition}:iam::${c.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
        statements.push(
          {
            Sid: "AutoScalingServiceLinkedRoleUses",
            Effect: "Allow",
            Principal: { AWS: slr },
            Action: [...USE_ACTIONS],
            Resource: "*",
          },
          {
            Sid: "AutoScalingServiceLinkedRoleGrants",
            Effect: "Allow",
            Principal: { AWS: slr },
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
          },
        );
      }
      break;
    case "logs":
      // Only the logs key takes the edges' WAF log groups (`aws-waf-logs-<prefix>*`), not the SIEM key.
      statements.push(cloudWatchLogs(c, (c.edgeNamePrefixes ?? []).map(wafLogGroupName)));
      break;
    case "models":
      // SSE-KMS on the model bucket; ECR repository encryption (ECR creates a grant per repository).
      // @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
      // @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
      statements.push(useVia(c, "UseThroughS3AndEcr", ["s3", "ecr"]), grantsVia(c, "GrantsForEcr", ["ecr"]));
      break;
    case "backups":
      // @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
      statements.push(useVia(c, "UseThroughBackup", ["backup"]), grantsVia(c, "GrantsForBackup", ["backup"]));
      break;
    case "siem": {
      // CloudTrail encrypts trail logs of this account only: the encryption context names the trail
      // and the source account is pinned (confused-deputy protection).
      // @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
      const trails = `arn:${c.partition}:cloudtrail:*:${c.accountId}:trail/*`;
      statements.push(
        {
          Sid: "CloudTrailEncryptsOurTrails",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:GenerateDataKey*",
          Resource: "*",
          Condition: {
            StringEquals: { "aws:SourceAccount": c.accountId },
            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trails },
          },
        },
        {
          Sid: "CloudTrailDescribesKey",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:DescribeKey",
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": c.accountId } },
        },
        cloudWatchLogs(c),
        // The archive bucket, the in-VPC OpenSearch domain, the Firehose streams that ship to them, and
        // our roles publishing to (or reading) the encrypted alert topic through SNS.
        // @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html
        // @see https://docs.aws.amazon.com/firehose/latest/dev/encryption.html
        // @see https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
        useVia(c, "UseThroughS3OpenSearchFirehoseSns", ["s3", "es", "firehose", "sns"]),
        grantsVia(c, "GrantsForOpenSearchFirehose", ["es", "firehose"]),
        // CloudWatch alarms and EventBridge rules publish to the topic encrypted with this key, and SNS
        // uses the key as them. CloudWatch's requests carry aws:SourceAccount, so it is pinned to our
        // account. EventBridge's do not: the SNS guide says aws:SourceAccount / aws:SourceArn in a key
        // policy are not supported for EventBridge-to-encrypted topics (a condition would drop every
        // event). EventBridge reaches the key only by publishing to a topic encrypted with it, and only
        // our topics are (they are created through SNS by our account: UseThroughS3OpenSearchFirehoseSns);
        // the topic policy admits only our account's rules (siemPipeline.logic.ts alertTopicPolicy).
        // @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
        {
          Sid: "CloudWatchAlarmsPublishEncrypted",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: [...SNS_PUBLISHER_ACTIONS],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": c.accountId } },
        },
        {
          Sid: "EventBridgePublishesEncrypted",
          Effect: "Allow",
          Principal: { Service: EVENTBRIDGE_PRINCIPAL },
          Action: [...SNS_PUBLISHER_ACTIONS],
          Resource: "*",
        },
        // AWS Config delivers configuration snapshots and history to the SSE-KMS archive.
        // @see https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html
        {
          Sid: "ConfigDeliversToArchive",
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": c.accountId } },
        },
      );
      break;
    }
    case "privacy":
      // Transcripts (S3), their log groups (CloudWatch Logs, our prefixes only) and the consent ledger
      // (DynamoDB, which keeps a grant per table for the service's own use).
      // @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
      statements.push(
        cloudWatchLogs(c),
        useVia(c, "UseThroughS3AndDynamoDb", ["s3", "dynamodb"]),
        grantsVia(c, "GrantsForDynamoDb", ["dynamodb"]),
      );
      break;
    case "vault":
      // No AWS service uses this key and no grant is ever made: only Vault's seal, as its own role.
      statements.push(vaultUnseal(c));
      break;
  }
  return statements;
}

export function keyPolicy(dataClass: DataClass, c: KeyPolicyContext): PolicyDocument {
  return { Version: "2012-10-17", Statement: keyPolicyStatements(dataClass, c) };
}

/**
 * Problems with a key policy that would let someone outside our control use the key: a `"*"`
 * principal (AWS or service) at all, or a service principal without a scoping condition. Used by the
 * tests and available to any caller that builds its own statements.
 */
export function wildcardPrincipalProblems(doc: PolicyDocument): string[] {
  const problems: string[] = [];
  const SCOPING =
    /^(aws:SourceAccount|aws:SourceArn|aws:SourceOrgID|kms:ViaService|kms:CallerAccount|kms:EncryptionContext:.+)$/;
  for (const s of doc.Statement) {
    const aws = [s.Principal.AWS ?? []].flat();
    const services = [s.Principal.Service ?? []].flat();
    const conditionKeys = Object.values(s.Condition ?? {}).flatMap((m) => Object.keys(m));
    // The one documented exception: EventBridge publishing to an encrypted topic sends no source keys,
    // so its statement cannot be scoped; it is accepted only with exactly the publisher actions.
    const eventBridgePublisher =
      services.length === 1 &&
      services[0] === EVENTBRIDGE_PRINCIPAL &&
      aws.length === 0 &&
      JSON.stringify([s.Action].flat()) === JSON.stringify(SNS_PUBLISHER_ACTIONS);
    const scoped = eventBridgePublisher || conditionKeys.some((k) => SCOPING.test(k));
    if (aws.includes("*") && !scoped) problems.push(`${s.Sid}: "*" principal without a scoping condition`);
    if (services.length > 0 && !scoped)
      problems.push(`${s.Sid}: service principal ${services.join(", ")} without a scoping condition`);
  }
  return problems;
}
