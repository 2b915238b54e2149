import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2DefaultSecurityGroupDisallowRules as policy } from "../../../policy-pack/policies/network/ec2DefaultSecurityGroupDisallowRules";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const TYPE = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

test("a default security group with no rules passes", async () => {
  assert.deepEqual(await violations(policy, TYPE, { vpcId: "vpc-1" }), []);
  assert.deepEqual(await violations(policy, TYPE, { vpcId: "vpc-1", ingress: [], egress: [] }), []);
});

test("rules on the default security group are flagged per direction", async () => {
  const self = { protocol: "-1", fromPort: 0, toPort: 0, self: true };
  assert.deepEqual(
    await violations(policy, TYPE, {
      vpcId: "vpc-1",
      ingress: [self],
      egress: [{ ...self, cidrBlocks: ["0.0.0.0/0"] }, self],
    }),
    [
      "The default security group has 1 ingress rule: remove them (set ingress: []).",
      "The default security group has 2 egress rules: remove them (set egress: []).",
    ],
  );
});

test("unknown ingress rules is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
      props: { ingress: UNKNOWN.array },
    }),
    { violations: [], unknownRead: "Array value at .ingress can't be known during preview" },
  );
});

test("a rule of empty strings is still a rule: flagged", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
      props: { ingress: [{ protocol: "", cidrBlocks: [""] }] },
    }),
    { violations: ["The default security group has 1 ingress rule: remove them (set ingress: [])."] },
  );
});
