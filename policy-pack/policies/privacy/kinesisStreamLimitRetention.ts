import { resourcePolicy } from "../../lib/policy";
import { asList, asNumber, tagValue } from "../../lib/values";

const PERSONAL_DEFAULT = ["transcripts", "application-logs", "consent"];

/**
 * A data stream is a transport: its consumers write the records to the store whose lifecycle and erasure
 * process apply (the transcript bucket, the log archive). Extended retention (`retentionPeriod` up to 8760
 * hours) keeps a second, replayable copy of personal data outside both, so a stream carrying personal data
 * (`rampart:data-class` in config `personalDataClasses`) is held to `maximumHours` (default 24, the
 * service's default and minimum; unset means 24). Streams of other classes are not judged. A value that is
 * not a number of hours is refused, naming the property.
 * @see https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html
 */
export const kinesisStreamLimitRetention = resourcePolicy({
  name: "aws-kinesis-stream-limit-retention",
  description:
    "Kinesis data streams carrying personal data (rampart:data-class transcripts, application-logs, consent) " +
    "must not keep records past the configured maximum (24 hours by default): a stream with extended " +
    "retention is a replayable copy of conversations outside the bucket's lifecycle and the erasure process " +
    "(GDPR storage limitation).",
  // No catalog checks Kinesis retention: S3.13 (stored data has a lifecycle that expires it) is the closest
  // general control for storage limitation.
  catalog: ["FSBP S3.13"],
  remediation: "Set retentionPeriod to at most maximumHours (24 by default), or leave it unset (24 hours).",
  types: ["aws:kinesis/stream:Stream"],
  configSchema: {
    properties: {
      maximumHours: {
        type: "number",
        minimum: 24,
        maximum: 8760,
        default: 24,
        description: "Longest retentionPeriod (hours) a personal-data stream may keep records.",
      },
      personalDataClasses: {
        type: "array",
        items: { type: "string" },
        default: PERSONAL_DEFAULT,
        description: "rampart:data-class values marking personal data.",
      },
    },
  },
  check: (props, ctx) => {
    const personal = asList(ctx.config.personalDataClasses ?? PERSONAL_DEFAULT).filter(
      (c): c is string => typeof c === "string",
    );
    const dataClass = tagValue(props, "rampart:data-class");
    if (dataClass === undefined || !personal.includes(dataClass)) return;
    if (!("retentionPeriod" in props) || props.retentionPeriod === null) return;
    const max = asNumber(ctx.config.maximumHours) ?? 24;
    const raw: unknown = props.retentionPeriod;
    const hours = asNumber(raw);
    if (hours === undefined || hours <= 0)
      return `Stream retentionPeriod (${typeof raw === "string" ? JSON.stringify(raw) : typeof raw === "number" ? String(raw) : typeof raw}) is not a number of hours: set retentionPeriod to at most ${max}.`;
    if (hours > max)
      return `Stream carrying personal data (rampart:data-class=${dataClass}) keeps records ${hours} hours: set retentionPeriod to at most ${max}.`;
  },
});
