import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseAccessCases, verifyAccess } from "../../../cli/verify/iam";
import type { ExportResource } from "../../../cli/verify/iam/types";

const ACCT = "123456789012";
const base = {
  id: "c",
  principal: { role: "app-role" },
  action: "kms:Decrypt",
  resource: `arn:aws:kms:us-east-1:${ACCT}:key/k`,
  expect: "allow",
  cite: "https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html",
};

describe("parseAccessCases", () => {
  test("reads an array or {cases}, with every principal form", () => {
    const principals = [
      { role: "app-role" },
      { arn: `arn:aws:iam::${ACCT}:role/x`, assumeIdentityAllows: true },
      { account: "111122223333" },
      { service: "logs.us-east-1.amazonaws.com" },
      { anonymous: true },
    ];
    const cases = parseAccessCases({
      cases: principals.map((principal, i) => ({ ...base, id: `c${i}`, principal })),
    });
    assert.deepEqual(
      cases.map((c) => c.principal),
      principals,
    );
    assert.equal(parseAccessCases([base])[0]!.expect, "allow");
  });

  const bad: [string, unknown, RegExp][] = [
    ["not a list", { nope: [] }, /^access cases: expected an array/],
    ["a missing id", [{ ...base, id: undefined }], /^cases\[0\]\.id: expected a non-empty string/],
    ["a duplicate id", [base, base], /^cases\[1\]\.id: duplicate id "c"/],
    ["an unknown field", [{ ...base, vai: "s3" }], /^cases\[0\]\.vai: unknown field/],
    [
      "a bad action",
      [{ ...base, action: "Decrypt" }],
      /^cases\[0\]\.action: "Decrypt" is not "service:Action"/,
    ],
    [
      "a bad resource",
      [{ ...base, resource: "key/k" }],
      /^cases\[0\]\.resource: "key\/k" is not an ARN or "\*"/,
    ],
    ["a bad expect", [{ ...base, expect: "maybe" }], /^cases\[0\]\.expect: expected "allow" or "deny"/],
    [
      "two principals",
      [{ ...base, principal: { role: "a", service: "b" } }],
      /^cases\[0\]\.principal: expected/,
    ],
    [
      "a bad account",
      [{ ...base, principal: { account: "12" } }],
      /^cases\[0\]\.principal\.account: "12" is not a 12-digit/,
    ],
    [
      "a bad context",
      [{ ...base, context: { "aws:SourceVpce": { a: 1 } } }],
      /^cases\[0\]\.context\.aws:SourceVpce: expected/,
    ],
    ["no cite", [{ ...base, cite: "" }], /^cases\[0\]\.cite: expected a non-empty string/],
  ];
  for (const [what, json, message] of bad) {
    test(`refuses ${what}, naming the field`, () => assert.throws(() => parseAccessCases(json), { message }));
  }
});

describe("verifyAccess on a small export", () => {
  const doc = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
  const resources: ExportResource[] = [
    {
      urn: "urn:pulumi:t::p::pulumi:providers:aws::default",
      type: "pulumi:providers:aws",
      inputs: { region: "us-east-1" },
    },
    {
      urn: "urn:pulumi:t::p::aws:iam/role:Role::app-role",
      type: "aws:iam/role:Role",
      id: "app-role-id",
      inputs: {
        assumeRolePolicy: doc([
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]),
      },
      outputs: { arn: `arn:aws:iam::${ACCT}:role/app-role`, name: "app-role" },
    },
    {
      urn: "urn:pulumi:t::p::aws:iam/rolePolicy:RolePolicy::app-kms",
      type: "aws:iam/rolePolicy:RolePolicy",
      inputs: {
        role: "app-role-id",
        policy: doc([
          {
            Sid: "UseK",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: `arn:aws:kms:us-east-1:${ACCT}:key/k`,
          },
        ]),
      },
    },
    {
      urn: "urn:pulumi:t::p::aws:kms/key:Key::k",
      type: "aws:kms/key:Key",
      inputs: {
        policy: doc([
          {
            Sid: "Root",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCT}:root` },
            Action: "kms:*",
            Resource: "*",
          },
        ]),
      },
      outputs: { arn: `arn:aws:kms:us-east-1:${ACCT}:key/k` },
    },
    {
      urn: "urn:pulumi:t::p::aws:ec2/vpcEndpoint:VpcEndpoint::kms",
      type: "aws:ec2/vpcEndpoint:VpcEndpoint",
      id: "vpce-1",
      inputs: {
        serviceName: "com.amazonaws.us-east-1.kms",
        vpcId: "vpc-1",
        policy: doc([
          {
            Sid: "OnlyOurVpc",
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceVpc": "vpc-1", "aws:PrincipalAccount": ACCT } },
          },
        ]),
      },
      outputs: { arn: `arn:aws:ec2:us-east-1:${ACCT}:vpc-endpoint/vpce-1` },
    },
  ];
  const run = (c: Record<string, unknown>) =>
    verifyAccess(resources, parseAccessCases([{ ...base, ...c }]))[0]!;

  test("the role decrypts through the endpoint: key policy delegates, its IAM policy allows, the endpoint allows", () => {
    const v = run({ via: "kms" });
    assert.equal(v.verdict, "allow", v.reason);
    assert.equal(v.pass, true);
    assert.deepEqual(
      v.policies.map((p) => [p.role, p.result, p.statements]),
      [
        ["identity", "allow", ["UseK"]],
        ["resource", "delegates-to-identity", ["Root"]],
        ["endpoint", "allow", ["OnlyOurVpc"]],
      ],
    );
  });
  test("another account is denied by the key policy, and the case with expect allow fails", () => {
    const v = run({ principal: { account: "111122223333" } });
    assert.equal(v.verdict, "deny");
    assert.equal(v.pass, false);
  });
  test("a role not in the export, or an endpoint that does not exist, is undecidable and fails", () => {
    assert.equal(run({ principal: { role: "ghost" } }).verdict, "undecidable");
    assert.equal(run({ via: "s3" }).verdict, "undecidable");
    assert.equal(run({ via: "s3", expect: "deny" }).pass, false);
  });
  test("a same-account principal outside the export is undecidable unless the case assumes its IAM policy", () => {
    const arn = `arn:aws:iam::${ACCT}:role/deployer`;
    assert.equal(run({ principal: { arn } }).verdict, "undecidable");
    assert.equal(run({ principal: { arn, assumeIdentityAllows: true } }).verdict, "allow");
  });
});
