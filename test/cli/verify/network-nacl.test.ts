import assert from "node:assert/strict";
import { test } from "node:test";
import { verifyFlows, type FlowVerdict } from "../../../cli/verify/network";
import { allowAll, appToDb, base, nacl, res, rule } from "./networkFixture";

const decisive = (v: FlowVerdict) => v.paths[0]!.hops.find((h) => h.decision !== "allow");

test("a NACL without an ephemeral-port rule denies the reply, and says which NACL and direction", () => {
  const resources = base([
    nacl(
      "db-nacl",
      "db",
      [rule(100, "allow", "10.0.1.0/24", 5432)],
      [rule(100, "allow", "10.0.1.0/24", 443)],
    ),
  ]);
  const [v] = verifyFlows(resources, [appToDb()]);
  assert.equal(v!.verdict, "deny");
  assert.equal(v!.pass, false);
  const hop = decisive(v!)!;
  assert.equal(hop.direction, "reply");
  assert.equal(hop.layer, "nacl");
  assert.match(hop.at, /^db-nacl \(outbound, db\)$/);
  assert.match(hop.rule, /rule \* deny \(no rule matches ports 32768-60999\)/);
  // The request itself was admitted by rule 100 on the way in.
  assert.ok(
    v!.paths[0]!.hops.some(
      (h) => h.direction === "request" && h.layer === "nacl" && /rule 100 allow tcp 5432-5432/.test(h.rule),
    ),
  );
});

test("adding the ephemeral range for the reply allows the flow; part of the range is `partial`", () => {
  const ingress = [rule(100, "allow", "10.0.1.0/24", 5432)];
  const full = base([nacl("db-nacl", "db", ingress, [rule(100, "allow", "10.0.1.0/24", 32768, 60999)])]);
  assert.equal(verifyFlows(full, [appToDb()])[0]!.verdict, "allow");
  const part = base([nacl("db-nacl", "db", ingress, [rule(100, "allow", "10.0.1.0/24", 32768, 40000)])]);
  const [v] = verifyFlows(part, [appToDb()]);
  assert.equal(v!.verdict, "partial");
  assert.deepEqual(v!.paths[0]!.replyPorts, [{ from: 32768, to: 40000 }]);
  // The client's ephemeral range is a parameter: with ELB's 1024-65535 the same rule admits less of it.
  const [elb] = verifyFlows(full, [appToDb()], { ephemeralPorts: { from: 1024, to: 65535 } });
  assert.equal(elb!.verdict, "partial");
  assert.deepEqual(elb!.paths[0]!.replyPorts, [{ from: 32768, to: 60999 }]);
});

test("rules are evaluated in rule-number order: a lower-numbered deny wins over a later allow", () => {
  const deny90 = nacl(
    "db-nacl",
    "db",
    [rule(100, "allow", "10.0.1.0/24", 5432), rule(90, "deny", "10.0.0.0/16", 0, 0, "-1")],
    [allowAll()],
  );
  const [v] = verifyFlows(base([deny90]), [appToDb()]);
  assert.equal(v!.verdict, "deny");
  assert.match(decisive(v!)!.rule, /rule 90 deny all all ports 10\.0\.0\.0\/16/);
  const deny110 = nacl(
    "db-nacl",
    "db",
    [rule(100, "allow", "10.0.1.0/24", 5432), rule(110, "deny", "10.0.0.0/16", 0, 0, "-1")],
    [allowAll()],
  );
  assert.equal(verifyFlows(base([deny110]), [appToDb()])[0]!.verdict, "allow");
});

test("separate NetworkAclRule and NetworkAclAssociation resources count like inline entries", () => {
  const resources = base([
    res("aws:ec2/networkAcl:NetworkAcl", "db-nacl", { vpcId: "vpc-id" }),
    res("aws:ec2/networkAclAssociation:NetworkAclAssociation", "db-assoc", {
      subnetId: "db-id",
      networkAclId: "db-nacl-id",
    }),
    res("aws:ec2/networkAclRule:NetworkAclRule", "db-in", {
      networkAclId: "db-nacl-id",
      ruleNumber: 100,
      egress: false,
      protocol: "6",
      ruleAction: "allow",
      cidrBlock: "10.0.1.0/24",
      fromPort: 5432,
      toPort: 5432,
    }),
  ]);
  const [v] = verifyFlows(resources, [appToDb()]);
  assert.equal(v!.verdict, "deny", "no outbound rule yet: the reply is denied");
  const withReply = [
    ...resources,
    res("aws:ec2/networkAclRule:NetworkAclRule", "db-out", {
      networkAclId: "db-nacl-id",
      ruleNumber: 100,
      egress: true,
      protocol: "tcp",
      ruleAction: "allow",
      cidrBlock: "10.0.0.0/16",
      fromPort: 1024,
      toPort: 65535,
    }),
  ];
  assert.equal(verifyFlows(withReply, [appToDb()])[0]!.verdict, "allow");
});

test("a subnet without an explicit NACL uses the VPC default: open until a DefaultNetworkAcl manages it", () => {
  const resources = base().filter((r) => !r.urn.endsWith("::db-nacl"));
  assert.equal(verifyFlows(resources, [appToDb()])[0]!.verdict, "allow");
  const managed = [
    ...resources,
    res("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "default", {
      defaultNetworkAclId: "default-nacl",
      ingress: [],
      egress: [],
    }),
  ];
  const [v] = verifyFlows(managed, [appToDb()]);
  assert.equal(v!.verdict, "deny");
  assert.match(decisive(v!)!.at, /^default \(inbound, db\)$/);
});

test("a NACL-only case ignores security groups: the NACLs alone must refuse the flow", () => {
  const resources = base();
  const [sgOnly] = verifyFlows(resources, [appToDb(8080, { expect: "deny" })]);
  assert.equal(sgOnly!.verdict, "deny", "db-sg admits only 5432");
  const [naclOnly] = verifyFlows(resources, [appToDb(8080, { expect: "deny", layers: ["nacl"] })]);
  assert.equal(naclOnly!.verdict, "allow", "the open NACLs would let it through");
  assert.equal(naclOnly!.pass, false);
});
