import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2SecurityGroupDisallowPublicAdminPorts as policy } from "../../../policy-pack/policies/network/ec2SecurityGroupDisallowPublicAdminPorts";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const VPC_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const https = { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] };

test("HTTPS open to the world, and SSH from a narrow CIDR, pass", async () => {
  assert.deepEqual(
    await violations(policy, SG, {
      ingress: [https, { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/16"] }],
    }),
    [],
  );
});

test("inline SSH from 0.0.0.0/0 is flagged", async () => {
  assert.deepEqual(
    await violations(policy, SG, {
      ingress: [https, { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    [
      "Ingress ingress[1] (tcp 22) opens admin port 22 to 0.0.0.0/0: restrict the source CIDR or use SSM Session Manager.",
    ],
  );
});

test("inline RDP from ::/0 (IPv6) is flagged", async () => {
  assert.deepEqual(
    await violations(policy, SG, {
      ingress: [{ protocol: "tcp", fromPort: 3389, toPort: 3389, ipv6CidrBlocks: ["::/0"] }],
    }),
    [
      "Ingress ingress[0] (tcp 3389) opens admin port 3389 to ::/0: restrict the source CIDR or use SSM Session Manager.",
    ],
  );
});

test("a port range that covers admin ports is flagged", async () => {
  assert.deepEqual(
    await violations(policy, SG, {
      ingress: [{ protocol: "tcp", fromPort: 0, toPort: 4000, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    [
      "Ingress ingress[0] (tcp 0-4000) opens admin ports 22, 3389 to 0.0.0.0/0: restrict the source CIDR or use SSM Session Manager.",
    ],
  );
});

test('all protocols ("-1") from the world is flagged', async () => {
  assert.deepEqual(
    await violations(policy, SG, {
      ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    [
      "Ingress ingress[0] (all traffic) opens admin ports 22, 3389 to 0.0.0.0/0: restrict the source CIDR or use SSM Session Manager.",
    ],
  );
});

test("a separate SecurityGroupRule of type ingress is flagged; egress rules are not", async () => {
  const rule = {
    type: "ingress",
    protocol: "tcp",
    fromPort: 22,
    toPort: 22,
    cidrBlocks: ["0.0.0.0/0"],
    securityGroupId: "sg-1",
  };
  assert.deepEqual(await violations(policy, RULE, rule), [
    "Ingress the rule (tcp 22) opens admin port 22 to 0.0.0.0/0: restrict the source CIDR or use SSM Session Manager.",
  ]);
  assert.deepEqual(await violations(policy, RULE, { ...rule, type: "egress" }), []);
});

test("a vpc.SecurityGroupIngressRule with cidrIpv4 / cidrIpv6 and ipProtocol -1 is flagged", async () => {
  assert.deepEqual(
    await violations(policy, VPC_RULE, {
      securityGroupId: "sg-1",
      ipProtocol: "tcp",
      fromPort: 22,
      toPort: 22,
      cidrIpv4: "0.0.0.0/0",
    }),
    [
      "Ingress the rule (tcp 22) opens admin port 22 to 0.0.0.0/0: restrict the source CIDR or use SSM Session Manager.",
    ],
  );
  assert.deepEqual(
    await violations(policy, VPC_RULE, { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv6: "::/0" }),
    [
      "Ingress the rule (all traffic) opens admin ports 22, 3389 to ::/0: restrict the source CIDR or use SSM Session Manager.",
    ],
  );
});

test("the admin port list is configurable", async () => {
  const k8sApi = { protocol: "tcp", fromPort: 6443, toPort: 6443, cidrBlocks: ["0.0.0.0/0"] };
  assert.deepEqual(await violations(policy, SG, { ingress: [k8sApi] }), []);
  assert.equal((await violations(policy, SG, { ingress: [k8sApi] }, { adminPorts: [6443] })).length, 1);
});

test("a rule referencing a security group, not a CIDR, passes; an unknown CIDR is an advisory note", async () => {
  assert.deepEqual(
    await violations(policy, VPC_RULE, {
      ipProtocol: "tcp",
      fromPort: 22,
      toPort: 22,
      referencedSecurityGroupId: "sg-2",
    }),
    [],
  );
  const outcome = await validate(policy, {
    type: VPC_RULE,
    props: { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: UNKNOWN.string },
  });
  assert.deepEqual(outcome.violations, []);
  assert.match(outcome.unknownRead ?? "", /cidrIpv4/);
});

test("other spellings of the same rule: protocol number 6 or -1, a /00 prefix, the IPv6 list, a vpc range", async () => {
  const fix = "restrict the source CIDR or use SSM Session Manager.";
  assert.deepEqual(
    await violations(policy, SG, {
      ingress: [
        { protocol: "6", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/00"] },
        { protocol: -1, fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] },
      ],
    }),
    [
      `Ingress ingress[0] (6 22) opens admin port 22 to 0.0.0.0/00: ${fix}`,
      `Ingress ingress[1] (all traffic) opens admin ports 22, 3389 to ::/0: ${fix}`,
    ],
  );
  assert.deepEqual(
    await violations(policy, VPC_RULE, { ipProtocol: "tcp", fromPort: 3000, toPort: 4000, cidrIpv6: "::/0" }),
    [`Ingress the rule (tcp 3000-4000) opens admin port 3389 to ::/0: ${fix}`],
  );
  // An egress rule on the vpc egress type is never ingress.
  assert.deepEqual(
    await violations(policy, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", {
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    }),
    [],
  );
});
