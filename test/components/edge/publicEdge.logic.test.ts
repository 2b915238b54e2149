import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  accessLogBucketPolicy,
  ALB_BODY_INSPECTION_LIMIT,
  CONTROL_CHARACTERS_REGEX,
  ELB_ACCOUNT_IDS,
  elbLogDeliveryPrincipal,
  PUBLIC_EDGE_DEFAULTS,
  redactedHeaders,
  TLS12_PLUS_SSL_POLICIES,
  validatePublicEdgeArgs,
  wafLogGroupName,
  wafRules,
  type PublicEdgeShape,
} from "../../../components/edge/publicEdge.logic";
import { formatProblem } from "../../../components/shared/problems";

const valid: PublicEdgeShape = {
  namePrefix: "rampart-prod",
  certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
  targetAutoScalingGroupNames: ["eks-system-asg"],
  wafLogs: { retentionDays: 365 },
};
const problems = (args: Partial<PublicEdgeShape>) =>
  validatePublicEdgeArgs({ ...valid, ...args }).map((p) => formatProblem(p));
const byName = (waf = {}) => Object.fromEntries(wafRules(waf).map((r) => [r.name, r])) as Record<string, any>;

describe("validatePublicEdgeArgs", () => {
  test("the defaults and a complete valid set have no problem", () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(
      problems({
        sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
        accessLogRetentionDays: 365,
        waf: {
          rateLimitPerIp: 10,
          rateLimitPerKey: 2_000_000_000,
          keyHeader: "x-api-key",
          evaluationWindowSeconds: 60,
          maxBodyBytes: 8192,
          jsonPathPrefixes: ["/v1/", "/v2/chat"],
        },
        tags: { team: "ml" },
      }),
      [],
    );
  });

  test("one line per bad field, naming the field, the value and what was expected", () => {
    assert.deepEqual(
      problems({
        namePrefix: "Rampart_Prod",
        sslPolicy: "ELBSecurityPolicy-2016-08",
        certificateArn: "arn:aws:iam::123456789012:server-certificate/x",
        targetAutoScalingGroupNames: [],
        wafLogs: { retentionDays: 10 },
        accessLogRetentionDays: 0,
        waf: {
          rateLimitPerIp: 5,
          rateLimitPerKey: 1.5,
          keyHeader: "X-Api-Key",
          evaluationWindowSeconds: 30 as never,
          maxBodyBytes: 8193,
          jsonPathPrefixes: ["v1/", "/v1/", "/v1/"],
        },
        tags: { "aws:owner": "x" },
      }),
      [
        'namePrefix: "Rampart_Prod" is not an edge name prefix (expected 2 to 24 lowercase letters, digits or -, starting with a letter, not ending with -, not starting with internal-)',
        `sslPolicy: "ELBSecurityPolicy-2016-08" is not an ELB policy limited to TLS 1.2 and newer (expected one of ${TLS12_PLUS_SSL_POLICIES.join(", ")})`,
        'certificateArn: "arn:aws:iam::123456789012:server-certificate/x" is not an ACM certificate ARN (expected "arn:aws:acm:<region>:<account>:certificate/<id>")',
        "targetAutoScalingGroupNames: [] is empty; the load balancer would have no targets (expected the gateway nodes' Auto Scaling groups)",
        "wafLogs.retentionDays: 10 is not a CloudWatch Logs retention period (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
        "accessLogRetentionDays: 0 is not a number of days (expected a whole number from 1 to 3653)",
        "waf.rateLimitPerIp: 5 is outside WAF's rate limit range (expected a whole number from 10 to 2000000000)",
        "waf.rateLimitPerKey: 1.5 is outside WAF's rate limit range (expected a whole number from 10 to 2000000000)",
        'waf.keyHeader: "X-Api-Key" is not a lowercase HTTP header name (expected e.g. "authorization" or "x-api-key")',
        "waf.evaluationWindowSeconds: 30 is not a WAF evaluation window (expected one of 60, 120, 300, 600)",
        "waf.maxBodyBytes: 8193 cannot be enforced at the edge (expected a whole number from 1 to 8192: WAF inspects at most the first 8 KB of a body behind an ALB; the mesh gateway's maxRequestBytes is the exact prompt limit)",
        'waf.jsonPathPrefixes[0]: "v1/" is not a URI path prefix (expected e.g. "/v1/", at most 200 characters)',
        'waf.jsonPathPrefixes[2]: "/v1/" is listed twice',
        'tags.aws:owner: "aws:owner" uses the aws: prefix, which AWS reserves',
      ],
    );
  });

  test("every TLS 1.0/1.1 policy family is refused; the default is accepted", () => {
    for (const policy of [
      "ELBSecurityPolicy-2016-08",
      "ELBSecurityPolicy-TLS-1-1-2017-01",
      "ELBSecurityPolicy-TLS13-1-0-2021-06",
      "ELBSecurityPolicy-TLS13-1-1-2021-06",
      "ELBSecurityPolicy-FS-2018-06",
      "ELBSecurityPolicy-2015-05",
    ])
      assert.equal(problems({ sslPolicy: policy }).length, 1, policy);
    assert.ok(
      TLS12_PLUS_SSL_POLICIES.every((p) => /-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/.test(p)),
      "every listed policy has a TLS 1.2 or 1.3 floor in its name",
    );
    assert.ok((TLS12_PLUS_SSL_POLICIES as readonly string[]).includes(PUBLIC_EDGE_DEFAULTS.sslPolicy));
  });

  test("empty JSON prefixes and an empty body limit are refused", () => {
    assert.deepEqual(problems({ waf: { jsonPathPrefixes: [], maxBodyBytes: 0 } }), [
      "waf.maxBodyBytes: 0 cannot be enforced at the edge (expected a whole number from 1 to 8192: WAF inspects at most the first 8 KB of a body behind an ALB; the mesh gateway's maxRequestBytes is the exact prompt limit)",
      'waf.jsonPathPrefixes: [] is empty (expected the JSON API\'s path prefixes, e.g. ["/v1/"])',
    ]);
  });
});

describe("WAF rules", () => {
  test("the exact rule list, in evaluation order, each with metrics and sampled requests", () => {
    const rules = wafRules();
    assert.deepEqual(
      rules.map((r) => [r.name, r.priority, r.action ? "block" : "managed"]),
      [
        ["rate-per-ip", 0, "block"],
        ["rate-per-key", 1, "block"],
        ["aws-AWSManagedRulesAmazonIpReputationList", 2, "managed"],
        ["aws-AWSManagedRulesKnownBadInputsRuleSet", 3, "managed"],
        ["aws-AWSManagedRulesCommonRuleSet", 4, "managed"],
        ["body-size", 5, "block"],
        ["control-characters", 6, "block"],
        ["invalid-json", 7, "block"],
      ],
    );
    for (const r of rules) {
      assert.deepEqual(r.visibilityConfig, {
        cloudwatchMetricsEnabled: true,
        metricName: r.name,
        sampledRequestsEnabled: true,
      });
      if (r.action) assert.deepEqual(r.action, { block: {} });
      else assert.deepEqual(r.overrideAction, { none: {} }, "a managed group keeps its own actions");
    }
  });

  test("rate limits: per client IP always, and per value of the key header", () => {
    const r = byName({
      rateLimitPerIp: 500,
      rateLimitPerKey: 50,
      keyHeader: "x-api-key",
      evaluationWindowSeconds: 60,
    });
    assert.deepEqual(r["rate-per-ip"].statement, {
      rateBasedStatement: { aggregateKeyType: "IP", limit: 500, evaluationWindowSec: 60 },
    });
    assert.deepEqual(r["rate-per-key"].statement, {
      rateBasedStatement: {
        aggregateKeyType: "CUSTOM_KEYS",
        limit: 50,
        evaluationWindowSec: 60,
        customKeys: [{ header: { name: "x-api-key", textTransformations: [{ priority: 0, type: "NONE" }] } }],
      },
    });
    const d = byName();
    assert.equal(d["rate-per-ip"].statement.rateBasedStatement.limit, 1000);
    assert.equal(d["rate-per-key"].statement.rateBasedStatement.limit, 300);
    assert.equal(d["rate-per-key"].statement.rateBasedStatement.customKeys[0].header.name, "authorization");
    assert.equal(d["rate-per-key"].statement.rateBasedStatement.evaluationWindowSec, 300);
  });

  test("managed groups: AWS's, unversioned; only the common set's 8 KB body rule is counted, not blocked", () => {
    const r = byName();
    for (const name of [
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesCommonRuleSet",
    ]) {
      const g = r[`aws-${name}`].statement.managedRuleGroupStatement;
      assert.equal(g.vendorName, "AWS");
      assert.equal(g.name, name);
      assert.equal(g.version, undefined);
      assert.deepEqual(
        g.ruleActionOverrides,
        name === "AWSManagedRulesCommonRuleSet"
          ? [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }]
          : [],
      );
    }
  });

  test("body size: larger than maxBodyBytes blocks, and a body past WAF's 8 KB window is blocked, not passed", () => {
    const s = byName({ maxBodyBytes: 4096 })["body-size"].statement.sizeConstraintStatement;
    assert.deepEqual(s, {
      fieldToMatch: { body: { oversizeHandling: "MATCH" } },
      comparisonOperator: "GT",
      size: 4096,
      textTransformations: [{ priority: 0, type: "NONE" }],
    });
    assert.equal(byName()["body-size"].statement.sizeConstraintStatement.size, ALB_BODY_INSPECTION_LIMIT);
  });

  test("control characters: C0 but tab, LF and CR, and DEL, raw or \\u-escaped, anywhere in the body", () => {
    const s = byName()["control-characters"].statement.regexMatchStatement;
    assert.deepEqual(s.fieldToMatch, { body: { oversizeHandling: "MATCH" } });
    assert.deepEqual(s.textTransformations, [{ priority: 0, type: "JS_DECODE" }]);
    assert.equal(s.regexString, CONTROL_CHARACTERS_REGEX);
    // The same pattern under JavaScript's engine: which of the 128 ASCII codes it blocks.
    const re = new RegExp(CONTROL_CHARACTERS_REGEX);
    const blocked = Array.from({ length: 128 }, (_, c) => c).filter((c) => re.test(String.fromCharCode(c)));
    const expected = [
      ...Array.from({ length: 32 }, (_, c) => c).filter((c) => ![9, 10, 13].includes(c)),
      127,
    ];
    assert.deepEqual(blocked, expected);
    assert.ok(!re.test('{"prompt":"line one\\nline two\\tand é, 漢字"}'), "ordinary prompts pass");
  });

  test("invalid JSON: POST/PUT/PATCH to a JSON path whose body WAF cannot parse", () => {
    const s = byName({ jsonPathPrefixes: ["/v1/", "/v2/"] })["invalid-json"].statement.andStatement
      .statements;
    assert.deepEqual(s[0], {
      orStatement: {
        statements: ["/v1/", "/v2/"].map((searchString) => ({
          byteMatchStatement: {
            fieldToMatch: { uriPath: {} },
            positionalConstraint: "STARTS_WITH",
            searchString,
            textTransformations: [{ priority: 0, type: "NONE" }],
          },
        })),
      },
    });
    assert.deepEqual(
      s[1].orStatement.statements.map((m: any) => [
        m.byteMatchStatement.fieldToMatch,
        m.byteMatchStatement.searchString,
      ]),
      [
        [{ method: {} }, "POST"],
        [{ method: {} }, "PUT"],
        [{ method: {} }, "PATCH"],
      ],
    );
    // Only the parse failure can match: no JSON key or value is shorter than 0 bytes.
    assert.deepEqual(s[2], {
      sizeConstraintStatement: {
        fieldToMatch: {
          jsonBody: {
            matchScope: "ALL",
            matchPattern: { all: {} },
            invalidFallbackBehavior: "MATCH",
            oversizeHandling: "MATCH",
          },
        },
        comparisonOperator: "LT",
        size: 0,
        textTransformations: [{ priority: 0, type: "NONE" }],
      },
    });
    // One prefix: no OR around a single statement (WAF requires at least two in an OR).
    assert.ok(byName()["invalid-json"].statement.andStatement.statements[0].byteMatchStatement);
  });

  test("logs redact the bearer token and the rate-limit key header", () => {
    assert.deepEqual(redactedHeaders(), ["authorization"]);
    assert.deepEqual(redactedHeaders({ keyHeader: "x-api-key" }), ["authorization", "x-api-key"]);
    assert.equal(wafLogGroupName("rampart-prod"), "aws-waf-logs-rampart-prod");
  });
});

describe("access-log bucket policy", () => {
  const c = {
    partition: "aws",
    accountId: "123456789012",
    bucketArn: "arn:aws:s3:::logs-bucket",
    prefix: "alb",
  };

  test("Regions with an ELB account name its root; newer Regions the log delivery service", () => {
    assert.deepEqual(elbLogDeliveryPrincipal("aws", "us-east-1"), { AWS: "arn:aws:iam::127311923021:root" });
    assert.deepEqual(elbLogDeliveryPrincipal("aws", "eu-west-1"), { AWS: "arn:aws:iam::156460612806:root" });
    assert.deepEqual(elbLogDeliveryPrincipal("aws-us-gov", "us-gov-west-1"), {
      AWS: "arn:aws-us-gov:iam::048591011584:root",
    });
    for (const region of ["ap-southeast-4", "eu-central-2", "il-central-1", "ca-west-1"])
      assert.deepEqual(elbLogDeliveryPrincipal("aws", region), {
        Service: "logdelivery.elasticloadbalancing.amazonaws.com",
      });
    assert.ok(Object.values(ELB_ACCOUNT_IDS).every((id) => /^\d{12}$/.test(id)));
  });

  test("ELB may only put objects under our account's prefix; nothing without TLS", () => {
    const policy = accessLogBucketPolicy({ ...c, region: "us-east-1" });
    assert.deepEqual(policy.Statement, [
      {
        Sid: "ElbWritesAccessLogs",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::127311923021:root" },
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::logs-bucket/alb/AWSLogs/123456789012/*",
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: ["arn:aws:s3:::logs-bucket", "arn:aws:s3:::logs-bucket/*"],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
    assert.deepEqual(accessLogBucketPolicy({ ...c, region: "ap-southeast-5" }).Statement[0]!.Principal, {
      Service: "logdelivery.elasticloadbalancing.amazonaws.com",
    });
  });
});
