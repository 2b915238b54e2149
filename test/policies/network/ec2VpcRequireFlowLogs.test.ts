import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2VpcRequireFlowLogs as policy } from "../../../policy-pack/policies/network/ec2VpcRequireFlowLogs";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const VPC = "aws:ec2/vpc:Vpc";
const FLOW = "aws:ec2/flowLog:FlowLog";
const MSG = 'VPC "main" has no flow log: add an aws.ec2.FlowLog with vpcId set to it.';

test("a VPC with a flow log that depends on it passes", async () => {
  const vpc = res(VPC, "main", { cidrBlock: "10.0.0.0/16" });
  assert.deepEqual(
    await validateStack(policy, [
      vpc,
      res(FLOW, "main-flow", { vpcId: "main-id", trafficType: "ALL" }, [vpc]),
    ]),
    [],
  );
});

test("a flow log matched by the VPC's id output passes", async () => {
  const vpc = res(VPC, "main", { id: "vpc-0abc", cidrBlock: "10.0.0.0/16" });
  assert.deepEqual(await validateStack(policy, [vpc, res(FLOW, "f", { vpcId: "vpc-0abc" })]), []);
});

test("a VPC without a flow log is flagged", async () => {
  const vpc = res(VPC, "main", { cidrBlock: "10.0.0.0/16" });
  assert.deepEqual(await validateStack(policy, [vpc]), [{ urn: vpc.urn, message: MSG }]);
});

test("a flow log on another VPC, or on a subnet, does not count", async () => {
  const vpc = res(VPC, "main", { id: "vpc-0abc" });
  const other = res(VPC, "other", { id: "vpc-0def" });
  const flows = [res(FLOW, "f1", { vpcId: "vpc-0def" }, [other]), res(FLOW, "f2", { subnetId: "subnet-1" })];
  assert.deepEqual(await validateStack(policy, [vpc, other, ...flows]), [{ urn: vpc.urn, message: MSG }]);
});

test("a flow log whose vpcId is unknown (preview) says nothing", async () => {
  const vpc = res(VPC, "main", {});
  assert.deepEqual(await validateStack(policy, [vpc, res(FLOW, "f", { vpcId: UNKNOWN.string })]), []);
});

test('a flow log whose vpcId is "" (and that does not depend on the VPC) covers no VPC: flagged', async () => {
  assert.deepEqual(
    await validateStack(policy, [
      res(VPC, "main", { id: "main-id", cidrBlock: "10.0.0.0/16" }),
      res(FLOW, "main-flow", { vpcId: "", trafficType: "ALL" }),
    ]),
    [{ message: MSG, urn: `urn:pulumi:test::rampart::${VPC}::main` }],
  );
});

test("a managed default VPC needs a flow log like any other", async () => {
  const vpc = res("aws:ec2/defaultVpc:DefaultVpc", "main", { id: "vpc-0def" });
  assert.deepEqual(await validateStack(policy, [vpc]), [{ urn: vpc.urn, message: MSG }]);
  assert.deepEqual(await validateStack(policy, [vpc, res(FLOW, "f", { vpcId: "vpc-0def" })]), []);
});
