import { type ArgProblem, Problems } from "../shared/problems";
import type { SiemDetectionArgs } from "./siemPipeline.args";

export {
  CONCURRENT_SESSION_FINDINGS,
  FINDING_RUNBOOKS,
  findingRoutes,
  matchesPattern,
  routingTableMarkdown,
  type EventPattern,
  type FindingRoute,
} from "./siemPipeline.findings";

/**
 * Pure logic of the SIEM's detection builder (siemPipeline.detection.ts): defaults, argument problems,
 * GuardDuty's features, Security Hub's standards, AWS Config's settings and the policy documents of
 * Config's role and the findings log group. No Pulumi runtime here.
 */

export const DETECTION_DEFAULTS = {
  guardDuty: true,
  securityHub: true,
  config: true,
  /** GuardDuty's High band starts at 7. */
  alertMinSeverity: 7,
} as const satisfies Required<SiemDetectionArgs>;

export type ResolvedDetection = {
  -readonly [K in keyof Required<SiemDetectionArgs>]: Required<SiemDetectionArgs>[K];
};

export function resolveDetection(args: SiemDetectionArgs | undefined): ResolvedDetection {
  return {
    guardDuty: args?.guardDuty ?? DETECTION_DEFAULTS.guardDuty,
    securityHub: args?.securityHub ?? DETECTION_DEFAULTS.securityHub,
    config: args?.config ?? DETECTION_DEFAULTS.config,
    alertMinSeverity: args?.alertMinSeverity ?? DETECTION_DEFAULTS.alertMinSeverity,
  };
}

/**
 * GuardDuty's severities run from 1.0 to 10.0 (Critical is 9.0-10.0).
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html
 */
export const GUARDDUTY_SEVERITY_RANGE = { min: 1, max: 10 } as const;

/** Problems of `SiemDetectionArgs`, with paths relative to it (the caller prefixes `detection`). */
export function detectionProblems(args: SiemDetectionArgs | undefined): ArgProblem[] {
  const p = new Problems();
  if (args === undefined) return p.list;
  for (const key of ["guardDuty", "securityHub", "config"] as const) {
    const v: unknown = args[key];
    if (v !== undefined && typeof v !== "boolean")
      p.at([key], v, "is not a boolean (expected true or false)");
  }
  const s: unknown = args.alertMinSeverity;
  if (
    s !== undefined &&
    (typeof s !== "number" ||
      !Number.isFinite(s) ||
      s < GUARDDUTY_SEVERITY_RANGE.min ||
      s > GUARDDUTY_SEVERITY_RANGE.max)
  ) {
    p.at(
      ["alertMinSeverity"],
      s,
      `is not a GuardDuty severity (expected a number from ${GUARDDUTY_SEVERITY_RANGE.min} to ${GUARDDUTY_SEVERITY_RANGE.max}; 7 = High)`,
    );
  }
  return p.list;
}

// ---------------------------------------------------------------------------------------------------
// GuardDuty
// ---------------------------------------------------------------------------------------------------

/**
 * Findings reach EventBridge every 15 minutes at most (the default is 6 hours for updates).
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html#guardduty_findings_eventbridge_frequency
 */
export const GUARDDUTY_PUBLISHING_FREQUENCY = "FIFTEEN_MINUTES";

export interface DetectorFeatureSpec {
  readonly name: string;
  readonly role: string;
  readonly additionalConfigurations?: readonly {
    readonly name: string;
    readonly status: "ENABLED" | "DISABLED";
  }[];
}

/**
 * The protection plans we turn on, each a separate `DetectorFeature` (the detector's `datasources` block
 * is deprecated). RUNTIME_MONITORING supersedes EKS_RUNTIME_MONITORING (only one of the two may be set)
 * and GuardDuty manages the EKS add-on `aws-guardduty-agent` (EKS_ADDON_MANAGEMENT) for every cluster of
 * the account and Region, ours included. EC2 and Fargate agent management stay off: we run no EC2
 * workload outside EKS (the nodes are covered by the EKS agent) and no ECS.
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/eks-runtime-monitoring-configuration-standalone-acc.html
 */
export const GUARDDUTY_FEATURES: readonly DetectorFeatureSpec[] = [
  { name: "EKS_AUDIT_LOGS", role: "eks-audit-logs" },
  { name: "S3_DATA_EVENTS", role: "s3-data-events" },
  {
    name: "RUNTIME_MONITORING",
    role: "runtime-monitoring",
    additionalConfigurations: [
      { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" },
      { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "DISABLED" },
      { name: "EC2_AGENT_MANAGEMENT", status: "DISABLED" },
    ],
  },
  { name: "EBS_MALWARE_PROTECTION", role: "ebs-malware-protection" },
];

/**
 * Where GuardDuty's EKS agent runs. Its add-on configuration schema offers CPU, memory, PriorityClass
 * and dnsPolicy only, no tolerations, and the DaemonSet tolerates no custom taint, so without help it
 * never lands on our GPU nodes (`nvidia.com/gpu:NoSchedule`), the nodes runtime monitoring matters most
 * for. EKS manages add-ons by server-side apply and leaves fields it does not manage to us, so the
 * in-cluster side applies `guardDutyAgentTolerations` to this DaemonSet's pod template with its own
 * field manager (after the add-on exists); GuardDuty keeps managing versions and the endpoint.
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-configure-security-agent-eks-addon.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-field-management.html
 * @see https://github.com/aws/containers-roadmap/issues/2520
 */
export const GUARDDUTY_AGENT = { namespace: "amazon-guardduty", daemonSet: "aws-guardduty-agent" } as const;

export interface Taint {
  readonly key: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** Tolerations for the agent so it runs on nodes with these taints (the GPU pools' taints). */
export function guardDutyAgentTolerations(taints: readonly Taint[]) {
  const seen = new Set<string>();
  return taints
    .filter((t) => {
      const k = `${t.key}/${t.effect}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .map((t) => ({ key: t.key, operator: "Exists", effect: t.effect }));
}

/**
 * The server-side-apply patch (`k8s.apps.v1.DaemonSetPatch` args) that adds the tolerations to the
 * GuardDuty-managed agent: only `spec.template.spec.tolerations`, under the patch's own field manager.
 * Deliberately not forced (`pulumi.com/patchForce`): should EKS ever manage the field, the apply fails
 * loudly instead of taking the field from EKS, which would stop EKS managing the add-on. The DaemonSet
 * must exist first (GuardDuty installs the add-on within minutes of enabling the feature).
 * @see https://www.pulumi.com/registry/packages/kubernetes/how-to-guides/managing-resources-with-server-side-apply/
 */
export function guardDutyAgentTolerationPatch(taints: readonly Taint[]) {
  return {
    metadata: {
      name: GUARDDUTY_AGENT.daemonSet,
      namespace: GUARDDUTY_AGENT.namespace,
    },
    spec: { template: { spec: { tolerations: guardDutyAgentTolerations(taints) } } },
  };
}

/**
 * The interface endpoint the runtime agent sends its events through, for the lead to add to
 * SegmentedVpc's endpoint services, so the path from every node tier is ours (the endpoint tier, its
 * security group, NACLs) and proven by `rampart verify`. With automated configuration GuardDuty would
 * otherwise create its own endpoint in "a subnet selected on IP availability", possibly behind a tier's
 * NACL. Since GuardDuty's link-local connectivity (`guardduty-data-v2.<region>.amazonaws.com`, used for
 * new enablements, no private DNS) the agent may not need the endpoint at all; it remains the
 * documented path for agents that use the VPC endpoint. GuardDuty's documented endpoint policy
 * conditions on `aws:PrincipalAccount` only (no `aws:ResourceAccount`).
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring-agent-connectivity.html
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/eksrunmon-prereq-deploy-security-agent.html
 */
export const DETECTION_INTERFACE_ENDPOINTS: readonly string[] = ["guardduty-data"];

// ---------------------------------------------------------------------------------------------------
// Security Hub
// ---------------------------------------------------------------------------------------------------

/**
 * Security Hub's account settings: consolidated control findings (one finding per control across
 * standards), new controls of enabled standards turned on automatically, and no default standards
 * (we subscribe to ours explicitly, so the set is exactly what the code says).
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/controls-findings-create-update.html
 */
export const SECURITY_HUB_ACCOUNT = {
  enableDefaultStandards: false,
  controlFindingGenerator: "SECURITY_CONTROL",
  autoEnableControls: true,
} as const;

/**
 * The standards' ARNs: regional, with an empty account field (CIS v1.2.0 alone used a global
 * `ruleset/` ARN).
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html
 */
export function securityHubStandardsArns(partition: string, region: string) {
  return {
    fsbp: `arn:${partition}:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
    cis: `arn:${partition}:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
  };
}

// ---------------------------------------------------------------------------------------------------
// AWS Config
// ---------------------------------------------------------------------------------------------------

/**
 * Record every supported resource type, global ones (IAM) included, on every change.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html
 */
export const CONFIG_RECORDING = {
  recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
  recordingMode: { recordingFrequency: "CONTINUOUS" },
} as const;

/** Config writes under `config/AWSLogs/<account>/Config/` of the archive. */
export const CONFIG_S3_KEY_PREFIX = "config";
/** @see https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigSnapshotDeliveryProperties.html */
export const CONFIG_SNAPSHOT_FREQUENCY = "TwentyFour_Hours";

export const configRolePolicyArn = (partition: string): string =>
  `arn:${partition}:iam::aws:policy/service-role/AWS_ConfigRole`;

/**
 * Config assumes its role only on behalf of our account (confused-deputy guard).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html
 */
export function configTrustPolicy(accountId: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ConfigAssumes",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

/**
 * What AWS_ConfigRole lacks for delivery: writing to our archive under Config's prefix only (with the
 * owner-full-control ACL the documented policy asks for), reading the bucket ACL, and encrypting with the
 * siem key.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html#iam-role-policies-S3-bucket
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html
 */
export function configDeliveryPolicy(c: {
  readonly partition: string;
  readonly accountId: string;
  readonly bucketName: string;
  readonly siemKeyArn: string;
}) {
  const bucketArn = `arn:${c.partition}:s3:::${c.bucketName}`;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DeliverToArchive",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:PutObjectAcl"],
        Resource: `${bucketArn}/${CONFIG_S3_KEY_PREFIX}/AWSLogs/${c.accountId}/*`,
        Condition: { StringLike: { "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
      { Sid: "ReadArchiveAcl", Effect: "Allow", Action: "s3:GetBucketAcl", Resource: bucketArn },
      {
        Sid: "EncryptWithSiemKey",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: c.siemKeyArn,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// The findings log group
// ---------------------------------------------------------------------------------------------------

export const findingsLogGroupName = (logGroupPrefix: string): string => `${logGroupPrefix}findings`;

/**
 * EventBridge writes to a CloudWatch Logs target under the account's log resource policy, which must
 * admit `events.amazonaws.com` (and `delivery.logs.amazonaws.com`, which delivers for it) on the target
 * group; ours names only the findings group.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions
 */
export function findingsLogResourcePolicy(logGroupArn: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EventBridgeWritesFindings",
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn}:*`,
      },
    ],
  };
}
