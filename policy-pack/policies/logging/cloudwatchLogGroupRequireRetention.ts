import { resourcePolicy } from "../../lib/policy";
import { asList, asNumber, tagValue } from "../../lib/values";

const PERSONAL_DEFAULT = ["transcripts", "application-logs", "consent"];

/** A scalar as written (strings quoted), or its type: never walks an object (it may hold unknowns). */
const shown = (v: unknown): string =>
  typeof v === "string"
    ? JSON.stringify(v)
    : typeof v === "number" || typeof v === "boolean"
      ? String(v)
      : typeof v;

/**
 * Two duties pull retention in opposite directions. Evidence (audit, flow, control-plane logs) must be
 * kept at least `minimumDays`; `retentionInDays` unset or 0 means "never expire", which satisfies it.
 * Personal data (a `rampart:data-class` tag in `personalDataClasses`) must be purged at the end of its
 * own retention window (GDPR Art. 5(1)(e), storage limitation), so such a group must expire (a value
 * > 0) and the evidence minimum does not apply to it. Either way the retention is stated: an omitted
 * `retentionInDays` keeps logs forever by default rather than by decision (Checkov CKV_AWS_66 and
 * CKV_AWS_338 fail it; an explicit 0 passes CKV_AWS_338), and a value that is not a number is refused.
 * No maximum is set here for personal data: each class's window is owned by `rampart:privacy.retention`
 * and checked by the components; the policy only refuses "forever".
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html
 */
export const cloudwatchLogGroupRequireRetention = resourcePolicy({
  name: "aws-cloudwatch-loggroup-require-retention",
  description:
    "Log groups must keep logs at least the configured number of days (365 in prod): incidents are often " +
    "found months later, and the evidence must still be there. Groups holding personal data " +
    "(rampart:data-class transcripts, application-logs, consent) must instead expire: they are kept for " +
    "their data class's window, never forever (CIS AWS Foundations 3.x log retention; GDPR storage limitation).",
  catalog: ["CKV_AWS_338", "CKV_AWS_66", "KICS ef0b316a-211e-42f1-888e-64efe172b755", "FSBP CloudWatch.16"],
  remediation:
    "Set retentionInDays explicitly: at least minimumDays (365 in prod) or 0 to keep evidence forever, and a window > 0 for personal-data log groups.",
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  configSchema: {
    properties: {
      minimumDays: {
        type: "number",
        minimum: 1,
        default: 365,
        description: "Minimum retentionInDays (0 or unset = never expire, which passes).",
      },
      personalDataClasses: {
        type: "array",
        items: { type: "string" },
        default: PERSONAL_DEFAULT,
        description:
          "rampart:data-class values marking personal data: such groups must expire and are exempt from minimumDays.",
      },
    },
  },
  check: (props, ctx) => {
    const personal = asList(ctx.config.personalDataClasses ?? PERSONAL_DEFAULT).filter(
      (c): c is string => typeof c === "string",
    );
    const dataClass = tagValue(props, "rampart:data-class");
    const isPersonal = dataClass !== undefined && personal.includes(dataClass);
    const min = asNumber(ctx.config.minimumDays) ?? 365;
    if (!("retentionInDays" in props) || props.retentionInDays === null)
      return isPersonal
        ? `Log group holds personal data (rampart:data-class=${dataClass}) and never expires: set ` +
            "retentionInDays to that data class's retention window."
        : `Log group sets no retentionInDays (kept forever by default, not by decision): set retentionInDays to at least ${min} (or 0 to keep it forever on purpose).`;
    const days = asNumber(props.retentionInDays);
    if (days === undefined || days < 0)
      return `Log group retentionInDays (${shown(props.retentionInDays)}) is not a number of days: set retentionInDays to at least ${min}.`;
    if (isPersonal) {
      if (days === 0)
        return (
          `Log group holds personal data (rampart:data-class=${dataClass}) and never expires: set ` +
          "retentionInDays to that data class's retention window."
        );
      return;
    }
    if (days > 0 && days < min)
      return `Log group retention is ${days} days: set retentionInDays to at least ${min}.`;
  },
});
