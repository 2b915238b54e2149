import type * as aws from "@pulumi/aws";
import { type ArgProblem, Problems } from "../shared/problems";
import { logRetentionProblem, tagArgProblems } from "../shared/rules";
import type { EdgeWafArgs, PublicEdgeArgs } from "./publicEdge.args";

export { accessLogBucketPolicy, elbLogDeliveryPrincipal, ELB_ACCOUNT_IDS } from "./publicEdge.accessLogs";

/**
 * Pure logic for `PublicEdge`: defaults, argument validation and the WAF rules as data. No Pulumi
 * runtime here (types only): tests read the rules directly.
 */

type WafRule = aws.types.input.wafv2.WebAclRule;
type WafStatement = aws.types.input.wafv2.WebAclRuleStatement;

export const PUBLIC_EDGE_DEFAULTS = {
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  accessLogRetentionDays: 90,
  deletionProtection: true,
  protect: false,
  /**
   * Seconds a connection may stay idle. A streamed generation is idle until its first token, which a
   * long prompt on a busy GPU can delay well past the 60-second default.
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout
   */
  idleTimeoutSeconds: 300,
  waf: {
    rateLimitPerIp: 1000,
    rateLimitPerKey: 300,
    keyHeader: "authorization",
    evaluationWindowSeconds: 300,
    maxBodyBytes: 8192,
    jsonPathPrefixes: ["/v1/"],
  } satisfies Required<EdgeWafArgs>,
} as const;

/**
 * ELB security policies that negotiate TLS 1.2 or newer only (no TLS 1.0 or 1.1): the TLS 1.3 policies
 * with a `1-2` or `1-3` floor, their FIPS and post-quantum variants, and the TLS 1.2-only policies. Any
 * other policy (`ELBSecurityPolicy-2016-08`, the `TLS-1-1` and `TLS13-1-0`/`1-1` families) admits an
 * older protocol.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export const TLS12_PLUS_SSL_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS-1-2-2017-01",
  "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
  "ELBSecurityPolicy-FS-1-2-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
] as const;

/**
 * The most of a request body AWS WAF inspects for an Application Load Balancer (fixed; the web ACL's
 * body-size setting applies to CloudFront, API Gateway, Cognito, App Runner and Verified Access only).
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/web-request-body-inspection.html
 * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_Body.html
 */
export const ALB_BODY_INSPECTION_LIMIT = 8192;

/** WAF requires CloudWatch Logs destinations to be named `aws-waf-logs-...`. */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";
/**
 * The WAF log group of the edge named `namePrefix`; the KeyRing's logs key admits it
 * (`KeyRingArgs.edgeNamePrefixes`).
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
 */
export function wafLogGroupName(namePrefix: string): string {
  return `${WAF_LOG_GROUP_PREFIX}${namePrefix}`;
}

/** Where the load balancer writes in its bucket: `<prefix>/AWSLogs/<account>/...`. */
export const ACCESS_LOG_PREFIX = "alb";

// Load balancer names: up to 32 alphanumerics and hyphens, not starting with "internal-"; the bucket
// prefix `<namePrefix>-alb-logs-` must stay within S3's 37-character `bucketPrefix`. Lowercase, as S3
// bucket names must be. @see https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,22}[a-z0-9]$/;
// HTTP header names as WAF matches them (lowercase tokens).
const HEADER_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const PATH_PREFIX = /^\/[A-Za-z0-9._~\-/]{0,199}$/;
/** An ACM certificate ARN; group 1 is its Region (ACM certificates are regional). */
export const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]+$/;

/** A `namePrefix` for the edge (and the KeyRing's `edgeNamePrefixes`). */
export function edgeNamePrefixProblem(prefix: unknown): string | undefined {
  return typeof prefix === "string" && NAME_PREFIX.test(prefix) && !prefix.startsWith("internal-")
    ? undefined
    : "is not an edge name prefix (expected 2 to 24 lowercase letters, digits or -, starting with a letter, not ending with -, not starting with internal-)";
}

/** The fields that decide the shape, checked before any child is created. */
export type PublicEdgeShape = Pick<
  PublicEdgeArgs,
  | "sslPolicy"
  | "waf"
  | "accessLogRetentionDays"
  | "namePrefix"
  | "tags"
  | "certificateArn"
  | "targetAutoScalingGroupNames"
> & { readonly wafLogs: { readonly retentionDays: number } };

/** WAF's rate-based rule limits. @see https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html */
const RATE_LIMIT_RANGE = [10, 2_000_000_000] as const;
const WINDOWS = [60, 120, 300, 600] as const;

export function validatePublicEdgeArgs(args: PublicEdgeShape): ArgProblem[] {
  const p = new Problems();
  const bad = edgeNamePrefixProblem(args.namePrefix);
  if (bad) p.at(["namePrefix"], args.namePrefix, bad);
  if (
    args.sslPolicy !== undefined &&
    !(TLS12_PLUS_SSL_POLICIES as readonly string[]).includes(args.sslPolicy)
  )
    p.at(
      ["sslPolicy"],
      args.sslPolicy,
      `is not an ELB policy limited to TLS 1.2 and newer (expected one of ${TLS12_PLUS_SSL_POLICIES.join(", ")})`,
    );
  if (typeof args.certificateArn === "string" && !ACM_ARN.test(args.certificateArn))
    p.at(
      ["certificateArn"],
      args.certificateArn,
      'is not an ACM certificate ARN (expected "arn:aws:acm:<region>:<account>:certificate/<id>")',
    );
  if (args.targetAutoScalingGroupNames.length === 0)
    p.at(
      ["targetAutoScalingGroupNames"],
      [],
      "is empty; the load balancer would have no targets (expected the gateway nodes' Auto Scaling groups)",
    );
  const retention = logRetentionProblem(args.wafLogs.retentionDays);
  if (retention) p.at(["wafLogs", "retentionDays"], args.wafLogs.retentionDays, retention);
  const days = args.accessLogRetentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3653))
    p.at(
      ["accessLogRetentionDays"],
      days,
      "is not a number of days (expected a whole number from 1 to 3653)",
    );
  p.under(["waf"], wafProblems(args.waf ?? {}));
  p.under([], tagArgProblems(args.tags));
  return p.list;
}

function wafProblems(waf: EdgeWafArgs): ArgProblem[] {
  const p = new Problems();
  for (const field of ["rateLimitPerIp", "rateLimitPerKey"] as const) {
    const v = waf[field];
    if (v !== undefined && (!Number.isInteger(v) || v < RATE_LIMIT_RANGE[0] || v > RATE_LIMIT_RANGE[1]))
      p.at(
        [field],
        v,
        `is outside WAF's rate limit range (expected a whole number from ${RATE_LIMIT_RANGE[0]} to ${RATE_LIMIT_RANGE[1]})`,
      );
  }
  if (waf.keyHeader !== undefined && !HEADER_NAME.test(waf.keyHeader))
    p.at(
      ["keyHeader"],
      waf.keyHeader,
      'is not a lowercase HTTP header name (expected e.g. "authorization" or "x-api-key")',
    );
  if (
    waf.evaluationWindowSeconds !== undefined &&
    !(WINDOWS as readonly number[]).includes(waf.evaluationWindowSeconds)
  )
    p.at(
      ["evaluationWindowSeconds"],
      waf.evaluationWindowSeconds,
      `is not a WAF evaluation window (expected one of ${WINDOWS.join(", ")})`,
    );
  const max = waf.maxBodyBytes;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > ALB_BODY_INSPECTION_LIMIT))
    p.at(
      ["maxBodyBytes"],
      max,
      `cannot be enforced at the edge (expected a whole number from 1 to ${ALB_BODY_INSPECTION_LIMIT}: WAF inspects at most the first 8 KB of a body behind an ALB; the mesh gateway's maxRequestBytes is the exact prompt limit)`,
    );
  const prefixes = waf.jsonPathPrefixes;
  if (prefixes !== undefined && prefixes.length === 0)
    p.at(["jsonPathPrefixes"], prefixes, 'is empty (expected the JSON API\'s path prefixes, e.g. ["/v1/"])');
  (prefixes ?? []).forEach((prefix, i) => {
    if (!PATH_PREFIX.test(prefix))
      p.at(
        ["jsonPathPrefixes", i],
        prefix,
        'is not a URI path prefix (expected e.g. "/v1/", at most 200 characters)',
      );
    else if (prefixes!.indexOf(prefix) !== i) p.at(["jsonPathPrefixes", i], prefix, "is listed twice");
  });
  return p.list;
}

// ---------------------------------------------------------------------------------------------------
// WAF rules

/** CloudWatch metrics and sampled requests for a rule or the web ACL. */
export function visibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

const NONE = [{ priority: 0, type: "NONE" }];

/**
 * Bytes no prompt needs: C0 controls but tab, line feed and carriage return, and DEL. They truncate
 * strings in C-based parsers (NUL), rewrite what a log or terminal shows (ESC sequences, backspace),
 * and raw they are invalid inside JSON strings anyway (RFC 8259 section 7). `JS_DECODE` first turns
 * `\uXXXX` escapes into the character, so an escaped control character is caught as well as a raw one.
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-7
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-transformation.html
 */
export const CONTROL_CHARACTERS_REGEX = "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]";

function managed(name: string, priority: number, overrides: readonly string[] = []): WafRule {
  return {
    name: `aws-${name}`,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name,
        ruleActionOverrides: overrides.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
      },
    },
    visibilityConfig: visibility(`aws-${name}`),
  };
}

function block(name: string, priority: number, statement: WafStatement): WafRule {
  return { name, priority, action: { block: {} }, statement, visibilityConfig: visibility(name) };
}

function anyOf(statements: WafStatement[]): WafStatement {
  return statements.length === 1 ? statements[0]! : { orStatement: { statements } };
}

/**
 * The web ACL's rules, in evaluation order (lowest priority first; a block ends evaluation):
 *
 * 1. `rate-per-ip`: requests per client IP per window. Always on: the per-key rule below skips
 *    requests without the header (WAF omits requests missing an aggregation key from the rule), so
 *    this is what limits anonymous floods.
 * 2. `rate-per-key`: requests per value of `keyHeader` (a custom aggregation key).
 * 3. AWS managed groups: IP reputation, known bad inputs, the common rule set (its body rules, e.g.
 *    CrossSiteScripting_BODY, also block prompts that quote such payloads). In the common set,
 *    `SizeRestrictions_BODY` (blocks bodies over 8 KB) is set to count: the edge's own `body-size`
 *    rule is the one owner of the body limit (`maxBodyBytes`), so a smaller limit is not hidden by a
 *    fixed one, and the managed rule still shows in metrics and logs.
 * 4. `body-size`: bodies over `maxBodyBytes`. WAF sees at most the first 8 KB behind an ALB; a larger
 *    body is "oversize", and oversize handling `MATCH` blocks it, so the limit is exact up to 8 KB and
 *    nothing larger passes uninspected.
 * 5. `control-characters`: `CONTROL_CHARACTERS_REGEX` anywhere in the body (oversize: `MATCH`).
 * 6. `invalid-json`: a POST, PUT or PATCH to a `jsonPathPrefixes` path whose body WAF cannot parse as
 *    JSON (`invalidFallbackBehavior: MATCH`, with a size test no element satisfies, so only a parse
 *    failure matches). WAF's parser is lenient: it stops at invalid characters, duplicate keys,
 *    truncation or a root that is not an object or array, but accepts a missing comma or colon; the
 *    model server's own parser is the exact check.
 *
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-aggregation-options.html
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-oversize-request-components.html
 * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_JsonBody.html
 */
export function wafRules(waf: EdgeWafArgs = {}): WafRule[] {
  const w = { ...PUBLIC_EDGE_DEFAULTS.waf, ...waf };
  const window = w.evaluationWindowSeconds;
  const postLike = anyOf(
    ["POST", "PUT", "PATCH"].map((method) => ({
      byteMatchStatement: {
        fieldToMatch: { method: {} },
        positionalConstraint: "EXACTLY",
        searchString: method,
        textTransformations: NONE,
      },
    })),
  );
  const jsonPaths = anyOf(
    w.jsonPathPrefixes.map((prefix) => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: "STARTS_WITH",
        searchString: prefix,
        textTransformations: NONE,
      },
    })),
  );
  return [
    block("rate-per-ip", 0, {
      rateBasedStatement: { aggregateKeyType: "IP", limit: w.rateLimitPerIp, evaluationWindowSec: window },
    }),
    block("rate-per-key", 1, {
      rateBasedStatement: {
        aggregateKeyType: "CUSTOM_KEYS",
        limit: w.rateLimitPerKey,
        evaluationWindowSec: window,
        customKeys: [{ header: { name: w.keyHeader, textTransformations: NONE } }],
      },
    }),
    managed("AWSManagedRulesAmazonIpReputationList", 2),
    managed("AWSManagedRulesKnownBadInputsRuleSet", 3),
    managed("AWSManagedRulesCommonRuleSet", 4, ["SizeRestrictions_BODY"]),
    block("body-size", 5, {
      sizeConstraintStatement: {
        fieldToMatch: { body: { oversizeHandling: "MATCH" } },
        comparisonOperator: "GT",
        size: w.maxBodyBytes,
        textTransformations: NONE,
      },
    }),
    block("control-characters", 6, {
      regexMatchStatement: {
        fieldToMatch: { body: { oversizeHandling: "MATCH" } },
        regexString: CONTROL_CHARACTERS_REGEX,
        textTransformations: [{ priority: 0, type: "JS_DECODE" }],
      },
    }),
    block("invalid-json", 7, {
      andStatement: {
        statements: [
          jsonPaths,
          postLike,
          {
            sizeConstraintStatement: {
              fieldToMatch: {
                jsonBody: {
                  matchScope: "ALL",
                  matchPattern: { all: {} },
                  invalidFallbackBehavior: "MATCH",
                  oversizeHandling: "MATCH",
                },
              },
              // No key or value is shorter than 0 bytes: only a parse failure (the fallback) matches.
              comparisonOperator: "LT",
              size: 0,
              textTransformations: NONE,
            },
          },
        ],
      },
    }),
  ];
}

/**
 * Headers WAF must not write to its logs: the bearer token, and the header that keys the per-caller
 * rate limit (an API key). Lowercase, as WAF matches header names.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging-management.html
 */
export function redactedHeaders(waf: EdgeWafArgs = {}): string[] {
  const key = waf.keyHeader ?? PUBLIC_EDGE_DEFAULTS.waf.keyHeader;
  return [...new Set(["authorization", key])];
}
