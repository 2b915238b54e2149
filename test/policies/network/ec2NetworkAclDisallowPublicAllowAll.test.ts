import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2NetworkAclDisallowPublicAllowAll as policy } from "../../../policy-pack/policies/network/ec2NetworkAclDisallowPublicAllowAll";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const NACL = "aws:ec2/networkAcl:NetworkAcl";
const RULE = "aws:ec2/networkAclRule:NetworkAclRule";

test("an ingress-tier NACL allowing 443 and ephemeral ports passes", async () => {
  assert.deepEqual(
    await violations(policy, NACL, {
      vpcId: "vpc-1",
      ingress: [
        { ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlock: "0.0.0.0/0" },
        {
          ruleNo: 110,
          action: "allow",
          protocol: "tcp",
          fromPort: 1024,
          toPort: 65535,
          cidrBlock: "0.0.0.0/0",
        },
      ],
    }),
    [],
  );
});

test("inline allow-all from 0.0.0.0/0 is flagged", async () => {
  assert.deepEqual(
    await violations(policy, NACL, {
      vpcId: "vpc-1",
      ingress: [
        { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
      ],
    }),
    ["NACL ingress ingress[0] (all traffic) allows everything from 0.0.0.0/0: allow only the tier's ports."],
  );
});

test("a separate NetworkAclRule allowing all from ::/0 is flagged; deny and egress rules are not", async () => {
  const rule = {
    networkAclId: "acl-1",
    ruleNumber: 100,
    ruleAction: "allow",
    protocol: "all",
    ipv6CidrBlock: "::/0",
  };
  assert.deepEqual(await violations(policy, RULE, rule), [
    "NACL ingress the rule (all traffic) allows everything from ::/0: allow only the tier's ports.",
  ]);
  assert.deepEqual(await violations(policy, RULE, { ...rule, ruleAction: "deny" }), []);
  assert.deepEqual(await violations(policy, RULE, { ...rule, egress: true }), []);
});

test("the full TCP range from the world is flagged", async () => {
  assert.deepEqual(
    await violations(policy, RULE, {
      ruleAction: "allow",
      protocol: "tcp",
      fromPort: 0,
      toPort: 65535,
      cidrBlock: "0.0.0.0/0",
    }),
    ["NACL ingress the rule (tcp 0-65535) allows everything from 0.0.0.0/0: allow only the tier's ports."],
  );
});

test("an unknown rule action is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/networkAcl:NetworkAcl",
      props: {
        ingress: [
          {
            action: UNKNOWN.string,
            cidrBlock: "0.0.0.0/0",
            protocol: "-1",
            fromPort: 0,
            toPort: 0,
            ruleNo: 100,
          },
        ],
      },
    }),
    { violations: [], unknownRead: "string value at .ingress.0.action can't be known during preview" },
  );
});

test('an empty cidrBlock ("") is not the world: passes', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/networkAcl:NetworkAcl",
      props: {
        ingress: [{ action: "allow", cidrBlock: "", protocol: "-1", fromPort: 0, toPort: 0, ruleNo: 100 }],
      },
    }),
    { violations: [] },
  );
});

test("the VPC's default NACL is judged like any NACL", async () => {
  assert.deepEqual(
    await violations(policy, "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", {
      ingress: [
        { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlock: "::/0" },
      ],
    }),
    ["NACL ingress ingress[0] (all traffic) allows everything from ::/0: allow only the tier's ports."],
  );
  assert.deepEqual(
    await violations(policy, "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", { ingress: [], egress: [] }),
    [],
  );
});
