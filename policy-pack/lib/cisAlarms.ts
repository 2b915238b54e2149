/**
 * The CloudTrail event names each change-monitoring control covers (Security Hub CloudWatch.4-5, 7-14),
 * the one list both sides use: SiemPipeline builds its metric filters from it, and the monitors below
 * judge any stack's filters against it.
 */
export const CIS_EVENT_NAMES = {
  "CloudWatch.4": [
    "DeleteGroupPolicy",
    "DeleteRolePolicy",
    "DeleteUserPolicy",
    "PutGroupPolicy",
    "PutRolePolicy",
    "PutUserPolicy",
    "CreatePolicy",
    "DeletePolicy",
    "CreatePolicyVersion",
    "DeletePolicyVersion",
    "AttachRolePolicy",
    "DetachRolePolicy",
    "AttachUserPolicy",
    "DetachUserPolicy",
    "AttachGroupPolicy",
    "DetachGroupPolicy",
  ],
  "CloudWatch.5": ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"],
  "CloudWatch.7": ["DisableKey", "ScheduleKeyDeletion"],
  "CloudWatch.8": [
    "PutBucketAcl",
    "PutBucketPolicy",
    "PutBucketCors",
    "PutBucketLifecycle",
    "PutBucketReplication",
    "DeleteBucketPolicy",
    "DeleteBucketCors",
    "DeleteBucketLifecycle",
    "DeleteBucketReplication",
  ],
  "CloudWatch.9": [
    "StopConfigurationRecorder",
    "DeleteDeliveryChannel",
    "PutDeliveryChannel",
    "PutConfigurationRecorder",
  ],
  "CloudWatch.10": [
    "AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress",
    "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress",
    "CreateSecurityGroup",
    "DeleteSecurityGroup",
  ],
  "CloudWatch.11": [
    "CreateNetworkAcl",
    "CreateNetworkAclEntry",
    "DeleteNetworkAcl",
    "DeleteNetworkAclEntry",
    "ReplaceNetworkAclEntry",
    "ReplaceNetworkAclAssociation",
  ],
  "CloudWatch.12": [
    "CreateCustomerGateway",
    "DeleteCustomerGateway",
    "AttachInternetGateway",
    "CreateInternetGateway",
    "DeleteInternetGateway",
    "DetachInternetGateway",
  ],
  "CloudWatch.13": [
    "CreateRoute",
    "CreateRouteTable",
    "ReplaceRoute",
    "ReplaceRouteTableAssociation",
    "DeleteRouteTable",
    "DeleteRoute",
    "DisassociateRouteTable",
  ],
  "CloudWatch.14": [
    "CreateVpc",
    "DeleteVpc",
    "ModifyVpcAttribute",
    "AcceptVpcPeeringConnection",
    "CreateVpcPeeringConnection",
    "DeleteVpcPeeringConnection",
    "RejectVpcPeeringConnection",
  ],
} as const satisfies Record<string, readonly string[]>;

/**
 * The CIS AWS Foundations monitoring set (Security Hub controls CloudWatch.1-14): for each, the CloudTrail
 * event names or values a metric filter's pattern must mention to cover it. Judged by what a pattern
 * names, not by its exact text, so a user's own pattern (different spacing, order, quoting, extra events)
 * passes when it covers the events. Wildcards in a pattern (`Delete*Policy`) are not expanded: spell the
 * events out, as the CIS benchmark does. CloudWatch.14 leaves out the ClassicLink events of older
 * benchmark versions (EC2-Classic is retired); a pattern that still names them passes.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */
export interface CisMonitor {
  /** Security Hub control ID. */
  readonly id: string;
  readonly what: string;
  /** Every token must appear in one filter's pattern (as a whole word). */
  readonly tokens: readonly string[];
  /** Other token sets that cover the monitor as well (an older benchmark's pattern). */
  readonly alternatives?: readonly (readonly string[])[];
}

export const CIS_MONITORS: readonly CisMonitor[] = [
  { id: "CloudWatch.1", what: "use of the root user", tokens: ["userIdentity.type", "Root"] },
  {
    id: "CloudWatch.2",
    what: "unauthorized API calls",
    tokens: ["errorCode", "UnauthorizedOperation", "AccessDenied"],
  },
  {
    id: "CloudWatch.3",
    what: "console sign-in without MFA",
    tokens: ["ConsoleLogin", "MFAUsed"],
    // CIS 1.x: console sessions (invokedBy signin) whose session was not MFA-authenticated.
    alternatives: [["mfaAuthenticated", "signin.amazonaws.com"]],
  },
  {
    id: "CloudWatch.4",
    what: "IAM policy changes",
    tokens: [...CIS_EVENT_NAMES["CloudWatch.4"]],
  },
  {
    id: "CloudWatch.5",
    what: "CloudTrail configuration changes",
    tokens: [...CIS_EVENT_NAMES["CloudWatch.5"]],
  },
  {
    id: "CloudWatch.6",
    what: "console authentication failures",
    tokens: ["ConsoleLogin", "Failed authentication"],
  },
  {
    id: "CloudWatch.7",
    what: "disabling or scheduled deletion of KMS keys",
    tokens: ["kms.amazonaws.com", ...CIS_EVENT_NAMES["CloudWatch.7"]],
  },
  {
    id: "CloudWatch.8",
    what: "S3 bucket policy changes",
    tokens: [...CIS_EVENT_NAMES["CloudWatch.8"]],
  },
  {
    id: "CloudWatch.9",
    what: "AWS Config configuration changes",
    tokens: [...CIS_EVENT_NAMES["CloudWatch.9"]],
  },
  {
    id: "CloudWatch.10",
    what: "security group changes",
    tokens: [...CIS_EVENT_NAMES["CloudWatch.10"]],
  },
  {
    id: "CloudWatch.11",
    what: "network ACL changes",
    tokens: [...CIS_EVENT_NAMES["CloudWatch.11"]],
  },
  {
    id: "CloudWatch.12",
    what: "network gateway changes",
    tokens: [...CIS_EVENT_NAMES["CloudWatch.12"]],
  },
  {
    id: "CloudWatch.13",
    what: "route table changes",
    tokens: [...CIS_EVENT_NAMES["CloudWatch.13"]],
  },
  {
    id: "CloudWatch.14",
    what: "VPC changes",
    tokens: [...CIS_EVENT_NAMES["CloudWatch.14"]],
  },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether a filter pattern names `token` as a whole word (`CreateRoute` is not found in `CreateRouteTable`). */
export function mentions(pattern: string, token: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9])${escape(token)}(?![A-Za-z0-9])`, "i").test(pattern);
}

/** Whether one filter pattern covers a CIS monitor (names every one of its tokens). */
export function covers(pattern: string, monitor: CisMonitor): boolean {
  return [monitor.tokens, ...(monitor.alternatives ?? [])].some((set) =>
    set.every((t) => mentions(pattern, t)),
  );
}

/** The IDs of the whole set (the default of the policy's `monitors` config). */
export const CIS_MONITOR_IDS: readonly string[] = CIS_MONITORS.map((m) => m.id);
