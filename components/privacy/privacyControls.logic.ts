import { type ArgProblem, Problems } from "../shared/problems";
import { logRetentionProblem, roleArnProblem, tagArgProblems } from "../shared/rules";
import type { PrivacyControlsArgs } from "./privacyControls.args";

export {
  consentTablePolicy,
  CONSENT_READ_ACTIONS,
  CONSENT_WRITE_ACTIONS,
  dataProtectionPolicy,
  transcriptBucketPolicy,
  TRANSCRIPT_READ_ACTIONS,
  TRANSCRIPT_WRITE_ACTIONS,
} from "./privacyControls.policies";

/**
 * Pure logic for `PrivacyControls`: defaults, names, the data identifiers CloudWatch Logs masks, and
 * argument validation. The policy documents live in privacyControls.policies.ts. No Pulumi runtime here.
 */

export const PRIVACY_CONTROLS_DEFAULTS = {
  storeTranscripts: true,
  consentGraceDays: 0,
  auditLogRetentionDays: 365,
  writerRoleArns: [] as readonly string[],
  auditRoleArns: [] as readonly string[],
  protect: true,
} as const;

/** The tag every bucket, log group and table holding classified data carries; policies key on it. */
export const DATA_CLASS_TAG = "rampart:data-class";
export type DataClass =
  "transcripts" | "consent" | "application-logs" | "audit-logs" | "findings" | "metrics";
/** The consent table's tag holding `consentGraceDays`, for the application that computes `expiresAt`. */
export const CONSENT_GRACE_TAG = "rampart:consent-grace-days";

/**
 * The consent ledger's key schema and TTL attribute (docs/CONSENT.md documents the item).
 * `subjectId` is a keyed hash (HMAC) of the user id, never the raw id; `purposeVersion` is
 * `<purpose>#<policy version>`, so one subject's consents for one purpose sort together by version.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
 */
export const CONSENT_SCHEMA = {
  hashKey: "subjectId",
  rangeKey: "purposeVersion",
  ttlAttribute: "expiresAt",
} as const;

/**
 * AWS managed data identifiers CloudWatch Logs audits and masks in the application and transcript log
 * groups: personal data (names, contact details, national IDs, passports, driving licences, dates of
 * birth), payment data and credentials. IP addresses are left visible on purpose: incident response
 * correlates them with flow and WAF logs. Country-specific identifiers cover the countries AWS supports.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/protect-sensitive-log-data-types-pii.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/protect-sensitive-log-data-types-financial.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/protect-sensitive-log-data-types-credentials.html
 */
export const DATA_IDENTIFIERS = [
  // Personally identifiable information
  "Name",
  "Address",
  "EmailAddress",
  "DateOfBirth",
  "PhoneNumber-BR",
  "PhoneNumber-DE",
  "PhoneNumber-ES",
  "PhoneNumber-FR",
  "PhoneNumber-GB",
  "PhoneNumber-IT",
  "PhoneNumber-US",
  "Ssn-ES",
  "Ssn-US",
  "NationalIdentificationNumber-DE",
  "NationalIdentificationNumber-ES",
  "NationalIdentificationNumber-IT",
  "NationalInsuranceNumber-GB",
  "SocialInsuranceNumber-CA",
  "IndividualTaxIdentificationNumber-US",
  "TaxId-DE",
  "TaxId-ES",
  "TaxId-FR",
  "TaxId-GB",
  "PassportNumber-CA",
  "PassportNumber-DE",
  "PassportNumber-ES",
  "PassportNumber-FR",
  "PassportNumber-GB",
  "PassportNumber-IT",
  "PassportNumber-US",
  "DriversLicense-US",
  "DriversLicense-GB",
  // Financial information
  "CreditCardNumber",
  "CreditCardSecurityCode",
  "CreditCardExpiration",
  "BankAccountNumber-DE",
  "BankAccountNumber-ES",
  "BankAccountNumber-FR",
  "BankAccountNumber-GB",
  "BankAccountNumber-IT",
  "BankAccountNumber-US",
  // Credentials
  "AwsSecretKey",
  "OpenSshPrivateKey",
  "PgpPrivateKey",
  "PkcsPrivateKey",
  "PuttyPrivateKey",
] as const;

/** A managed data identifier's ARN in a partition (`arn:aws:dataprotection::aws:data-identifier/<id>`). */
export function dataIdentifierArn(id: string, partition = "aws"): string {
  return `arn:${partition}:dataprotection::aws:data-identifier/${id}`;
}

/**
 * The alarm on data protection findings: every event in the audit group is one finding (one log event
 * that held sensitive data), so the metric counts events, per stack.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/mask-sensitive-log-data-audit-findings.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export const SENSITIVE_DATA_ALARM = {
  id: "privacy-sensitive-data-in-logs",
  metricName: "SensitiveDataFindings",
  namespace: (namePrefix: string) => `Rampart/Privacy/${namePrefix}`,
  periodSeconds: 300,
  threshold: 1,
  runbook: "docs/runbooks/privacy-sensitive-data-in-logs.md",
} as const;

/** The log groups PrivacyControls owns, under the prefix the KeyRing's privacy key admits. */
export function privacyLogGroupNames(logGroupPrefix: string) {
  return {
    application: `${logGroupPrefix}application`,
    transcripts: `${logGroupPrefix}transcripts`,
    audit: `${logGroupPrefix}data-protection-audit`,
  } as const;
}

/** The consent ledger's table name. */
export function consentTableName(namePrefix: string): string {
  return `${namePrefix}-consent-ledger`;
}

/** The transcript bucket's `bucketPrefix` (S3 adds a unique suffix; the prefix may be 37 characters). */
export function transcriptBucketPrefix(namePrefix: string): string {
  return `${namePrefix}-transcripts-`;
}

/**
 * A `namePrefix`: lowercase (S3 bucket names must be), and short enough for the bucket prefix
 * `<namePrefix>-transcripts-` to fit S3's 37-character `bucketPrefix`.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,22}[a-z0-9]$/;
/**
 * A log group name prefix: starts and ends with `/`, log-group characters only, leaving room for our
 * suffixes in CloudWatch Logs' 512 characters.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
 */
const LOG_GROUP_PREFIX = /^\/[A-Za-z0-9._\-/#]{0,480}\/$/;

/** @see https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/** S3 lifecycle expiry has no upper bound; ten years is the longest CloudWatch keeps logs, and ours. */
const MAX_DAYS = 3653;

export function validatePrivacyControlsArgs(args: PrivacyControlsArgs): ArgProblem[] {
  const p = new Problems();
  if (typeof args.namePrefix !== "string" || !NAME_PREFIX.test(args.namePrefix))
    p.at(
      ["namePrefix"],
      args.namePrefix,
      'is not a name prefix (expected 2 to 24 lowercase letters, digits or -, starting with a letter, e.g. "rampart-prod")',
    );
  if (typeof args.logGroupPrefix !== "string" || !LOG_GROUP_PREFIX.test(args.logGroupPrefix))
    p.at(
      ["logGroupPrefix"],
      args.logGroupPrefix,
      'is not a log group prefix (expected "/<path>/" of letters, digits, ., _, -, / or #, e.g. "/rampart/prod/")',
    );
  // The transcript retention is also the transcript log group's: it must be a CloudWatch period.
  for (const field of ["transcriptRetentionDays", "applicationLogRetentionDays"] as const) {
    const bad = logRetentionProblem(args[field]);
    if (bad) p.at([field], args[field], bad);
  }
  if (args.auditLogRetentionDays !== undefined) {
    const bad = logRetentionProblem(args.auditLogRetentionDays);
    if (bad) p.at(["auditLogRetentionDays"], args.auditLogRetentionDays, bad);
  }
  const grace = args.consentGraceDays;
  if (grace !== undefined && (!Number.isInteger(grace) || grace < 0 || grace > MAX_DAYS))
    p.at(
      ["consentGraceDays"],
      grace,
      `is not a number of days (expected a whole number from 0 to ${MAX_DAYS})`,
    );
  for (const field of ["writerRoleArns", "auditRoleArns"] as const) {
    const list = args[field] ?? [];
    list.forEach((arn, i) => {
      // An Output is checked by AWS when the policy is put; a plain string is checked here.
      if (typeof arn !== "string") return;
      const bad = roleArnProblem(arn);
      if (bad) p.at([field, i], arn, bad);
      else if (list.indexOf(arn) !== i) p.at([field, i], arn, "is listed twice");
    });
  }
  if (typeof args.alarmTopicArn === "string" && !SNS_TOPIC_ARN.test(args.alarmTopicArn))
    p.at(
      ["alarmTopicArn"],
      args.alarmTopicArn,
      'is not an SNS topic ARN (expected "arn:aws:sns:<region>:<account>:<topic>")',
    );
  p.under([], tagArgProblems(args.tags));
  if (args.tags && Object.keys(args.tags).some((k) => k === DATA_CLASS_TAG || k === CONSENT_GRACE_TAG))
    p.at(
      ["tags"],
      args.tags,
      `sets ${DATA_CLASS_TAG} or ${CONSENT_GRACE_TAG}, which PrivacyControls sets per resource`,
    );
  return p.list;
}
