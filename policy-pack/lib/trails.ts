import type { PolicyResource } from "@pulumi/policy";
import { UNSEEN, type Unseen } from "./unknown";
import { asArray, asObject, asString, at, hasUnknown, knownStrings, plain } from "./values";

/**
 * CloudTrail trails as stack policies read them: which buckets' object-level (data) events a trail
 * records, in both selector forms, and the log group it delivers to. Read through `plain`/`at`, so one
 * value unknown during preview makes only the question that needs it unanswerable (`UNSEEN`).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 */
export const TRAIL_TYPES = ["aws:cloudtrail/trail:Trail"] as const;

/** Which halves of a bucket's data events a trail records. */
export interface Coverage {
  read: boolean;
  write: boolean;
}

/** A bucket's ARN (`arn:aws:s3:::name`) from its `arn` or `bucket` property, or UNSEEN / undefined. */
export function bucketArn(bucket: PolicyResource): string | undefined | Unseen {
  const p = plain(bucket.props);
  const arn = at(p, "arn");
  if (typeof arn === "string" && arn.startsWith("arn:")) return arn;
  const name = at(p, "bucket");
  if (typeof name === "string" && name.trim() !== "") return `arn:aws:s3:::${name.trim()}`;
  return arn === UNSEEN || name === UNSEEN ? UNSEEN : undefined;
}

/**
 * A basic selector's value covers the whole bucket: all buckets (`arn:aws:s3`, `arn:aws:s3:::`) or the
 * bucket itself (`arn:aws:s3:::name` or `.../`). A key prefix (`arn:aws:s3:::name/prefix`) covers part only.
 */
function basicValueCovers(value: string, arn: string): boolean {
  const v = value.trim();
  return v === "arn:aws:s3" || v === "arn:aws:s3:::" || v === arn || v === `${arn}/`;
}

function addBasic(selectors: unknown, arn: string, cov: Coverage): boolean {
  if (hasUnknown(selectors)) return false;
  for (const raw of asArray(selectors)) {
    const s = asObject(raw);
    if (!s) continue;
    const resources = at(s, "dataResources");
    if (hasUnknown(resources)) return false;
    if (asArray(resources).some((d) => hasUnknown(at(d, "type")) || hasUnknown(at(d, "values"))))
      return false;
    const hit = asArray(resources).some((d) => {
      const o = asObject(d);
      return (
        o !== undefined &&
        o.type === "AWS::S3::Object" &&
        knownStrings(o.values).some((v) => basicValueCovers(v, arn))
      );
    });
    if (!hit) continue;
    const rw = at(s, "readWriteType");
    if (rw === UNSEEN) return false;
    // readWriteType defaults to All.
    const mode = asString(rw) ?? "All";
    if (mode === "All" || mode === "ReadOnly") cov.read = true;
    if (mode === "All" || mode === "WriteOnly") cov.write = true;
  }
  return true;
}

/**
 * A field selector's operator values. Pulumi names the operators in the plural (`startsWiths`,
 * `notStartsWiths`, `endsWiths`...; `equals` and `notEquals` keep theirs); the CloudTrail API and
 * CloudFormation use the singular (`StartsWith`...). Both spellings are read, so a program written either
 * way, or a stack export of either, is judged the same.
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/cloudtrail/trail/#trailadvancedeventselectorfieldselector
 */
function operator(selector: Record<string, any>, plural: string, singular: string): unknown {
  const p = at(selector, plural);
  return p !== undefined ? p : at(selector, singular);
}

const OPERATORS = [
  ["equals", "equals"],
  ["notEquals", "notEquals"],
  ["startsWiths", "startsWith"],
  ["notStartsWiths", "notStartsWith"],
  ["endsWiths", "endsWith"],
  ["notEndsWiths", "notEndsWith"],
] as const;

/** The fields whose meaning is interpreted below; any other field with a condition narrows the selector. */
const INTERPRETED = new Set(["eventCategory", "resources.type", "resources.ARN", "readOnly"]);

const MANAGEMENT_FIELDS: ReadonlySet<string> = new Set(["eventCategory", "readOnly", "eventSource"]);

/**
 * One advanced event selector's field selectors: those of the `interpreted` fields by name, whether a
 * condition on any other field narrows it, and the known values of an operator (both spellings: Pulumi's
 * plural and the API's singular). UNSEEN when a field name or an operator is unknown.
 */
function readSelector(raw: unknown, interpreted: ReadonlySet<string>) {
  const fields = at(raw, "fieldSelectors");
  if (hasUnknown(fields)) return UNSEEN;
  const byField = new Map<string, Record<string, any>>();
  let narrowed = false;
  for (const f of asArray(fields)) {
    const o = asObject(f);
    const name = o ? at(o, "field") : undefined;
    if (name === UNSEEN) return UNSEEN;
    if (!o || typeof name !== "string") continue;
    if (OPERATORS.some(([pl, si]) => hasUnknown(operator(o, pl, si)))) return UNSEEN;
    if (interpreted.has(name)) byField.set(name, o);
    else if (OPERATORS.some(([pl, si]) => knownStrings(operator(o, pl, si)).length > 0)) narrowed = true;
  }
  const values = (field: string, plural: string, singular: string) => {
    const o = byField.get(field);
    return o ? knownStrings(operator(o, plural, singular)) : [];
  };
  return { byField, narrowed, values };
}

/**
 * An advanced selector covers the bucket when it selects `eventCategory = Data` and
 * `resources.type = AWS::S3::Object`, and its `resources.ARN` conditions (if any) admit every object of the
 * bucket: a `startsWith` that is a prefix of `arn:aws:s3:::name/`, no `equals` list (exact object ARNs
 * name some objects only), no `endsWith`, and no `notStartsWith`/`notEquals` excluding it. `readOnly`
 * narrows it to reads or writes. A condition on any other field (eventName, userIdentity.arn...) records
 * some of the bucket's events only, so such a selector does not count.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 */
function addAdvanced(selectors: unknown, arn: string, cov: Coverage): boolean {
  if (hasUnknown(selectors)) return false;
  const objectPrefix = `${arn}/`;
  for (const raw of asArray(selectors)) {
    const sel = readSelector(raw, INTERPRETED);
    if (sel === UNSEEN) return false;
    if (sel.narrowed) continue;
    const { values } = sel;
    if (!values("eventCategory", "equals", "equals").includes("Data")) continue;
    if (!values("resources.type", "equals", "equals").includes("AWS::S3::Object")) continue;
    if (sel.byField.has("resources.ARN")) {
      const starts = values("resources.ARN", "startsWiths", "startsWith");
      if (values("resources.ARN", "equals", "equals").length > 0) continue;
      if (values("resources.ARN", "endsWiths", "endsWith").length > 0) continue;
      if (starts.length > 0 && !starts.some((p) => objectPrefix.startsWith(p))) continue;
      const excluded = [
        ...values("resources.ARN", "notStartsWiths", "notStartsWith"),
        ...values("resources.ARN", "notEquals", "notEquals"),
      ];
      // An exclusion of the bucket, or of some of its objects, leaves it not wholly recorded.
      if (excluded.some((p) => objectPrefix.startsWith(p) || p.startsWith(objectPrefix) || p === arn))
        continue;
    }
    const only = values("readOnly", "equals", "equals");
    if (only.length === 0 || only.includes("true")) cov.read = true;
    if (only.length === 0 || only.includes("false")) cov.write = true;
  }
  return true;
}

/** What the trails record of the bucket with ARN `arn`, or UNSEEN when a selector could not be read. */
export function dataEventCoverage(trails: readonly PolicyResource[], arn: string): Coverage | Unseen {
  const cov: Coverage = { read: false, write: false };
  for (const trail of trails) {
    const p = plain(trail.props);
    if (!addBasic(at(p, "eventSelectors"), arn, cov)) return UNSEEN;
    if (!addAdvanced(at(p, "advancedEventSelectors"), arn, cov)) return UNSEEN;
  }
  return cov;
}

/** The CloudWatch log group a trail delivers to (its ARN as written), `undefined` when none, or UNSEEN. */
export function trailLogGroupArn(trail: PolicyResource): string | undefined | Unseen {
  const v = at(plain(trail.props), "cloudWatchLogsGroupArn");
  if (v === UNSEEN) return UNSEEN;
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** The log group name inside a log group ARN (`arn:aws:logs:r:a:log-group:NAME:*`). */
export function logGroupNameOfArn(arn: string): string | undefined {
  return /:log-group:([^:]+)/.exec(arn)?.[1];
}

/** Which management events a trail records: reads, writes, and the event sources it leaves out. */
export interface ManagementCoverage {
  read: boolean;
  write: boolean;
  excluded: string[];
}

/**
 * Basic selectors: each with `includeManagementEvents` (default true) records management reads and/or
 * writes by its `readWriteType` (default All), less its `excludeManagementEventSources`.
 */
function addBasicManagement(selectors: unknown, cov: ManagementCoverage): boolean {
  if (hasUnknown(selectors)) return false;
  for (const raw of asArray(selectors)) {
    const s = asObject(raw);
    if (!s) continue;
    const include = at(s, "includeManagementEvents");
    const rw = at(s, "readWriteType");
    const excluded = at(s, "excludeManagementEventSources");
    if (include === UNSEEN || rw === UNSEEN || hasUnknown(excluded)) return false;
    if (include === false || include === "false") continue;
    const mode = asString(rw) || "All";
    if (mode === "All" || mode === "ReadOnly") cov.read = true;
    if (mode === "All" || mode === "WriteOnly") cov.write = true;
    cov.excluded.push(...knownStrings(excluded).filter((e) => e.trim() !== ""));
  }
  return true;
}

/**
 * Advanced selectors: one with `eventCategory = Management` records management events, narrowed by
 * `readOnly`; an `eventSource` notEquals/notStartsWith leaves those sources out; any other condition
 * (eventName, userIdentity.arn...) records some events only, and such a selector counts for nothing.
 */
function addAdvancedManagement(selectors: unknown, cov: ManagementCoverage): boolean {
  if (hasUnknown(selectors)) return false;
  for (const raw of asArray(selectors)) {
    const sel = readSelector(raw, MANAGEMENT_FIELDS);
    if (sel === UNSEEN) return false;
    const { values } = sel;
    if (sel.narrowed || !values("eventCategory", "equals", "equals").includes("Management")) continue;
    const source = sel.byField.get("eventSource");
    if (
      source &&
      (values("eventSource", "equals", "equals").length > 0 ||
        values("eventSource", "startsWiths", "startsWith").length > 0)
    )
      continue;
    const only = values("readOnly", "equals", "equals");
    if (only.length === 0 || only.includes("true")) cov.read = true;
    if (only.length === 0 || only.includes("false")) cov.write = true;
    cov.excluded.push(
      ...values("eventSource", "notEquals", "notEquals"),
      ...values("eventSource", "notStartsWiths", "notStartsWith"),
    );
  }
  return true;
}

/**
 * The management events a trail records, in both selector forms, or UNSEEN when a selector cannot be
 * read. With neither form set, CloudTrail records all management events.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
 */
export function managementCoverage(trail: PolicyResource): ManagementCoverage | Unseen {
  const p = plain(trail.props);
  const basic = at(p, "eventSelectors");
  const advanced = at(p, "advancedEventSelectors");
  if (basic === UNSEEN || advanced === UNSEEN) return UNSEEN;
  if (asArray(basic).length === 0 && asArray(advanced).length === 0)
    return { read: true, write: true, excluded: [] };
  const cov: ManagementCoverage = { read: false, write: false, excluded: [] };
  if (!addBasicManagement(basic, cov) || !addAdvancedManagement(advanced, cov)) return UNSEEN;
  return cov;
}
