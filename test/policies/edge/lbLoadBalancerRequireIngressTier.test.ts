import assert from "node:assert/strict";
import { test } from "node:test";
import { lbLoadBalancerRequireIngressTier as policy } from "../../../policy-pack/policies/edge/lbLoadBalancerRequireIngressTier";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const SUBNET = "aws:ec2/subnet:Subnet";
const subnet = (name: string, tier: string) =>
  res(SUBNET, name, { id: `${name}-id`, tags: { "rampart:tier": tier } });

test("an internet-facing LB in ingress subnets passes (by dependency and by id)", async () => {
  const a = subnet("ingress-a", "ingress");
  const b = subnet("ingress-b", "ingress");
  assert.deepEqual(
    await validateStack(policy, [a, b, res(LB, "public", { internal: false, subnets: ["x", "y"] }, [a, b])]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [a, b, res(LB, "public", { subnets: ["ingress-a-id", "ingress-b-id"] })]),
    [],
  );
});

test("an internet-facing LB (internal unset) in an inference subnet is flagged", async () => {
  const a = subnet("ingress-a", "ingress");
  const inf = subnet("inference-a", "inference");
  const lb = res(LB, "public", { subnets: ["ingress-a-id", "inference-a-id"] });
  assert.deepEqual(await validateStack(policy, [a, inf, lb]), [
    {
      urn: lb.urn,
      message:
        'Internet-facing load balancer "public" is in subnet "inference-a" outside the ingress tier: place it in subnets tagged rampart:tier=ingress, or set internal: true.',
    },
  ]);
});

test("subnetMappings and the alb type are covered", async () => {
  const inf = subnet("data-a", "data");
  const lb = res("aws:alb/loadBalancer:LoadBalancer", "public", {
    internal: false,
    subnetMappings: [{ subnetId: "data-a-id" }],
  });
  assert.equal((await validateStack(policy, [inf, lb])).length, 1);
});

test("internal LBs, and subnets from outside the stack, are not judged", async () => {
  const inf = subnet("inference-a", "inference");
  assert.deepEqual(
    await validateStack(policy, [inf, res(LB, "private", { internal: true, subnets: ["inference-a-id"] })]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [res(LB, "public", { subnets: ["subnet-looked-up"] })]), []);
});

test("an unknown internal flag or subnet list is skipped during preview (a stack policy reads what it can see)", async () => {
  const a = subnet("app-a", "inference");
  assert.deepEqual(
    await validateStack(policy, [a, res(LB, "public", { internal: UNKNOWN.boolean, subnets: ["app-a-id"] })]),
    [],
  );
  assert.deepEqual(
    await validateStack(policy, [a, res(LB, "public", { internal: false, subnets: UNKNOWN.array })]),
    [],
  );
});

test('a subnet whose tier tag is "" is outside the ingress tier: flagged', async () => {
  assert.deepEqual(
    await validateStack(policy, [subnet("a", ""), res(LB, "public", { internal: false, subnets: ["a-id"] })]),
    [
      {
        message:
          'Internet-facing load balancer "public" is in subnet "a" outside the ingress tier: place it in subnets tagged rampart:tier=ingress, or set internal: true.',
        urn: `urn:pulumi:test::rampart::${LB}::public`,
      },
    ],
  );
});

test("the older load balancer aliases are judged", async () => {
  const inf = subnet("inference-a", "inference");
  for (const type of [
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:applicationloadbalancing/loadBalancer:LoadBalancer",
    "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer",
  ])
    assert.equal(
      (await validateStack(policy, [inf, res(type, "public", { subnets: ["inference-a-id"] })])).length,
      1,
      type,
    );
});
