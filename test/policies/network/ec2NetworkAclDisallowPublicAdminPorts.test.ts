import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2NetworkAclDisallowPublicAdminPorts as policy } from "../../../policy-pack/policies/network/ec2NetworkAclDisallowPublicAdminPorts";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const NACL = "aws:ec2/networkAcl:NetworkAcl";
const DEFAULT_NACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
const RULE = "aws:ec2/networkAclRule:NetworkAclRule";
const FIX = "narrow the source CIDR or deny the port first.";
const FIXES = "narrow the source CIDR or deny the ports first.";

const allow = (ruleNo: number, extra: Record<string, unknown>) => ({
  ruleNo,
  action: "allow",
  protocol: "tcp",
  ...extra,
});

test("HTTPS from the world and SSH from a narrow CIDR pass", async () => {
  assert.deepEqual(
    await violations(policy, NACL, {
      ingress: [
        allow(100, { fromPort: 443, toPort: 443, cidrBlock: "0.0.0.0/0" }),
        allow(120, { fromPort: 22, toPort: 22, cidrBlock: "10.0.0.0/8" }),
      ],
    }),
    [],
  );
});

test("an ephemeral reply range from the world covers RDP 3389: flagged unless a lower-numbered deny comes first", async () => {
  const ephemeral = allow(110, { fromPort: 1024, toPort: 65535, cidrBlock: "0.0.0.0/0" });
  assert.deepEqual(await violations(policy, NACL, { ingress: [ephemeral] }), [
    `NACL ingress ingress[0] (tcp 1024-65535) allows admin port 3389 from 0.0.0.0/0: ${FIX}`,
  ]);
  const deny3389 = {
    ruleNo: 105,
    action: "deny",
    protocol: "tcp",
    fromPort: 3389,
    toPort: 3389,
    cidrBlock: "0.0.0.0/0",
  };
  assert.deepEqual(await violations(policy, NACL, { ingress: [ephemeral, deny3389] }), []);
});

test("SSH from 0.0.0.0/0 and RDP from ::/0 inline are flagged, on a NACL and on the default NACL", async () => {
  for (const type of [NACL, DEFAULT_NACL])
    assert.deepEqual(
      await violations(policy, type, {
        ingress: [
          allow(100, { fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" }),
          allow(110, { fromPort: 3389, toPort: 3389, ipv6CidrBlock: "::/0" }),
        ],
      }),
      [
        `NACL ingress ingress[0] (tcp 22) allows admin port 22 from 0.0.0.0/0: ${FIX}`,
        `NACL ingress ingress[1] (tcp 3389) allows admin port 3389 from ::/0: ${FIX}`,
      ],
    );
});

test('a range covering admin ports, protocol "-1" and "all", and a /00 spelling are flagged', async () => {
  assert.deepEqual(
    await violations(policy, NACL, {
      ingress: [allow(100, { fromPort: 0, toPort: 4000, cidrBlock: "0.0.0.0/00" })],
    }),
    [`NACL ingress ingress[0] (tcp 0-4000) allows admin ports 22, 3389 from 0.0.0.0/00: ${FIXES}`],
  );
  for (const protocol of ["-1", "all"])
    assert.deepEqual(
      await violations(policy, RULE, {
        ruleAction: "allow",
        protocol,
        cidrBlock: "0.0.0.0/0",
        ruleNumber: 100,
      }),
      [`NACL ingress the rule (all traffic) allows admin ports 22, 3389 from 0.0.0.0/0: ${FIXES}`],
    );
});

test("a separate NetworkAclRule is flagged; deny and egress rules are not", async () => {
  const rule = {
    ruleNumber: 100,
    ruleAction: "allow",
    protocol: "6",
    fromPort: 22,
    toPort: 22,
    cidrBlock: "0.0.0.0/0",
  };
  assert.deepEqual(await violations(policy, RULE, rule), [
    `NACL ingress the rule (6 22) allows admin port 22 from 0.0.0.0/0: ${FIX}`,
  ]);
  assert.deepEqual(await violations(policy, RULE, { ...rule, ruleAction: "deny" }), []);
  assert.deepEqual(await violations(policy, RULE, { ...rule, egress: true }), []);
});

test("a lower-numbered deny from the world protects the port, per address family", async () => {
  const deny22 = {
    ruleNo: 90,
    action: "deny",
    protocol: "tcp",
    fromPort: 22,
    toPort: 22,
    cidrBlock: "0.0.0.0/0",
  };
  const allowAll = allow(100, { protocol: "-1", cidrBlock: "0.0.0.0/0", ipv6CidrBlock: "::/0" });
  assert.deepEqual(await violations(policy, NACL, { ingress: [allowAll, deny22] }), [
    `NACL ingress ingress[0] (all traffic) allows admin ports 22, 3389 from ::/0, 0.0.0.0/0: ${FIXES}`,
  ]);
  // A deny numbered after the allow does not help.
  assert.deepEqual(await violations(policy, NACL, { ingress: [allowAll, { ...deny22, ruleNo: 200 }] }), [
    `NACL ingress ingress[0] (all traffic) allows admin ports 22, 3389 from 0.0.0.0/0, ::/0: ${FIXES}`,
  ]);
});

test("the admin port list is configurable", async () => {
  const props = { ingress: [allow(100, { fromPort: 5432, toPort: 5432, cidrBlock: "0.0.0.0/0" })] };
  assert.deepEqual(await violations(policy, NACL, props), []);
  assert.deepEqual(await violations(policy, NACL, props, { adminPorts: [5432] }), [
    `NACL ingress ingress[0] (tcp 5432) allows admin port 5432 from 0.0.0.0/0: ${FIX}`,
  ]);
});

test("an unknown rule action is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: RULE,
      props: {
        ruleAction: UNKNOWN.string,
        protocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrBlock: "0.0.0.0/0",
      },
    }),
    { violations: [], unknownRead: "string value at .ruleAction can't be known during preview" },
  );
});

test('an empty cidrBlock ("") is not the world, and missing ingress is nothing: pass', async () => {
  assert.deepEqual(
    await violations(policy, NACL, { ingress: [allow(100, { fromPort: 22, toPort: 22, cidrBlock: "" })] }),
    [],
  );
  assert.deepEqual(await violations(policy, NACL, { vpcId: "vpc-1" }), []);
});

test("natReplyAcls: on a NAT gateway's ACL named there, only the whole NAT reply range is excepted", async () => {
  const natReply = allow(110, { fromPort: 1024, toPort: 65535, cidrBlock: "0.0.0.0/0" });
  const config = { natReplyAcls: ["network-ingress-nacl"] };
  const at = (name: string, ingress: unknown[], cfg = config) =>
    validate(policy, { type: NACL, name, props: { ingress } }, cfg);
  assert.deepEqual((await at("network-ingress-nacl", [natReply])).violations, []);
  // Another ACL, or no exception configured: the same entry is flagged.
  assert.deepEqual((await at("network-inference-nacl", [natReply])).violations, [
    `NACL ingress ingress[0] (tcp 1024-65535) allows admin port 3389 from 0.0.0.0/0: ${FIX}`,
  ]);
  assert.equal((await at("network-ingress-nacl", [natReply], { natReplyAcls: [] })).violations.length, 1);
  assert.equal((await at("network-ingress-nacl", [natReply], { natReplyAcls: [""] })).violations.length, 1);
  // On the excepted ACL, SSH from the world or a wider range is still flagged.
  const ssh = allow(100, { fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" });
  assert.equal((await at("network-ingress-nacl", [ssh, natReply])).violations.length, 1);
  const wider = allow(110, { fromPort: 0, toPort: 65535, cidrBlock: "0.0.0.0/0" });
  assert.equal((await at("network-ingress-nacl", [wider])).violations.length, 1);
  // A separate rule is never excepted (its ACL is not visible to it).
  assert.equal(
    (
      await validate(
        policy,
        {
          type: RULE,
          name: "network-ingress-nacl",
          props: { ...natReply, egress: false, cidrBlock: "0.0.0.0/0", ruleNumber: 110, ruleAction: "allow" },
        },
        config,
      )
    ).violations.length,
    1,
  );
});
