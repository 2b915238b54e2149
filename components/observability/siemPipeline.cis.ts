import { CIS_EVENT_NAMES } from "../../policy-pack/lib/cisAlarms";

/**
 * The CIS AWS Foundations Benchmark monitoring set (section 4 of v1.4.0 / 3 of v1.2.0): one CloudWatch
 * Logs metric filter on the trail's log group and one alarm per row, to the alert topic. Patterns are
 * those of the Security Hub CloudWatch.1-14 controls (the Organizations row is CIS v1.4.0 4.15, which
 * Security Hub has no control for). The README's alert table and the policies reuse this table.
 *
 * Every alarm fires on one matching event in a 5-minute period (Sum >= 1 over 300 s, one period), as the
 * controls require; no data means no event (`notBreaching`), not an alarm.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */

export interface CisAlarm {
  /** Kebab-case id: metric filter, alarm and runbook (`docs/runbooks/cis-<id>.md`) names. */
  readonly id: string;
  readonly title: string;
  /** CloudWatch Logs JSON filter pattern over CloudTrail events. */
  readonly pattern: string;
  /** The Security Hub control (or CIS recommendation) the row satisfies. */
  readonly control: string;
  /** The page that gives the pattern. */
  readonly cite: string;
  /** Repository path of the runbook. */
  readonly runbook: string;
}

/** How each alarm evaluates its metric. */
export const CIS_ALARM_EVALUATION = {
  statistic: "Sum",
  periodSeconds: 300,
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  treatMissingData: "notBreaching",
} as const;

const SECURITY_HUB = "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html";
const CIS_BENCHMARK = "https://www.cisecurity.org/benchmark/amazon_web_services";

/** `($.eventName = A) || ($.eventName = B) ...` */
const anyEvent = (names: readonly string[]) => names.map((n) => `($.eventName = ${n})`).join(" || ");
/** Events of one service: `{ ($.eventSource = s) && (( ... ) || ( ... )) }` */
const fromSource = (source: string, names: readonly string[]) =>
  `{ ($.eventSource = ${source}) && (${anyEvent(names)}) }`;

const row = (id: string, title: string, pattern: string, control: string): CisAlarm => ({
  id,
  title,
  pattern,
  control,
  cite: control.startsWith("CloudWatch.")
    ? `${SECURITY_HUB}#${control.toLowerCase().replace(".", "-")}`
    : CIS_BENCHMARK,
  runbook: `docs/runbooks/cis-${id}.md`,
});

export const CIS_ALARMS: readonly CisAlarm[] = [
  row(
    "root-use",
    "Root user used",
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    "CloudWatch.1",
  ),
  row(
    "unauthorized-api-calls",
    "Unauthorised API calls",
    '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    "CloudWatch.2",
  ),
  row(
    "console-signin-without-mfa",
    "Console sign-in without MFA",
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    "CloudWatch.3",
  ),
  row(
    "iam-policy-changes",
    "IAM policy changes",
    `{ ${anyEvent(CIS_EVENT_NAMES["CloudWatch.4"])} }`,
    "CloudWatch.4",
  ),
  row(
    "cloudtrail-changes",
    "CloudTrail configuration changes",
    `{ ${anyEvent(CIS_EVENT_NAMES["CloudWatch.5"])} }`,
    "CloudWatch.5",
  ),
  row(
    "console-signin-failures",
    "Failed console sign-ins",
    '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    "CloudWatch.6",
  ),
  row(
    "kms-key-disable-or-deletion",
    "KMS key disabled or scheduled for deletion",
    fromSource("kms.amazonaws.com", CIS_EVENT_NAMES["CloudWatch.7"]),
    "CloudWatch.7",
  ),
  row(
    "s3-bucket-policy-changes",
    "S3 bucket policy changes",
    fromSource("s3.amazonaws.com", CIS_EVENT_NAMES["CloudWatch.8"]),
    "CloudWatch.8",
  ),
  row(
    "config-changes",
    "AWS Config changes",
    fromSource("config.amazonaws.com", CIS_EVENT_NAMES["CloudWatch.9"]),
    "CloudWatch.9",
  ),
  row(
    "security-group-changes",
    "Security group changes",
    `{ ${anyEvent(CIS_EVENT_NAMES["CloudWatch.10"])} }`,
    "CloudWatch.10",
  ),
  row(
    "nacl-changes",
    "Network ACL changes",
    `{ ${anyEvent(CIS_EVENT_NAMES["CloudWatch.11"])} }`,
    "CloudWatch.11",
  ),
  row(
    "network-gateway-changes",
    "Network gateway changes",
    `{ ${anyEvent(CIS_EVENT_NAMES["CloudWatch.12"])} }`,
    "CloudWatch.12",
  ),
  row(
    "route-table-changes",
    "Route table changes",
    fromSource("ec2.amazonaws.com", CIS_EVENT_NAMES["CloudWatch.13"]),
    "CloudWatch.13",
  ),
  row("vpc-changes", "VPC changes", `{ ${anyEvent(CIS_EVENT_NAMES["CloudWatch.14"])} }`, "CloudWatch.14"),
  row(
    "organizations-changes",
    "AWS Organizations changes",
    fromSource("organizations.amazonaws.com", [
      "AcceptHandshake",
      "AttachPolicy",
      "CreateAccount",
      "CreateOrganizationalUnit",
      "CreatePolicy",
      "DeclineHandshake",
      "DeleteOrganization",
      "DeleteOrganizationalUnit",
      "DeletePolicy",
      "DetachPolicy",
      "DisablePolicyType",
      "EnablePolicyType",
      "InviteAccountToOrganization",
      "LeaveOrganization",
      "MoveAccount",
      "RemoveAccountFromOrganization",
      "UpdatePolicy",
      "UpdateOrganizationalUnit",
    ]),
    "CIS 4.15",
  ),
];
