import assert from "node:assert/strict";
import { test } from "node:test";
import { verifyFlows, type FlowCase } from "../../../cli/verify/network";
import { appToDb, base, instance, res, sg } from "./networkFixture";

type Verdict = {
  paths: readonly { hops: readonly { layer: string; decision: string; rule: string; direction: string }[] }[];
};
/** The security-group hop of the first path with this decision, on the ingress (default) or egress side. */
const sgHop = (v: Verdict, decision: string, side: "ingress" | "egress" = "ingress") =>
  v.paths[0]!.hops.find((h) => h.layer === "sg" && h.decision === decision && h.rule.includes(side));

test("a rule referencing a group admits an interface carrying it and refuses one that does not", () => {
  const resources = base([
    sg("db-sg", []),
    res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-from-app", {
      securityGroupId: "db-sg-id",
      ipProtocol: "tcp",
      fromPort: 5432,
      toPort: 5432,
      referencedSecurityGroupId: "app-sg-id",
    }),
    sg("other-sg"),
    instance("other-vm", "app", ["other-sg"]),
  ]);
  const [member, stranger] = verifyFlows(resources, [
    appToDb(),
    { ...appToDb(), id: "other", from: { kind: "resource", name: "other-vm" } },
  ]);
  assert.equal(member!.verdict, "allow");
  assert.match(sgHop(member!, "allow")!.rule, /^db-from-app: ingress tcp 5432 from group app-sg$/);
  assert.equal(stranger!.verdict, "deny");
  assert.match(sgHop(stranger!, "deny")!.rule, /no ingress rule admits tcp 5432 from 10\.0\.1\.0\/24/);
});

test("security groups are stateful: no rule for the reply is needed, but the source's egress is checked", () => {
  const noEgress = base([sg("app-sg", [], [])]);
  const [v] = verifyFlows(noEgress, [appToDb()]);
  assert.equal(v!.verdict, "deny");
  const hop = sgHop(v!, "deny", "egress")!;
  assert.equal(hop.direction, "request");
  assert.match(hop.rule, /no egress rule admits tcp 5432 to 10\.0\.2\.0\/24/);
  // SecurityGroupRule (type egress) with a source group, and an inline `self` rule, both count.
  const viaRule = base([
    sg("app-sg", [], []),
    res("aws:ec2/securityGroupRule:SecurityGroupRule", "app-out", {
      type: "egress",
      securityGroupId: "app-sg-id",
      protocol: "tcp",
      fromPort: 5000,
      toPort: 6000,
      sourceSecurityGroupId: "db-sg-id",
    }),
  ]);
  assert.equal(verifyFlows(viaRule, [appToDb()])[0]!.verdict, "allow");
  const self = base([
    sg("db-sg", [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }]),
    instance("db-peer", "db", ["db-sg"]),
  ]);
  const peer: FlowCase = { ...appToDb(9999), from: { kind: "resource", name: "db-peer" } };
  assert.equal(verifyFlows(self, [peer])[0]!.verdict, "allow");
});

test("a group the export does not hold makes the verdict undecidable, never a silent allow", () => {
  const resources = base([instance("db-vm", "db", ["db-sg", "ghost-sg"])]);
  const [v] = verifyFlows(resources, [appToDb(8080)]);
  assert.equal(v!.verdict, "undecidable");
  assert.equal(v!.pass, false);
  assert.match(v!.reason, /groups not in the export: ghost-sg-id/);
});

// --- EKS: which groups the ENIs really carry ------------------------------------------------------------

function eks(launchTemplate: Record<string, unknown>) {
  return base([
    sg("node-sg", [{ protocol: "tcp", fromPort: 10250, toPort: 10250, securityGroups: ["api-sg-id"] }]),
    sg("api-sg", [{ protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: ["node-sg-id"] }]),
    res("aws:eks/cluster:Cluster", "cluster", {
      name: "c1",
      vpcConfig: {
        subnetIds: ["db-id"],
        securityGroupIds: ["api-sg-id"],
        clusterSecurityGroupId: "eks-cluster-sg",
      },
    }),
    res("aws:ec2/launchTemplate:LaunchTemplate", "lt", launchTemplate),
    res("aws:eks/nodeGroup:NodeGroup", "ng", {
      clusterName: "c1",
      nodeGroupName: "ng",
      subnetIds: ["app-id"],
      launchTemplate: { id: "lt-id", version: "1" },
    }),
  ]);
}
const ssh: FlowCase = {
  id: "ssh",
  from: { kind: "nodes" },
  to: { kind: "nodes" },
  protocol: "tcp",
  port: 22,
  expect: "deny",
};
const kubelet: FlowCase = {
  id: "kubelet",
  from: { kind: "eksControlPlane" },
  to: { kind: "nodes" },
  protocol: "tcp",
  port: 10250,
  expect: "allow",
  cite: "eks",
};

test("managed nodes whose launch template names no group carry the EKS cluster group (all traffic from itself)", () => {
  const [v, k] = verifyFlows(eks({}), [ssh, kubelet]);
  assert.equal(v!.verdict, "allow", "node to node SSH is open through the cluster security group");
  assert.match(
    sgHop(v!, "allow")!.rule,
    /EKS cluster security group of c1 \(default rules, sec-group-reqs\): ingress all traffic from group eks-cluster-sg/,
  );
  // The control plane carries the cluster group too, so it reaches the kubelets through it.
  assert.equal(k!.verdict, "allow");
});

test("managed nodes whose launch template names groups carry exactly those", () => {
  const [v, k] = verifyFlows(eks({ vpcSecurityGroupIds: ["node-sg-id"] }), [ssh, kubelet]);
  assert.equal(v!.verdict, "deny", "node-sg admits only 10250 from the API group");
  assert.equal(k!.verdict, "allow");
  assert.match(sgHop(k!, "allow")!.rule, /^node-sg inline ingress: ingress tcp 10250 from group api-sg$/);
  // Groups on the launch template's network interfaces count the same way.
  const viaEni = verifyFlows(eks({ networkInterfaces: [{ securityGroups: ["node-sg-id"] }] }), [ssh]);
  assert.equal(viaEni[0]!.verdict, "deny");
});

test("control-plane ENIs carry the cluster group plus vpcConfig.securityGroupIds", () => {
  const toApi: FlowCase = {
    id: "api",
    from: { kind: "nodes" },
    to: { kind: "eksControlPlane", cluster: "c1" },
    protocol: "tcp",
    port: 443,
    expect: "allow",
    cite: "eks",
  };
  const [v] = verifyFlows(eks({ vpcSecurityGroupIds: ["node-sg-id"] }), [toApi]);
  assert.equal(v!.verdict, "allow");
  assert.match(sgHop(v!, "allow")!.rule, /api-sg inline ingress: ingress tcp 443 from group node-sg/);
});
