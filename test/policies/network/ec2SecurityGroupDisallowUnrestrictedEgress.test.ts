import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2SecurityGroupDisallowUnrestrictedEgress as policy } from "../../../policy-pack/policies/network/ec2SecurityGroupDisallowUnrestrictedEgress";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

test("is advisory by default", () => {
  assert.equal(policy.enforcementLevel, "advisory");
});

test("egress on 443 to the world passes", async () => {
  assert.deepEqual(
    await violations(policy, "aws:ec2/securityGroup:SecurityGroup", {
      egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    [],
  );
});

test("inline all-protocol egress to 0.0.0.0/0 and ::/0 is flagged", async () => {
  assert.deepEqual(
    await violations(policy, "aws:ec2/securityGroup:SecurityGroup", {
      egress: [
        { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
      ],
    }),
    [
      "Egress egress[0] (all traffic) allows everything to 0.0.0.0/0, ::/0: allow only the destinations and ports needed.",
    ],
  );
});

test("separate egress rules (SecurityGroupRule and vpc.SecurityGroupEgressRule) are flagged", async () => {
  assert.deepEqual(
    await violations(policy, "aws:ec2/securityGroupRule:SecurityGroupRule", {
      type: "egress",
      protocol: "-1",
      fromPort: 0,
      toPort: 0,
      cidrBlocks: ["0.0.0.0/0"],
    }),
    [
      "Egress the rule (all traffic) allows everything to 0.0.0.0/0: allow only the destinations and ports needed.",
    ],
  );
  assert.deepEqual(
    await violations(policy, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", {
      ipProtocol: "-1",
      cidrIpv6: "::/0",
    }),
    [
      "Egress the rule (all traffic) allows everything to ::/0: allow only the destinations and ports needed.",
    ],
  );
});

test("an unknown egress protocol is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/securityGroup:SecurityGroup",
      props: { egress: [{ protocol: UNKNOWN.string, fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] },
    }),
    { violations: [], unknownRead: "string value at .egress.0.protocol can't be known during preview" },
  );
});

test('an empty protocol ("") is not "all protocols": passes', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/securityGroup:SecurityGroup",
      props: { egress: [{ protocol: "", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] },
    }),
    { violations: [] },
  );
});
