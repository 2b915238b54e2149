import { archiveBucketPrefix } from "../observability/siemPipeline.logic";
import { type ArgProblem, Problems } from "../shared/problems";
import type { OrgGuardrailsArgs } from "./orgGuardrails.args";
import { validateOrgGuardrailsArgs } from "./orgGuardrails.validate";

/**
 * The service control policies of `OrgGuardrails`, as pure documents. Every statement is a Deny: the
 * policies are attached beside AWS's `FullAWSAccess` (the deny-list strategy), so they only take away.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 *
 * SCPs limit IAM users and roles (and the root user) of member accounts; they never apply to the
 * management account nor to service-linked roles, so AWS services keep working on the account's behalf.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 */

/** The guardrails, as `OrgGuardrailsOutputs.policyIds` keys them. */
export const GUARDRAILS = ["data-regions", "protect-detectors", "protect-organization", "deny-root"] as const;
export type Guardrail = (typeof GUARDRAILS)[number];

/**
 * Largest SCP document AWS accepts, in bytes. Through the API (which Pulumi uses) the document is stored
 * exactly as sent, whitespace included (only the console strips it), so `scpContent` sends minified
 * JSON and the size check counts the bytes of that very string.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export const SCP_MAX_BYTES = 5120;

/**
 * At most five SCPs may be attached to one root, OU or account, and `FullAWSAccess` is one of them. Four
 * policies (one per guardrail) would fill every slot and fail to attach wherever the organisation has
 * a policy of its own, so the guardrails are packed into two: the Region control, which teams most
 * often need to adjust or detach alone, and the protections that nobody below the management account
 * should ever lift.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export const SCP_POLICIES = {
  "data-regions": ["data-regions"],
  protect: ["protect-detectors", "protect-organization", "deny-root"],
} as const satisfies Record<string, readonly Guardrail[]>;
export type ScpPolicyName = keyof typeof SCP_POLICIES;

/**
 * Actions exempt from the Region control: global services whose only endpoint is in us-east-1 (so
 * `aws:RequestedRegion` is us-east-1 whatever Region the data lives in), taken from AWS's example and
 * kept to what an account running Rampart needs. Regional services are deliberately absent (KMS, ACM,
 * Config, WAFv2, ...): exempting them would let keys, certificates and recorders be made outside the
 * allowed Regions. A CloudFront-scoped WAFv2 web ACL (us-east-1 only) needs us-east-1 allowed or an
 * exempt principal.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html#example-scp-deny-region
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-requested-region.html
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
  "iam:*",
  "organizations:*",
  // The global STS endpoint is in us-east-1; Regional STS endpoints are inside the allowed Regions.
  "sts:*",
  "route53:*",
  "route53domains:*",
  "cloudfront:*",
  // AWS WAF Classic's global (CloudFront) API.
  "waf:*",
  "globalaccelerator:*",
  "shield:*",
  "support:*",
  "trustedadvisor:*",
  "health:*",
  "budgets:*",
  "ce:*",
  "cur:*",
  "aws-portal:*",
  "pricing:*",
  // Listing buckets and Regions is how consoles and SDKs find the allowed Regions at all.
  "s3:ListAllMyBuckets",
  "ec2:DescribeRegions",
];

/**
 * What would blind the detection pipeline: stop or narrow the trail; delete, suspend or mute GuardDuty
 * (suppression rules and trusted IP lists archive findings before EventBridge sees them); stop or
 * redirect Config; turn Security Hub or its standards off; leave the delegated administrator.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_cloudtrail.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_guardduty.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_config.html
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/findings_suppression-rule.html
 */
export const DETECTOR_ACTIONS: readonly string[] = [
  "cloudtrail:StopLogging",
  "cloudtrail:DeleteTrail",
  "cloudtrail:UpdateTrail",
  "cloudtrail:PutEventSelectors",
  "guardduty:DeleteDetector",
  // UpdateDetector with Enable=false suspends the detector.
  "guardduty:UpdateDetector",
  "guardduty:UpdateMemberDetectors",
  "guardduty:UpdateOrganizationConfiguration",
  "guardduty:DisassociateFromMasterAccount",
  "guardduty:DisassociateFromAdministratorAccount",
  "guardduty:DeleteMembers",
  "guardduty:DisassociateMembers",
  "guardduty:StopMonitoringMembers",
  "guardduty:CreateFilter",
  "guardduty:UpdateFilter",
  "guardduty:CreateIPSet",
  "guardduty:UpdateIPSet",
  "guardduty:DeletePublishingDestination",
  "guardduty:UpdatePublishingDestination",
  "config:StopConfigurationRecorder",
  "config:DeleteConfigurationRecorder",
  "config:PutConfigurationRecorder",
  "config:DeleteDeliveryChannel",
  "config:PutDeliveryChannel",
  "config:DeleteConfigRule",
  "securityhub:DisableSecurityHub",
  "securityhub:BatchDisableStandards",
  "securityhub:UpdateStandardsControl",
  "securityhub:BatchUpdateStandardsControlAssociations",
  "securityhub:DeleteMembers",
  "securityhub:DisassociateMembers",
  "securityhub:DisassociateFromMasterAccount",
  "securityhub:DisassociateFromAdministratorAccount",
];

/** What would destroy or open the log archive (its Object Lock, versions, lifecycle, policy). */
export const ARCHIVE_ACTIONS: readonly string[] = [
  "s3:DeleteBucket",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketObjectLockConfiguration",
  "s3:PutBucketVersioning",
];

/**
 * The ARN partition of a Region: an organisation lives in one partition, and the documents name it
 * (`arn:aws-us-gov:s3:::…`).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-iso-")) return "aws-iso";
  return "aws";
}

/** The defaults of `OrgGuardrailsArgs`, resolved once. */
export interface ResolvedGuardrails {
  readonly partition: string;
  readonly allowedRegions: readonly string[];
  readonly exemptPrincipalArns: readonly string[];
  readonly archiveBucketNamePrefix: string;
}

export function resolveGuardrails(args: OrgGuardrailsArgs): ResolvedGuardrails {
  return {
    partition: partitionOf(args.allowedRegions[0] ?? ""),
    allowedRegions: [...args.allowedRegions],
    exemptPrincipalArns: [...(args.exemptPrincipalArns ?? [])],
    archiveBucketNamePrefix: args.archiveBucketNamePrefix ?? archiveBucketPrefix(args.namePrefix),
  };
}

type Condition = Readonly<Record<string, Readonly<Record<string, readonly string[] | string>>>>;
interface Statement {
  readonly Sid: string;
  readonly Effect: "Deny";
  readonly Action?: readonly string[] | string;
  readonly NotAction?: readonly string[];
  readonly Resource: readonly string[] | string;
  readonly Condition?: Condition;
}
export interface ScpDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Statement[];
}

/**
 * `ArnNotLike aws:PrincipalArn` on the exempt roles (the organisation's own automation). An assumed-role
 * session's `aws:PrincipalArn` is its role's ARN, so a role pattern exempts every session of it.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
function unlessExempt(g: ResolvedGuardrails): Condition {
  return g.exemptPrincipalArns.length > 0
    ? { ArnNotLike: { "aws:PrincipalArn": g.exemptPrincipalArns } }
    : {};
}

/** `data-regions`: nothing outside the allowed Regions but global services. */
export function dataRegionsDocument(g: ResolvedGuardrails): ScpDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DataRegions",
        Effect: "Deny",
        NotAction: GLOBAL_SERVICE_ACTIONS,
        Resource: "*",
        Condition: {
          StringNotEquals: { "aws:RequestedRegion": g.allowedRegions },
          ...unlessExempt(g),
        },
      },
    ],
  };
}

/** `protect-detectors`, `protect-organization` and `deny-root`, in one document (see `SCP_POLICIES`). */
export function protectDocument(g: ResolvedGuardrails): ScpDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ProtectDetectors",
        Effect: "Deny",
        Action: DETECTOR_ACTIONS,
        Resource: "*",
        ...(g.exemptPrincipalArns.length > 0 ? { Condition: unlessExempt(g) } : {}),
      },
      {
        Sid: "ProtectLogArchive",
        Effect: "Deny",
        Action: ARCHIVE_ACTIONS,
        Resource: [`arn:${g.partition}:s3:::${g.archiveBucketNamePrefix}*`],
        ...(g.exemptPrincipalArns.length > 0 ? { Condition: unlessExempt(g) } : {}),
      },
      {
        // A member account that leaves takes its data out of every guardrail; the management account
        // removes accounts with RemoveAccountFromOrganization, which SCPs do not affect.
        // @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html#example-scp-leave-org
        Sid: "ProtectOrganization",
        Effect: "Deny",
        Action: "organizations:LeaveOrganization",
        Resource: "*",
      },
      {
        // The root user bypasses IAM policies and boundaries but not SCPs. Sessions the management
        // account opens with sts:AssumeRoot (centralised root access: 15 minutes, scoped to one task
        // policy such as unlocking a bucket policy) carry aws:AssumedRoot and stay possible, as in
        // AWS's example; a root password or access key in the member account does not.
        // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html
        // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-assumedroot
        Sid: "DenyRoot",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: {
          ArnLike: { "aws:PrincipalArn": `arn:${g.partition}:iam::*:root` },
          Null: { "aws:AssumedRoot": "true" },
        },
      },
    ],
  };
}

/** What `OrgGuardrails` creates: one SCP per entry, named `<namePrefix>-<name>`. */
export interface ScpPlan {
  readonly name: ScpPolicyName;
  readonly guardrails: readonly Guardrail[];
  readonly description: string;
  readonly document: ScpDocument;
}

export function scpPlans(g: ResolvedGuardrails): ScpPlan[] {
  return [
    {
      name: "data-regions",
      guardrails: SCP_POLICIES["data-regions"],
      description: `Rampart: deny requests outside ${g.allowedRegions.join(", ")} except to global services`,
      document: dataRegionsDocument(g),
    },
    {
      name: "protect",
      guardrails: SCP_POLICIES.protect,
      description:
        "Rampart: deny disabling CloudTrail, GuardDuty, Config, Security Hub and the log archive, leaving the organisation, and the root user",
      document: protectDocument(g),
    },
  ];
}

/** The policy content as sent to AWS: minified JSON (whitespace would count against the quota). */
export const scpContent = (doc: ScpDocument): string => JSON.stringify(doc);

/** Bytes AWS counts for a document. */
export const scpBytes = (doc: ScpDocument): number => Buffer.byteLength(scpContent(doc), "utf8");

/**
 * Every problem with the Args: the contract's validation first, then (when the Args are valid) any
 * document over the SCP size quota, blamed on the lists that grow it.
 */
export function orgGuardrailsProblems(args: OrgGuardrailsArgs): ArgProblem[] {
  const problems = validateOrgGuardrailsArgs(args);
  if (problems.length > 0) return problems;
  const p = new Problems();
  const partitions = [...new Set(args.allowedRegions.map(partitionOf))];
  if (partitions.length > 1)
    p.at(
      ["allowedRegions"],
      args.allowedRegions,
      `span several partitions (${partitions.join(", ")}; expected Regions of the organisation's one partition)`,
    );
  for (const plan of scpPlans(resolveGuardrails(args))) {
    const bytes = scpBytes(plan.document);
    if (bytes > SCP_MAX_BYTES)
      p.at(
        ["exemptPrincipalArns"],
        `${(args.exemptPrincipalArns ?? []).length} ARNs, ${args.allowedRegions.length} Regions`,
        `make the ${plan.name} policy ${bytes} bytes, over the ${SCP_MAX_BYTES}-byte SCP quota (expected fewer or wildcard role patterns such as arn:aws:iam::*:role/<name>)`,
      );
  }
  return p.list;
}
