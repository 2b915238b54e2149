/**
 * How `SiemPipeline` routes findings (pure): the EventBridge event patterns, the input transformers that
 * turn a finding into a readable alert, the routing table the README shows, and a matcher for the subset
 * of the event-pattern language we use, so tests (and anyone) can check a sample finding against a rule.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */

// ---------------------------------------------------------------------------------------------------
// Event patterns as data
// ---------------------------------------------------------------------------------------------------

/** One comparison of a pattern leaf (the subset of EventBridge's operators we emit and match). */
export type PatternMatcher =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string }
  | { readonly suffix: string }
  | { readonly wildcard: string }
  | { readonly "anything-but": string | number | readonly (string | number)[] }
  | { readonly numeric: readonly (string | number)[] }
  | { readonly exists: boolean };

/** A pattern: nested fields whose leaves are arrays of matchers (any one may match). */
export interface EventPattern {
  readonly [field: string]: EventPattern | readonly PatternMatcher[];
}

/**
 * GuardDuty publishes each new finding, and each update of an existing one, as a `GuardDuty Finding`
 * event; `detail.severity` is the numeric severity (Low 1-3.9, Medium 4-6.9, High 7-8.9, Critical 9-10).
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html
 */
export const GUARDDUTY_SOURCE = { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"] } as const;

/**
 * Security Hub sends every imported or updated finding (ASFF) as `Security Hub Findings - Imported`;
 * `detail.findings` is an array of findings.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-integration-types.html
 */
export const SECURITY_HUB_SOURCE = {
  source: ["aws.securityhub"],
  "detail-type": ["Security Hub Findings - Imported"],
} as const;

/** GuardDuty findings at or above `minSeverity` (1-10). */
export function guardDutyAlertPattern(minSeverity: number): EventPattern {
  return { ...GUARDDUTY_SOURCE, detail: { severity: [{ numeric: [">=", minSeverity] }] } };
}

/**
 * Security Hub findings labelled HIGH or CRITICAL that nobody has triaged yet (workflow NEW) and that
 * are still active. GuardDuty's own findings, which Security Hub also imports, are left out: the
 * GuardDuty rule already alerts on them with its finer numeric threshold, and one finding should page
 * once.
 */
export function securityHubAlertPattern(): EventPattern {
  return {
    ...SECURITY_HUB_SOURCE,
    detail: {
      findings: {
        Severity: { Label: ["HIGH", "CRITICAL"] },
        Workflow: { Status: ["NEW"] },
        RecordState: ["ACTIVE"],
        ProductName: [{ "anything-but": "GuardDuty" }],
      },
    },
  };
}

/**
 * The hardening guide's session rule ("concurrent sessions from different places") has no single
 * GuardDuty finding; these finding types are the ones that fire when one identity is used from two
 * places, and they are routed to the alert topic whatever their severity (several are Medium).
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html
 */
export const CONCURRENT_SESSION_FINDINGS: readonly {
  readonly type: PatternMatcher;
  readonly covers: string;
}[] = [
  {
    // Multiple worldwide successful console sign-ins by one identity within a short time.
    type: "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B",
    covers: "the same IAM identity signed in to the console from several places at once (impossible travel)",
  },
  {
    // .OutsideAWS (used from an IP outside AWS) and .InsideAWS (from another AWS account).
    type: { prefix: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration" },
    covers:
      "an instance or node role's temporary credentials used from somewhere other than the instance they were issued to",
  },
  {
    // CredentialAccess, DefenseEvasion, Discovery, Exfiltration, Impact, InitialAccess, Persistence,
    // PrivilegeEscalation :IAMUser/AnomalousBehavior: API calls anomalous for that identity, including
    // from a new location or network.
    type: { wildcard: "*:IAMUser/AnomalousBehavior" },
    covers:
      "an identity's API calls that GuardDuty's model finds anomalous for it (new location, ASN or user agent)",
  },
];

/** GuardDuty findings of the concurrent-session types, at any severity. */
export function concurrentSessionPattern(): EventPattern {
  return { ...GUARDDUTY_SOURCE, detail: { type: CONCURRENT_SESSION_FINDINGS.map((f) => f.type) } };
}

/** Every GuardDuty and Security Hub finding (the findings log group, which the SIEM subscribes). */
export function findingsArchivePattern(sources: {
  readonly guardDuty: boolean;
  readonly securityHub: boolean;
}): EventPattern {
  const s = [
    ...(sources.guardDuty ? [GUARDDUTY_SOURCE] : []),
    ...(sources.securityHub ? [SECURITY_HUB_SOURCE] : []),
  ];
  return {
    source: s.flatMap((x) => x.source),
    "detail-type": s.flatMap((x) => x["detail-type"]),
  };
}

// ---------------------------------------------------------------------------------------------------
// Alert messages
// ---------------------------------------------------------------------------------------------------

export interface InputTransformer {
  readonly inputPaths: Readonly<Record<string, string>>;
  /** A JSON string literal (quotes included): SNS delivers it as the message text. */
  readonly inputTemplate: string;
}

/**
 * A one-line alert per finding, with the link to its runbook. Placeholders that EventBridge cannot fill
 * are sent empty, never dropped. The template is a quoted string, as SNS e-mail needs plain text.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 */
export function guardDutyAlertMessage(runbook: string): InputTransformer {
  return {
    inputPaths: {
      severity: "$.detail.severity",
      type: "$.detail.type",
      title: "$.detail.title",
      account: "$.account",
      region: "$.region",
      id: "$.detail.id",
    },
    inputTemplate: `"GuardDuty finding <type> (severity <severity>) in account <account>, <region>: <title>. Finding id <id>. Runbook: ${runbook}"`,
  };
}

export function securityHubAlertMessage(runbook: string): InputTransformer {
  return {
    inputPaths: {
      severity: "$.detail.findings[0].Severity.Label",
      title: "$.detail.findings[0].Title",
      product: "$.detail.findings[0].ProductName",
      account: "$.detail.findings[0].AwsAccountId",
      region: "$.region",
      id: "$.detail.findings[0].Id",
    },
    inputTemplate: `"Security Hub <severity> finding from <product> in account <account>, <region>: <title>. Finding id <id>. Runbook: ${runbook}"`,
  };
}

// ---------------------------------------------------------------------------------------------------
// The routing table
// ---------------------------------------------------------------------------------------------------

/** Runbook ids (docs/runbooks/<id>.md). */
export const FINDING_RUNBOOKS = {
  guardDutyHigh: "finding-guardduty-high",
  securityHubHigh: "finding-securityhub-high",
  concurrentSessions: "finding-concurrent-sessions",
} as const;

export const runbookPath = (id: string): string => `docs/runbooks/${id}.md`;

export interface FindingRoute {
  /** Role of the rule: the EventBridge rule is `${name}-<role>`. */
  readonly role: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly target: "alerts" | "findings-log";
  readonly runbook?: string;
  readonly message?: InputTransformer;
}

/** Every rule the detection builder creates, for the detectors that are on. */
export function findingRoutes(o: {
  readonly guardDuty: boolean;
  readonly securityHub: boolean;
  readonly alertMinSeverity: number;
}): FindingRoute[] {
  const routes: FindingRoute[] = [];
  if (o.guardDuty) {
    routes.push(
      {
        role: "guardduty-alerts",
        description: `GuardDuty findings of severity >= ${o.alertMinSeverity} to the alert topic`,
        pattern: guardDutyAlertPattern(o.alertMinSeverity),
        target: "alerts",
        runbook: FINDING_RUNBOOKS.guardDutyHigh,
        message: guardDutyAlertMessage(runbookPath(FINDING_RUNBOOKS.guardDutyHigh)),
      },
      {
        role: "session-alerts",
        description:
          "GuardDuty findings of one identity used from several places, any severity, to the alert topic",
        pattern: concurrentSessionPattern(),
        target: "alerts",
        runbook: FINDING_RUNBOOKS.concurrentSessions,
        message: guardDutyAlertMessage(runbookPath(FINDING_RUNBOOKS.concurrentSessions)),
      },
    );
  }
  if (o.securityHub) {
    routes.push({
      role: "securityhub-alerts",
      description: "New, active Security Hub findings labelled HIGH or CRITICAL to the alert topic",
      pattern: securityHubAlertPattern(),
      target: "alerts",
      runbook: FINDING_RUNBOOKS.securityHubHigh,
      message: securityHubAlertMessage(runbookPath(FINDING_RUNBOOKS.securityHubHigh)),
    });
  }
  if (o.guardDuty || o.securityHub) {
    routes.push({
      role: "findings-to-logs",
      description:
        "Every GuardDuty and Security Hub finding to the findings log group (subscribed by the SIEM)",
      pattern: findingsArchivePattern(o),
      target: "findings-log",
    });
  }
  return routes;
}

/** The routing table as Markdown rows (rule | pattern | target | runbook), for the README. */
export function routingTableMarkdown(routes: readonly FindingRoute[]): string {
  const head = "| rule | pattern | target | runbook |\n|---|---|---|---|";
  const rows = routes.map(
    (r) =>
      `| \`<project>-<stack>-${r.role}\` | \`${JSON.stringify(r.pattern)}\` | ${r.target === "alerts" ? "SNS alert topic" : "findings log group"} | ${r.runbook ? `[${r.runbook}](${runbookPath(r.runbook)})` : "-"} |`,
  );
  return [head, ...rows].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Matcher
// ---------------------------------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** The values of `field` across `nodes`, arrays flattened (EventBridge matches any element of an array). */
function valuesOf(nodes: readonly unknown[], field: string): unknown[] {
  return nodes.flatMap((n) => {
    if (!isObject(n) || !(field in n)) return [];
    const v = n[field];
    return Array.isArray(v) ? (v as unknown[]) : [v];
  });
}

/** `*` matches any run of characters; everything else is literal. */
function wildcardMatch(glob: string, value: string): boolean {
  const re = new RegExp(
    `^${glob
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(value);
}

function numericMatch(ops: readonly (string | number)[], value: number): boolean {
  for (let i = 0; i + 1 < ops.length; i += 2) {
    const op = ops[i];
    const n = ops[i + 1] as number;
    const ok =
      op === ">"
        ? value > n
        : op === ">="
          ? value >= n
          : op === "<"
            ? value < n
            : op === "<="
              ? value <= n
              : op === "="
                ? value === n
                : false;
    if (!ok) return false;
  }
  return true;
}

function matcherMatches(m: PatternMatcher, value: unknown): boolean {
  if (m === null || typeof m !== "object") return value === m;
  if ("prefix" in m) return typeof value === "string" && value.startsWith(m.prefix);
  if ("suffix" in m) return typeof value === "string" && value.endsWith(m.suffix);
  if ("wildcard" in m) return typeof value === "string" && wildcardMatch(m.wildcard, value);
  if ("numeric" in m) return typeof value === "number" && numericMatch(m.numeric, value);
  if ("anything-but" in m) {
    const excluded = Array.isArray(m["anything-but"]) ? m["anything-but"] : [m["anything-but"]];
    return (typeof value === "string" || typeof value === "number") && !excluded.includes(value);
  }
  // `exists` is decided on the field, not on a value (see leafMatches).
  return false;
}

function leafMatches(matchers: readonly PatternMatcher[], values: readonly unknown[]): boolean {
  return matchers.some((m) => {
    if (m !== null && typeof m === "object" && "exists" in m) return m.exists === values.length > 0;
    return values.some((v) => matcherMatches(m, v));
  });
}

function nodeMatches(pattern: EventPattern, nodes: readonly unknown[]): boolean {
  return Object.entries(pattern).every(([field, p]) => {
    const values = valuesOf(nodes, field);
    return Array.isArray(p)
      ? leafMatches(p as readonly PatternMatcher[], values)
      : nodeMatches(p as EventPattern, values);
  });
}

/**
 * Whether EventBridge would deliver `event` to a rule with `pattern`: every field of the pattern must
 * match; a leaf matches when any of its matchers matches any value of the field (arrays in the event,
 * including arrays of objects such as Security Hub's `detail.findings`, are flattened, as EventBridge
 * does); a missing field matches only `{"exists": false}`.
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return nodeMatches(pattern, [event]);
}
