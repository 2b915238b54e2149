import assert from "node:assert/strict";
import { test } from "node:test";
import { ec2DefaultVpcDisallowUse as policy } from "../../../policy-pack/policies/network/ec2DefaultVpcDisallowUse";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const DEFAULT_VPC = "aws:ec2/defaultVpc:DefaultVpc";
const MSG =
  "The stack adopts the account's default VPC: remove the aws.ec2.DefaultVpc and use a purpose-built VPC with private subnets.";

test("a purpose-built VPC passes; adopting the default VPC is flagged whatever its settings", async () => {
  assert.deepEqual(await violations(policy, "aws:ec2/vpc:Vpc", { cidrBlock: "10.0.0.0/16" }), []);
  assert.deepEqual(await violations(policy, DEFAULT_VPC, { tags: { Name: "default" } }), [MSG]);
  assert.deepEqual(await violations(policy, DEFAULT_VPC, {}), [MSG]);
});

test("stripping the default VPC's security group or NACL is not adopting the VPC", async () => {
  assert.deepEqual(
    await violations(policy, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", {
      ingress: [],
      egress: [],
    }),
    [],
  );
  assert.deepEqual(
    await violations(policy, "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", { ingress: [] }),
    [],
  );
});

test("unknown values are not read: the resource's kind is enough (no advisory note, a violation)", async () => {
  assert.deepEqual(
    await validate(policy, { type: DEFAULT_VPC, props: { enableDnsHostnames: UNKNOWN.boolean } }),
    {
      violations: [MSG],
    },
  );
});

test('empty strings ("") change nothing: still flagged', async () => {
  assert.deepEqual(await violations(policy, DEFAULT_VPC, { ipv6CidrBlock: "" }), [MSG]);
});
