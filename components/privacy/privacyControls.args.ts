import type * as pulumi from "@pulumi/pulumi";

/**
 * The contract of `PrivacyControls` (`rampart:privacy:PrivacyControls`): where prompts, transcripts and
 * consent live, and how long. The transcript bucket (the `privacy` key, TLS only, no public access,
 * expiry), the application and transcript log groups with CloudWatch Logs data protection (AWS managed
 * data identifiers, findings to an audit group), and the consent ledger (DynamoDB, our key, PITR,
 * deletion protection, TTL). Types only.
 */

export interface PrivacyControlsArgs {
  /** Prefix of global names: `<project>-<stack>`. */
  readonly namePrefix: string;
  /** Log group name prefix the KeyRing admits (`/rampart/<stack>/`). */
  readonly logGroupPrefix: string;
  /** The KeyRing's `privacy` key: transcripts, their log groups, the consent ledger. */
  readonly privacyKeyArn: pulumi.Input<string>;
  /** Store conversations in the transcript bucket. @default true */
  readonly storeTranscripts?: boolean;
  /** Days transcripts are kept (bucket expiry and the transcript log group's retention). */
  readonly transcriptRetentionDays: number;
  /** Days application logs are kept. */
  readonly applicationLogRetentionDays: number;
  /**
   * Days a consent record outlives the end of its validity before DynamoDB's TTL removes it. TTL has no
   * offset of its own: the application writes `expiresAt` = end of validity + these days (docs/CONSENT.md);
   * the table carries the value as its `rampart:consent-grace-days` tag. @default 0
   */
  readonly consentGraceDays?: number;
  /** Days the data protection audit findings (log group `<logGroupPrefix>data-protection-audit`) are kept. @default 365 */
  readonly auditLogRetentionDays?: number;
  /**
   * Roles that write transcripts and consent records (the application's Pod Identity roles). @default []
   * (no writer yet: the model servers' roles add themselves)
   */
  readonly writerRoleArns?: readonly pulumi.Input<string>[];
  /** Roles that read transcripts' metadata and consent records (audit-view). @default [] */
  readonly auditRoleArns?: readonly pulumi.Input<string>[];
  /**
   * SNS topic (the SIEM's alert topic) for the `privacy-sensitive-data-in-logs` alarm: CloudWatch Logs
   * found personal data or a credential in a protected log group, which the shipper's redaction should
   * have masked first. @default none (the metric is published, no alarm)
   */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /** `protect` the bucket and the table. @default true */
  readonly protect?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}
