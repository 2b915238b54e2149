import type { PolicyResource } from "@pulumi/policy";
import { CIS_MONITOR_IDS, CIS_MONITORS, covers } from "../../lib/cisAlarms";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { refersTo } from "../../lib/refs";
import { logGroupNameOfArn, TRAIL_TYPES, trailLogGroupArn } from "../../lib/trails";
import { UNSEEN } from "../../lib/unknown";
import { asArray, asObject, at, hasUnknown, isUnknown, plain } from "../../lib/values";

const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/** The metric filters on the trail's log group, or UNSEEN when some filter's log group cannot be read. */
function filtersOf(arn: string, filters: readonly PolicyResource[], groups: readonly PolicyResource[]) {
  const name = logGroupNameOfArn(arn);
  const bare = arn.replace(/:\*$/, "");
  const group = groups.find((g) => {
    const p = plain(g.props);
    return at(p, "arn") === bare || (name !== undefined && at(p, "name") === name);
  });
  const out: PolicyResource[] = [];
  for (const f of filters) {
    const lg = at(plain(f.props), "logGroupName");
    if (lg === UNSEEN) return UNSEEN;
    if (
      (name !== undefined && lg === name) ||
      (group && refersTo(f, "logGroupName", group, ["name", "id", "arn"]))
    )
      out.push(f);
  }
  return out;
}

/**
 * The metrics an alarm watches: its own `metricName`/`namespace`, or, for a metric-math alarm, each
 * `metricQueries[].metric` (`metricName`/`namespace`). UNSEEN when one of them is unknown during preview.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
function watchedMetrics(p: unknown): { name: unknown; namespace: unknown }[] | typeof UNSEEN {
  const out: { name: unknown; namespace: unknown }[] = [];
  const name = at(p, "metricName");
  const ns = at(p, "namespace");
  if (name === UNSEEN || ns === UNSEEN) return UNSEEN;
  if (name !== undefined) out.push({ name, namespace: ns });
  const queries = at(p, "metricQueries");
  if (hasUnknown(queries)) return UNSEEN;
  for (const q of asArray(queries)) {
    const m = at(q, "metric");
    const qName = at(m, "metricName");
    const qNs = at(m, "namespace");
    if (m === UNSEEN || qName === UNSEEN || qNs === UNSEEN) return UNSEEN;
    if (qName !== undefined) out.push({ name: qName, namespace: qNs });
  }
  return out;
}

/** Whether an alarm on the filter's metric has an action (or cannot be seen); UNSEEN counts as yes. */
function alarmed(filter: PolicyResource, alarms: readonly PolicyResource[]): boolean {
  const mt = at(plain(filter.props), "metricTransformation");
  if (hasUnknown(mt) || hasUnknown(at(mt, "name")) || hasUnknown(at(mt, "namespace"))) return true;
  const metric = asObject(mt);
  if (!metric) return false;
  return alarms.some((a) => {
    const p = plain(a.props);
    const watched = watchedMetrics(p);
    if (watched === UNSEEN) return true;
    if (!watched.some((m) => m.name === metric.name && m.namespace === metric.namespace)) return false;
    const enabled = at(p, "actionsEnabled");
    if (enabled === false) return false;
    const actions = at(p, "alarmActions");
    return (
      actions === UNSEEN ||
      asArray(actions).some((x) => isUnknown(x) || (typeof x === "string" && x.trim() !== ""))
    );
  });
}

/**
 * Judged per trail that delivers to CloudWatch Logs (`cloudWatchLogsGroupArn`): the metric filters on that
 * log group must cover each monitor of the CIS set (lib/cisAlarms.ts: the events each must name), and an
 * alarm with an action (`alarmActions`, actions enabled) must watch the filter's metric. A filter or alarm
 * whose values are unknown during preview counts as covering (checked again at `pulumi up`).
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
 */
export const cloudtrailTrailRequireCisAlarms = stackPolicy({
  name: "aws-cloudtrail-trail-require-cis-alarms",
  description:
    "A trail that delivers to CloudWatch Logs must have metric filters and alarms with an action for the CIS " +
    "AWS Foundations monitoring set (Security Hub CloudWatch.1-14: root use, unauthorized calls, sign-in " +
    "without MFA, IAM, CloudTrail, KMS, S3 policy, Config and network changes), so those events page " +
    "someone instead of waiting in a log.",
  catalog: [
    "CIS AWS 4.1",
    "CIS AWS 4.2",
    "CIS AWS 4.3",
    "CIS AWS 4.4",
    "CIS AWS 4.5",
    "CIS AWS 4.6",
    "CIS AWS 4.7",
    "CIS AWS 4.8",
    "CIS AWS 4.9",
    "CIS AWS 4.10",
    "CIS AWS 4.11",
    "CIS AWS 4.12",
    "CIS AWS 4.13",
    "CIS AWS 4.14",
    "FSBP CloudWatch.1",
    "FSBP CloudWatch.2",
    "FSBP CloudWatch.3",
    "FSBP CloudWatch.4",
    "FSBP CloudWatch.5",
    "FSBP CloudWatch.6",
    "FSBP CloudWatch.7",
    "FSBP CloudWatch.8",
    "FSBP CloudWatch.9",
    "FSBP CloudWatch.10",
    "FSBP CloudWatch.11",
    "FSBP CloudWatch.12",
    "FSBP CloudWatch.13",
    "FSBP CloudWatch.14",
  ],
  remediation:
    "Add, on the trail's log group, a LogMetricFilter per monitor whose pattern names its events and a MetricAlarm on the filter's metric with alarmActions set to the alert topic.",
  types: [...TRAIL_TYPES, FILTER, ALARM, LOG_GROUP],
  configSchema: {
    properties: {
      monitors: {
        type: "array",
        items: { type: "string", enum: [...CIS_MONITOR_IDS] },
        default: [...CIS_MONITOR_IDS],
        description:
          "The Security Hub CloudWatch.x controls whose filter and alarm are required (all fourteen by default).",
      },
    },
  },
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const wanted: string[] = Array.isArray(ctx.config.monitors) ? ctx.config.monitors : [];
    const filters = ctx.ofType(FILTER);
    const alarms = ctx.ofType(ALARM);
    const groups = ctx.ofType(LOG_GROUP);
    for (const trail of ctx.ofType(...TRAIL_TYPES)) {
      const arn = trailLogGroupArn(trail);
      if (arn === UNSEEN || arn === undefined) continue;
      const mine = filtersOf(arn, filters, groups);
      if (mine === UNSEEN) continue;
      for (const monitor of CIS_MONITORS.filter((m) => wanted.includes(m.id))) {
        const matching = mine.filter((f) => {
          const pattern = at(plain(f.props), "pattern");
          return pattern === UNSEEN || (typeof pattern === "string" && covers(pattern, monitor));
        });
        if (matching.some((f) => alarmed(f, alarms))) continue;
        out.push({
          urn: trail.urn,
          message:
            matching.length > 0
              ? `Trail "${trail.name}": the metric filter for ${monitor.id} (${monitor.what}) has no alarm with an action: add a MetricAlarm on its metric with alarmActions (the alert topic).`
              : `Trail "${trail.name}" has no metric filter for ${monitor.id} (${monitor.what}) on its log group: add a LogMetricFilter whose pattern names ${monitor.tokens.join(", ")}, and an alarm with an action.`,
        });
      }
    }
    return out;
  },
});
