import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parsePolicyDocument, type Request, type SourcedPolicy } from "../../../cli/verify/iam";
import { evaluateScps, FULL_AWS_ACCESS } from "../../../cli/verify/iam/scp";

// SCP evaluation as AWS documents it: an explicit Deny anywhere wins, and every level from the root to
// the account must have an SCP that allows.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html

function scp(statements: unknown[], urn: string): SourcedPolicy {
  const parsed = parsePolicyDocument({ Version: "2012-10-17", Statement: statements }, "scp");
  assert.deepEqual(parsed.problems, [], "fixture documents are well-formed");
  return { kind: "scp", urn, property: "content", document: parsed.document };
}
const req = (action: string, context: Request["context"] = {}): Request => ({
  principal: {
    type: "aws",
    arn: "arn:aws:sts::123456789012:assumed-role/dev/s",
    account: "123456789012",
  },
  action,
  resource: "*",
  context,
});

const denyEc2 = scp([{ Sid: "NoEc2", Effect: "Deny", Action: "ec2:*", Resource: "*" }], "urn:deny-ec2");
const allowS3Only = scp([{ Effect: "Allow", Action: "s3:*", Resource: "*" }], "urn:allow-s3");

describe("evaluateScps", () => {
  test("FullAWSAccess at every level lets a request through", () => {
    const v = evaluateScps(req("ec2:RunInstances"), [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS]]);
    assert.equal(v.decision, "allow");
  });

  test("an explicit Deny at any level wins over FullAWSAccess, and names its statement", () => {
    const v = evaluateScps(req("ec2:RunInstances"), [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS, denyEc2]]);
    assert.equal(v.decision, "deny");
    assert.deepEqual(v.statements, ["urn:deny-ec2 content NoEc2"]);
    assert.equal(evaluateScps(req("s3:GetObject"), [[FULL_AWS_ACCESS, denyEc2]]).decision, "allow");
  });

  test("a level whose SCPs allow nothing for the action closes it (allow-list strategy)", () => {
    const v = evaluateScps(req("ec2:RunInstances"), [[FULL_AWS_ACCESS], [allowS3Only]]);
    assert.equal(v.decision, "deny");
    assert.match(v.reason, /^implicit deny: no SCP attached at level 1/);
    assert.equal(evaluateScps(req("s3:GetObject"), [[FULL_AWS_ACCESS], [allowS3Only]]).decision, "allow");
  });

  test("a condition the request does not carry enough context for is undecidable, not allow", () => {
    const byTag = scp(
      [
        {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { StringEquals: { "aws:PrincipalTag/team": "${aws:username}" } },
        },
      ],
      "urn:by-tag",
    );
    const v = evaluateScps(req("ec2:RunInstances", { "aws:PrincipalTag/team": "x" }), [
      [FULL_AWS_ACCESS, byTag],
    ]);
    assert.equal(v.decision, "undecidable");
  });

  test("no level at all is undecidable", () => {
    assert.equal(evaluateScps(req("ec2:RunInstances"), []).decision, "undecidable");
  });
});
