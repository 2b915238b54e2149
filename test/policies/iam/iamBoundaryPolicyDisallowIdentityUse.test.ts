import assert from "node:assert/strict";
import { test } from "node:test";
import { iamBoundaryPolicyDisallowIdentityUse as policy } from "../../../policy-pack/policies/iam/iamBoundaryPolicyDisallowIdentityUse";
import { iamPolicyDisallowWildcardAdmin as wildcard } from "../../../policy-pack/policies/iam/iamPolicyDisallowWildcardAdmin";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack, violations } from "../helpers/policyHarness";

const POLICY = "aws:iam/policy:Policy";
const ROLE = "aws:iam/role:Role";
const ATTACH = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const ARN = "arn:aws:iam::123456789012:policy/rampart-prod-access-boundary";
const ceiling = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Sid: "WithinIdentityPolicies", Effect: "Allow", Action: "*", Resource: "*" },
    { Sid: "NoTrail", Effect: "Deny", Action: "cloudtrail:StopLogging", Resource: "*" },
  ],
});
const boundary = (tags: Record<string, string> = { "rampart:policy-use": "permissions-boundary" }) =>
  res(POLICY, "boundary", { arn: ARN, policy: ceiling, tags });
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [] });

test("a boundary used as permissionsBoundary only passes, and the wildcard-admin policy exempts it", async () => {
  const b = boundary();
  const role = res(ROLE, "person", { assumeRolePolicy: trust, permissionsBoundary: ARN }, [b]);
  assert.deepEqual(await validateStack(policy, [b, role]), []);
  assert.deepEqual(await violations(wildcard, POLICY, b.props), []);
});

test("the same document without the tag is still wildcard admin (the exemption is the tag's)", async () => {
  const untagged = boundary({});
  assert.equal((await violations(wildcard, POLICY, untagged.props)).length, 1);
  assert.equal(
    (await violations(wildcard, POLICY, { ...untagged.props, tags: { "rampart:policy-use": "" } })).length,
    1,
  );
});

test("a tagged boundary attached by a RolePolicyAttachment is flagged (by ARN value and by dependency)", async () => {
  const b = boundary();
  const byValue = res(ATTACH, "by-value", { role: "person", policyArn: ARN });
  const byDep = res(ATTACH, "by-dep", { role: "person", policyArn: UNKNOWN.string }, [b]);
  const found = await validateStack(policy, [b, byValue, byDep]);
  assert.deepEqual(
    found.map((v) => v.urn),
    [byValue.urn, byDep.urn],
  );
  assert.match(found[0]!.message, /as an identity policy/);
});

test("user, group and legacy PolicyAttachment forms are flagged", async () => {
  const b = boundary();
  const forms = [
    res("aws:iam/userPolicyAttachment:UserPolicyAttachment", "u", { user: "x", policyArn: ARN }),
    res("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "g", { group: "x", policyArn: ARN }),
    res("aws:iam/policyAttachment:PolicyAttachment", "p", { roles: ["x"], policyArn: ARN }),
  ];
  const found = await validateStack(policy, [b, ...forms]);
  assert.deepEqual(
    found.map((v) => v.urn),
    forms.map((f) => f.urn),
  );
});

test("a role listing the tagged boundary in managedPolicyArns is flagged", async () => {
  const b = boundary();
  const role = res(ROLE, "person", { assumeRolePolicy: trust, managedPolicyArns: [ARN] });
  assert.deepEqual(
    (await validateStack(policy, [b, role])).map((v) => v.urn),
    [role.urn],
  );
});

test("an untagged policy attached is none of this policy's business (wildcard-admin judges it)", async () => {
  const b = boundary({});
  const att = res(ATTACH, "a", { role: "person", policyArn: ARN });
  assert.deepEqual(await validateStack(policy, [b, att]), []);
});

test("unknown managedPolicyArns and tags neither throw nor pass silently as attached", async () => {
  const b = res(POLICY, "boundary", { arn: ARN, policy: ceiling, tags: UNKNOWN.object });
  const role = res(ROLE, "person", { assumeRolePolicy: trust, managedPolicyArns: UNKNOWN.array });
  assert.deepEqual(await validateStack(policy, [b, role]), []);
});
