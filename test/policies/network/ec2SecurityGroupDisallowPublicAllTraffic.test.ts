import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2SecurityGroupDisallowPublicAllTraffic as policy } from "../../../policy-pack/policies/network/ec2SecurityGroupDisallowPublicAllTraffic";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const SG = "aws:ec2/securityGroup:SecurityGroup";

test("a single port open to the world passes this policy", async () => {
  assert.deepEqual(
    await violations(policy, SG, {
      ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    [],
  );
});

test('inline protocol "-1" from 0.0.0.0/0 is flagged', async () => {
  assert.deepEqual(
    await violations(policy, SG, {
      ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    [
      "Ingress ingress[0] (all traffic) admits everything from 0.0.0.0/0: allow only the ports the service needs, from the sources that need them.",
    ],
  );
});

test('protocol "all" from ::/0 is flagged', async () => {
  assert.deepEqual(
    await violations(policy, SG, {
      ingress: [{ protocol: "all", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }],
    }),
    [
      "Ingress ingress[0] (all traffic) admits everything from ::/0: allow only the ports the service needs, from the sources that need them.",
    ],
  );
});

test("the whole TCP port range on a separate SecurityGroupRule is flagged", async () => {
  assert.deepEqual(
    await violations(policy, "aws:ec2/securityGroupRule:SecurityGroupRule", {
      type: "ingress",
      protocol: "tcp",
      fromPort: 0,
      toPort: 65535,
      cidrBlocks: ["0.0.0.0/0"],
    }),
    [
      "Ingress the rule (tcp 0-65535) admits everything from 0.0.0.0/0: allow only the ports the service needs, from the sources that need them.",
    ],
  );
});

test("ipProtocol -1 on a vpc.SecurityGroupIngressRule is flagged", async () => {
  assert.deepEqual(
    await violations(policy, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    }),
    [
      "Ingress the rule (all traffic) admits everything from 0.0.0.0/0: allow only the ports the service needs, from the sources that need them.",
    ],
  );
});

test("unknown CIDRs on an all-traffic rule is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/securityGroup:SecurityGroup",
      props: { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: UNKNOWN.array }] },
    }),
    { violations: [], unknownRead: "Array value at .ingress.0.cidrBlocks can't be known during preview" },
  );
});

test('an empty CIDR ("") is not the world: passes', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:ec2/securityGroup:SecurityGroup",
      props: { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [""] }] },
    }),
    { violations: [] },
  );
});

test("inline IPv6 lists, numeric -1 and a full UDP range are flagged; a separate egress rule is not", async () => {
  assert.deepEqual(
    await violations(policy, SG, {
      ingress: [
        { protocol: -1, fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] },
        { protocol: "udp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] },
      ],
    }),
    [
      "Ingress ingress[0] (all traffic) admits everything from ::/0: allow only the ports the service needs, from the sources that need them.",
      "Ingress ingress[1] (udp 0-65535) admits everything from 0.0.0.0/0: allow only the ports the service needs, from the sources that need them.",
    ],
  );
  assert.deepEqual(
    await violations(policy, "aws:ec2/securityGroupRule:SecurityGroupRule", {
      type: "egress",
      protocol: "-1",
      fromPort: 0,
      toPort: 0,
      cidrBlocks: ["0.0.0.0/0"],
    }),
    [],
  );
});
