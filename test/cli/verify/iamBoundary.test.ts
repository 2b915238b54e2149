import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  evaluate,
  parsePolicyDocument,
  type Policies,
  type Request,
  type SourcedPolicy,
} from "../../../cli/verify/iam";
import type { PolicyKind } from "../../../cli/verify/iam/types";

// Permissions boundaries in the evaluator: the most a role may do, granting nothing themselves.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-eval-logic
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

const ACCT = "123456789012";
function doc(kind: PolicyKind, statements: unknown[], urn = `urn:test:${kind}`): SourcedPolicy {
  const parsed = parsePolicyDocument({ Version: "2012-10-17", Statement: statements }, kind);
  assert.deepEqual(parsed.problems, [], "fixture documents are well-formed");
  return { kind, urn, property: "policy", document: parsed.document };
}
const BOUNDARY_ARN = `arn:aws:iam::${ACCT}:policy/boundary`;
const session = {
  type: "aws" as const,
  arn: `arn:aws:sts::${ACCT}:assumed-role/admin/s`,
  account: ACCT,
};
const req = (action: string, resource: string): Request => ({
  principal: session,
  action,
  resource,
  context: { "aws:ResourceAccount": ACCT },
});
const adminPolicy = doc("identity", [{ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }]);
const s3ReadBoundary = doc(
  "identity",
  [{ Sid: "S3ReadOnly", Effect: "Allow", Action: "s3:Get*", Resource: "*" }],
  "urn:test:boundary",
);
const denyingBoundary = doc(
  "identity",
  [
    { Sid: "Within", Effect: "Allow", Action: "*", Resource: "*" },
    { Sid: "NoStopLogging", Effect: "Deny", Action: "cloudtrail:StopLogging", Resource: "*" },
  ],
  "urn:test:boundary",
);
const withBoundary = (
  identity: SourcedPolicy[],
  boundary?: SourcedPolicy,
  p: Partial<Policies> = {},
): Policies => ({
  identity: {
    mode: "export",
    policies: identity,
    managed: [],
    boundary: { arn: BOUNDARY_ARN, policy: boundary },
  },
  resource: "none",
  resourceKind: "generic",
  resourceAccount: ACCT,
  ...p,
});
const BUCKET = "arn:aws:s3:::data";
const OBJECT = `${BUCKET}/k`;

describe("permissions boundary", () => {
  test("the identity allows, the boundary does not: implicitly denied", () => {
    const e = evaluate(req("s3:PutObject", OBJECT), withBoundary([adminPolicy], s3ReadBoundary));
    assert.equal(e.decision, "deny");
    assert.match(e.reason, /implicit deny/);
    assert.ok(e.policies.some((v) => v.role === "boundary" && v.result === "no-match"));
  });

  test("both allow: allowed", () => {
    const e = evaluate(req("s3:GetObject", OBJECT), withBoundary([adminPolicy], s3ReadBoundary));
    assert.equal(e.decision, "allow");
  });

  test("the boundary alone grants nothing", () => {
    const e = evaluate(req("s3:GetObject", OBJECT), withBoundary([], s3ReadBoundary));
    assert.equal(e.decision, "deny");
  });

  test("an explicit deny in the boundary wins over AdministratorAccess-like identity policies", () => {
    const e = evaluate(
      req("cloudtrail:StopLogging", `arn:aws:cloudtrail:us-east-1:${ACCT}:trail/t`),
      withBoundary([adminPolicy], denyingBoundary),
    );
    assert.equal(e.decision, "deny");
    assert.match(e.reason, /explicit deny: urn:test:boundary policy NoStopLogging \(permissions boundary\)/);
  });

  test("a resource policy naming the role is limited by the boundary's implicit deny", () => {
    const bucketPolicy = doc("resource", [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCT}:role/admin` },
        Action: "s3:*",
        Resource: [OBJECT],
      },
    ]);
    const put = evaluate(
      req("s3:PutObject", OBJECT),
      withBoundary([], s3ReadBoundary, { resource: bucketPolicy }),
    );
    assert.equal(put.decision, "deny");
    const get = evaluate(
      req("s3:GetObject", OBJECT),
      withBoundary([], s3ReadBoundary, { resource: bucketPolicy }),
    );
    assert.equal(get.decision, "allow");
  });

  test("a key policy delegating to the account: the boundary's deny still wins", () => {
    const keyPolicy = doc("key", [
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: "kms:*", Resource: "*" },
    ]);
    const boundary = doc(
      "identity",
      [
        { Sid: "Within", Effect: "Allow", Action: "*", Resource: "*" },
        { Sid: "NoKeyDeletion", Effect: "Deny", Action: "kms:ScheduleKeyDeletion", Resource: "*" },
      ],
      "urn:test:boundary",
    );
    const key = `arn:aws:kms:us-east-1:${ACCT}:key/k`;
    const policies = withBoundary([adminPolicy], boundary, { resource: keyPolicy, resourceKind: "kms-key" });
    assert.equal(evaluate(req("kms:ScheduleKeyDeletion", key), policies).decision, "deny");
    assert.equal(evaluate(req("kms:Decrypt", key), policies).decision, "allow");
  });

  test("a boundary outside the export cannot be decided for a call that must be allowed", () => {
    const e = evaluate(req("s3:GetObject", OBJECT), withBoundary([adminPolicy], undefined));
    assert.equal(e.decision, "undecidable");
    assert.match(e.reason, /permissions boundary is not in the export/);
  });

  test("without a boundary, nothing changes", () => {
    const e = evaluate(req("s3:PutObject", OBJECT), {
      identity: { mode: "export", policies: [adminPolicy], managed: [] },
      resource: "none",
      resourceKind: "generic",
      resourceAccount: ACCT,
    });
    assert.equal(e.decision, "allow");
  });
});
