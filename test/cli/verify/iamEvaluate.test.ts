import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  evaluate,
  parsePolicyDocument,
  type Policies,
  type Request,
  type SourcedPolicy,
} from "../../../cli/verify/iam";
import { managedPolicy } from "../../../cli/verify/iam/managed";
import type { PolicyKind } from "../../../cli/verify/iam/types";

// The pure evaluator against AWS's worked examples and our own edge cases. Every test states the
// decision AWS documents and, where it matters, the statement that decides.

function doc(kind: PolicyKind, statements: unknown[], urn = `urn:test:${kind}`): SourcedPolicy {
  const parsed = parsePolicyDocument({ Version: "2012-10-17", Statement: statements }, kind);
  assert.deepEqual(parsed.problems, [], "fixture documents are well-formed");
  return { kind, urn, property: "policy", document: parsed.document };
}
const identity = (...policies: SourcedPolicy[]): Policies["identity"] => ({
  mode: "export",
  policies,
  managed: [],
});
const ACCT = "123456789012";
const OTHER = "111122223333";
const role = (name: string, account = ACCT) => ({
  type: "aws" as const,
  arn: `arn:aws:sts::${account}:assumed-role/${name}/s`,
  account,
});
const req = (r: Partial<Request> & Pick<Request, "action" | "resource">): Request => ({
  principal: role("app"),
  context: {},
  ...r,
});
const generic = (p: Partial<Policies>): Policies => ({
  identity: { mode: "none" },
  resource: "none",
  resourceKind: "generic",
  ...p,
});

describe("AWS's worked example: identity and resource policies in one account", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policies_evaluation_example
  const user = { type: "aws" as const, arn: `arn:aws:iam::${ACCT}:user/carlossalazar`, account: ACCT };
  const userPolicy = doc("identity", [
    {
      Sid: "AllowS3ListRead",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:ListAllMyBuckets"],
      Resource: "arn:aws:s3:::*",
    },
    {
      Sid: "AllowS3Self",
      Effect: "Allow",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"],
    },
    { Sid: "DenyS3Logs", Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::*log*" },
  ]);
  const bucketPolicy = doc("resource", [
    {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCT}:user/carlossalazar` },
      Action: "s3:*",
      Resource: ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"],
    },
  ]);
  const policies = generic({ identity: identity(userPolicy), resource: bucketPolicy, resourceAccount: ACCT });

  test("saving to carlossalazar-logs is explicitly denied by DenyS3Logs", () => {
    const e = evaluate(
      req({ principal: user, action: "s3:PutObject", resource: "arn:aws:s3:::carlossalazar-logs/f" }),
      policies,
    );
    assert.equal(e.decision, "deny");
    assert.match(e.reason, /explicit deny: .*DenyS3Logs/);
  });
  test("saving to carlossalazar is allowed (both policies allow)", () => {
    const e = evaluate(
      req({ principal: user, action: "s3:PutObject", resource: "arn:aws:s3:::carlossalazar/f" }),
      policies,
    );
    assert.equal(e.decision, "allow");
  });
  test("in one account, the identity policy alone is enough", () => {
    const e = evaluate(
      req({ principal: user, action: "s3:PutObject", resource: "arn:aws:s3:::carlossalazar/f" }),
      generic({ identity: identity(userPolicy), resource: "none", resourceAccount: ACCT }),
    );
    assert.equal(e.decision, "allow");
  });
});

describe("AWS's example of allowed, implicitly denied and explicitly denied actions", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#AccessPolicyLanguage_Interplay
  const p = generic({
    identity: identity(
      doc("identity", [
        { Sid: "AllowGetList", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
        { Sid: "DenyReports", Effect: "Deny", Action: "iam:*Report", Resource: "*" },
      ]),
    ),
    resourceAccount: ACCT,
  });
  const decide = (action: string) => evaluate(req({ action, resource: "*" }), p).decision;
  test("iam:GetRole is allowed", () => assert.equal(decide("iam:GetRole"), "allow"));
  test("iam:CreatePolicy is implicitly denied", () => assert.equal(decide("iam:CreatePolicy"), "deny"));
  test("iam:GetOrganizationsAccessReport is explicitly denied", () =>
    assert.equal(decide("iam:GetOrganizationsAccessReport"), "deny"));
});

describe("wildcards: actions ignore case, resources do not", () => {
  const p = generic({
    identity: identity(
      doc("identity", [{ Effect: "Allow", Action: "S3:get*", Resource: "arn:aws:s3:::Bucket/*" }]),
    ),
    resourceAccount: ACCT,
  });
  test("action case is ignored", () =>
    assert.equal(
      evaluate(req({ action: "s3:GetObject", resource: "arn:aws:s3:::Bucket/k" }), p).decision,
      "allow",
    ));
  test("resource case is not", () =>
    assert.equal(
      evaluate(req({ action: "s3:GetObject", resource: "arn:aws:s3:::bucket/k" }), p).decision,
      "deny",
    ));
  test("? matches exactly one character", () => {
    const q = generic({
      identity: identity(doc("identity", [{ Effect: "Allow", Action: "s3:GetObjec?", Resource: "*" }])),
      resourceAccount: ACCT,
    });
    assert.equal(evaluate(req({ action: "s3:GetObject", resource: "*" }), q).decision, "allow");
    assert.equal(evaluate(req({ action: "s3:GetObjectAcl", resource: "*" }), q).decision, "deny");
  });
});

describe("NotAction, NotResource and NotPrincipal", () => {
  test("Deny with NotAction denies everything but the listed actions", () => {
    const p = generic({
      identity: identity(
        doc("identity", [
          { Effect: "Allow", Action: "*", Resource: "*" },
          { Sid: "OnlyKms", Effect: "Deny", NotAction: "kms:*", Resource: "*" },
        ]),
      ),
      resourceAccount: ACCT,
    });
    assert.equal(evaluate(req({ action: "kms:Decrypt", resource: "*" }), p).decision, "allow");
    const e = evaluate(req({ action: "s3:GetObject", resource: "*" }), p);
    assert.equal(e.decision, "deny");
    assert.match(e.reason, /OnlyKms/);
  });
  test("Allow with NotResource excludes the listed resources", () => {
    const p = generic({
      identity: identity(
        doc("identity", [{ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::secret/*" }]),
      ),
      resourceAccount: ACCT,
    });
    assert.equal(
      evaluate(req({ action: "s3:GetObject", resource: "arn:aws:s3:::secret/x" }), p).decision,
      "deny",
    );
    assert.equal(
      evaluate(req({ action: "s3:GetObject", resource: "arn:aws:s3:::open/x" }), p).decision,
      "allow",
    );
  });
  test("Deny with NotPrincipal spares only the exact principals listed (a role ARN does not cover its sessions)", () => {
    const bucket = doc("resource", [
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: "s3:*", Resource: "*" },
      {
        Sid: "OnlyAdmin",
        Effect: "Deny",
        NotPrincipal: {
          AWS: [`arn:aws:iam::${ACCT}:role/admin`, `arn:aws:sts::${ACCT}:assumed-role/admin/s`],
        },
        Action: "s3:*",
        Resource: "*",
      },
    ]);
    const allowAll = identity(doc("identity", [{ Effect: "Allow", Action: "s3:*", Resource: "*" }]));
    const p = generic({ identity: allowAll, resource: bucket, resourceAccount: ACCT });
    assert.equal(
      evaluate(req({ principal: role("admin"), action: "s3:GetObject", resource: "arn:aws:s3:::b/k" }), p)
        .decision,
      "allow",
    );
    const other = evaluate(
      req({ principal: role("app"), action: "s3:GetObject", resource: "arn:aws:s3:::b/k" }),
      p,
    );
    assert.equal(other.decision, "deny");
    assert.match(other.reason, /OnlyAdmin/);
    // Listing only the role ARN does not spare a session of that role.
    const roleOnly = doc("resource", [
      {
        Sid: "D",
        Effect: "Deny",
        NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:role/admin` },
        Action: "s3:*",
        Resource: "*",
      },
    ]);
    const q = generic({ identity: allowAll, resource: roleOnly, resourceAccount: ACCT });
    assert.equal(
      evaluate(req({ principal: role("admin"), action: "s3:GetObject", resource: "arn:aws:s3:::b/k" }), q)
        .decision,
      "deny",
    );
  });
});

describe("conditions and absent keys", () => {
  const withCondition = (condition: unknown, effect = "Allow") =>
    generic({
      identity: identity(
        doc(
          "identity",
          effect === "Allow"
            ? [{ Effect: "Allow", Action: "s3:*", Resource: "*", Condition: condition }]
            : [
                { Effect: "Allow", Action: "s3:*", Resource: "*" },
                { Effect: "Deny", Action: "s3:*", Resource: "*", Condition: condition },
              ],
        ),
      ),
      resourceAccount: ACCT,
    });
  const decide = (p: Policies, context: Request["context"] = {}) =>
    evaluate(req({ action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context }), p).decision;

  test("a condition on an absent key does not match", () =>
    assert.equal(decide(withCondition({ StringEquals: { "aws:SourceVpce": "vpce-1" } })), "deny"));
  test("...IfExists on an absent key matches", () =>
    assert.equal(decide(withCondition({ StringEqualsIfExists: { "aws:SourceVpce": "vpce-1" } })), "allow"));
  test("...IfExists on a present key still compares", () =>
    assert.equal(
      decide(withCondition({ StringEqualsIfExists: { "aws:SourceVpce": "vpce-1" } }), {
        "aws:SourceVpce": "vpce-2",
      }),
      "deny",
    ));
  test("a negated operator on an absent key matches (a Deny with StringNotEquals denies)", () =>
    assert.equal(decide(withCondition({ StringNotEquals: { "aws:SourceVpce": "vpce-1" } }, "Deny")), "deny"));
  test("Null: true matches an absent key, false a present one", () => {
    assert.equal(decide(withCondition({ Null: { "aws:TokenIssueTime": "true" } })), "allow");
    assert.equal(decide(withCondition({ Null: { "aws:TokenIssueTime": "false" } })), "deny");
  });
  test("ForAllValues is true for an absent or empty set, ForAnyValue false", () => {
    const all = withCondition({ "ForAllValues:StringEquals": { "aws:TagKeys": ["a", "b"] } });
    const any = withCondition({ "ForAnyValue:StringEquals": { "aws:TagKeys": ["a", "b"] } });
    assert.equal(decide(all), "allow");
    assert.equal(decide(all, { "aws:TagKeys": [] }), "allow");
    assert.equal(decide(any), "deny");
    assert.equal(decide(all, { "aws:TagKeys": ["a", "c"] }), "deny");
    assert.equal(decide(any, { "aws:TagKeys": ["a", "c"] }), "allow");
  });
  test("keys AND, values OR; key names ignore case", () => {
    const p = withCondition({
      StringEquals: { "aws:PrincipalAccount": [ACCT, OTHER], "aws:ResourceAccount": ACCT },
    });
    assert.equal(decide(p, { "aws:principalaccount": OTHER, "AWS:ResourceAccount": ACCT }), "allow");
    assert.equal(decide(p, { "aws:PrincipalAccount": OTHER }), "deny");
  });
  test("ArnLike matches part by part; Bool and Numeric compare typed values", () => {
    assert.equal(
      decide(withCondition({ ArnLike: { "aws:SourceArn": "arn:aws:ec2:*:123456789012:vpc-flow-log/*" } }), {
        "aws:SourceArn": "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/fl-1",
      }),
      "allow",
    );
    assert.equal(
      decide(withCondition({ Bool: { "aws:SecureTransport": "true" } }), { "aws:SecureTransport": true }),
      "allow",
    );
    assert.equal(
      decide(withCondition({ NumericLessThan: { "s3:max-keys": "10" } }), { "s3:max-keys": 20 }),
      "deny",
    );
    assert.equal(
      decide(withCondition({ IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }), { "aws:SourceIp": "10.1.2.3" }),
      "allow",
    );
  });
  test("what the evaluator does not support answers undecidable, never allow", () => {
    assert.equal(decide(withCondition({ BinaryEquals: { "aws:SourceVpce": "AAAA" } })), "undecidable");
    assert.equal(
      decide(withCondition({ StringEquals: { "aws:username": "${aws:username}" } }), { "aws:username": "x" }),
      "undecidable",
    );
    assert.equal(
      decide(withCondition({ StringEquals: { "aws:TagKeys": "a" } }), { "aws:TagKeys": ["a", "b"] }),
      "undecidable",
    );
    // An unsupported Deny cannot be ignored: the request is undecidable, not allowed.
    assert.equal(
      decide(withCondition({ IpAddress: { "aws:SourceIp": "2001:db8::/32" } }, "Deny"), {
        "aws:SourceIp": "2001:db8::1",
      }),
      "undecidable",
    );
  });
});

describe("VPC endpoint policies", () => {
  const allowAll = identity(doc("identity", [{ Effect: "Allow", Action: "*", Resource: "*" }]));
  const endpoint = (statements: unknown[]) => doc("endpoint", statements, "urn:test:endpoint");
  test("an explicit deny in the endpoint policy overrides an identity allow", () => {
    const e = evaluate(
      req({ action: "s3:PutObject", resource: "arn:aws:s3:::b/k" }),
      generic({
        identity: allowAll,
        resourceAccount: ACCT,
        endpoints: [
          endpoint([
            { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
            { Sid: "NoWrites", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "*" },
          ]),
        ],
      }),
    );
    assert.equal(e.decision, "deny");
    assert.match(e.reason, /NoWrites/);
  });
  test("the endpoint must also allow: no matching statement is an implicit deny", () => {
    const e = evaluate(
      req({
        action: "s3:GetObject",
        resource: "arn:aws:s3:::b/k",
        context: { "aws:PrincipalAccount": OTHER },
      }),
      generic({
        identity: allowAll,
        resourceAccount: ACCT,
        endpoints: [
          endpoint([
            {
              Effect: "Allow",
              Principal: "*",
              Action: "*",
              Resource: "*",
              Condition: { StringEquals: { "aws:PrincipalAccount": ACCT } },
            },
          ]),
        ],
      }),
    );
    assert.equal(e.decision, "deny");
    assert.match(e.reason, /endpoint/);
  });
});

describe("cross-account, KMS key policies, trust policies and service principals", () => {
  const key = "arn:aws:kms:us-east-1:123456789012:key/k";
  const keyPolicy = (statements: unknown[]) => doc("key", statements, "urn:test:key");
  const rootOnly = keyPolicy([
    {
      Sid: "Root",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCT}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ]);
  const kms = (p: Partial<Policies>): Policies => generic({ resourceKind: "kms-key", ...p });

  test("a key policy naming the account delegates: the caller's IAM policy must allow", () => {
    const none = evaluate(
      req({ action: "kms:Decrypt", resource: key }),
      kms({ identity: identity(), resource: rootOnly }),
    );
    assert.equal(none.decision, "deny");
    const withIam = identity(doc("identity", [{ Effect: "Allow", Action: "kms:Decrypt", Resource: key }]));
    assert.equal(
      evaluate(req({ action: "kms:Decrypt", resource: key }), kms({ identity: withIam, resource: rootOnly }))
        .decision,
      "allow",
    );
  });
  test("an IAM allow is worthless when the key policy does not allow the caller or its account", () => {
    const other = keyPolicy([
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCT}:role/admin` },
        Action: "kms:*",
        Resource: "*",
      },
    ]);
    const withIam = identity(doc("identity", [{ Effect: "Allow", Action: "kms:*", Resource: "*" }]));
    assert.equal(
      evaluate(req({ action: "kms:Decrypt", resource: key }), kms({ identity: withIam, resource: other }))
        .decision,
      "deny",
    );
  });
  test("a key policy naming the role allows its sessions without any IAM policy (same account)", () => {
    const named = keyPolicy([
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCT}:role/path/app` },
        Action: "kms:Decrypt",
        Resource: "*",
      },
    ]);
    assert.equal(
      evaluate(req({ action: "kms:Decrypt", resource: key }), kms({ identity: identity(), resource: named }))
        .decision,
      "allow",
    );
  });
  test("cross-account needs both the key policy and the caller's IAM policy", () => {
    const external = keyPolicy([
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
        Action: "kms:Decrypt",
        Resource: "*",
      },
    ]);
    const r = req({ principal: role("x", OTHER), action: "kms:Decrypt", resource: key });
    assert.equal(evaluate(r, kms({ identity: identity(), resource: external })).decision, "deny");
    assert.equal(
      evaluate(r, kms({ identity: { mode: "assume-allow", why: "theirs" }, resource: external })).decision,
      "allow",
    );
    assert.equal(
      evaluate(r, kms({ identity: { mode: "assume-allow", why: "theirs" }, resource: rootOnly })).decision,
      "deny",
    );
  });
  test("a service principal is decided by the resource policy alone", () => {
    const logs = keyPolicy([
      {
        Effect: "Allow",
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCT}:log-group:/ours/*`,
          },
        },
      },
    ]);
    const svc = { type: "service" as const, service: "logs.us-east-1.amazonaws.com" };
    const ours = { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCT}:log-group:/ours/a` };
    const theirs = {
      "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCT}:log-group:/theirs/a`,
    };
    assert.equal(
      evaluate(
        req({ principal: svc, action: "kms:GenerateDataKey", resource: key, context: ours }),
        kms({ resource: logs }),
      ).decision,
      "allow",
    );
    assert.equal(
      evaluate(
        req({ principal: svc, action: "kms:GenerateDataKey", resource: key, context: theirs }),
        kms({ resource: logs }),
      ).decision,
      "deny",
    );
  });
  test('an anonymous caller is allowed only by a "*" principal', () => {
    const open = doc("resource", [
      { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::pub/*" },
    ]);
    const anon = { type: "anonymous" as const };
    assert.equal(
      evaluate(
        req({ principal: anon, action: "s3:GetObject", resource: "arn:aws:s3:::pub/x" }),
        generic({ resource: open }),
      ).decision,
      "allow",
    );
    assert.equal(
      evaluate(
        req({ principal: anon, action: "s3:GetObject", resource: "arn:aws:s3:::pub/x" }),
        generic({ resource: rootOnly }),
      ).decision,
      "deny",
    );
  });
  test("a trust policy must allow the service that assumes the role", () => {
    const trust = doc("trust", [
      { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const r = (service: string) =>
      evaluate(
        req({
          principal: { type: "service", service },
          action: "sts:AssumeRole",
          resource: `arn:aws:iam::${ACCT}:role/n`,
        }),
        generic({ resource: trust, resourceKind: "role-trust" }),
      ).decision;
    assert.equal(r("ec2.amazonaws.com"), "allow");
    assert.equal(r("lambda.amazonaws.com"), "deny");
  });
});

describe("managed policies", () => {
  const pullOnly = managedPolicy("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly")!;
  const managed = (arn: string) => ({ arn, policy: managedPolicy(arn) });
  test("an action in our table is allowed; another service is certainly not; a policy we do not know is undecidable", () => {
    const id = (...m: ReturnType<typeof managed>[]): Policies["identity"] => ({
      mode: "export",
      policies: [],
      managed: m,
    });
    const p = (...m: ReturnType<typeof managed>[]) => generic({ identity: id(...m), resourceAccount: ACCT });
    assert.equal(
      evaluate(
        req({ action: "ecr:BatchGetImage", resource: `arn:aws:ecr:us-east-1:${ACCT}:repository/r` }),
        p(managed(pullOnly.arn)),
      ).decision,
      "allow",
    );
    assert.equal(
      evaluate(req({ action: "kms:Decrypt", resource: "*" }), p(managed(pullOnly.arn))).decision,
      "deny",
    );
    assert.equal(
      evaluate(
        req({ action: "kms:Decrypt", resource: "*" }),
        p(managed("arn:aws:iam::aws:policy/PowerUserAccess")),
      ).decision,
      "undecidable",
    );
  });
});
