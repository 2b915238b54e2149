import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { runStack, type StackName } from "../helpers/harness";

/**
 * Bad config fails before any resource is registered, with one line per problem naming the key, the
 * value given and what was expected. Each case makes one mutation of a valid stack config.
 */

async function problemsOf(stack: StackName, edit: (c: Record<string, any>) => void): Promise<string[]> {
  const run = await runStack(stack, { edit });
  assert.ok(run.error, "the program should have refused the config");
  assert.ok(
    pulumi.RunError.isInstance(run.error),
    `expected a RunError (clean exit, no stack trace), got ${JSON.stringify(run.error)}`,
  );
  assert.deepEqual(
    run.registered.map((r) => r.urn),
    [],
    "no resource may be registered when the config is invalid",
  );
  const message = run.error.message;
  assert.match(message, /^invalid configuration \(\d+ problems?\):/);
  return message
    .split("\n")
    .slice(1)
    .map((l) => l.replace(/^ {2}- /, ""));
}

const cases: [string, StackName, (c: Record<string, any>) => void, string][] = [
  [
    "malformed CIDR",
    "dev",
    (c) => (c["rampart:network"].cidr = "10.0.0.0/33"),
    'rampart:network.cidr: "10.0.0.0/33" is not a valid IPv4 CIDR (expected a.b.c.d/n with n from 0 to 32)',
  ],
  [
    "CIDR that is not a network address",
    "dev",
    (c) => (c["rampart:network"].cidr = "10.40.1.0/16"),
    'rampart:network.cidr: "10.40.1.0/16" is not a network address (the /16 block starting there is 10.40.0.0/16)',
  ],
  [
    "overlapping tiers",
    "dev",
    (c) =>
      (c["rampart:network"].tiers = {
        data: { cidrs: ["10.40.0.0/24", "10.40.1.0/24"] },
        logging: { cidrs: ["10.40.1.0/24", "10.40.2.0/24"] },
      }),
    'rampart:network.tiers.logging.cidrs[0]: "10.40.1.0/24" overlaps tiers.data.cidrs[1] (10.40.1.0/24)',
  ],
  [
    "a tier outside the VPC",
    "dev",
    (c) => (c["rampart:network"].tiers = { data: { cidrs: ["10.40.0.0/24", "10.41.0.0/24"] } }),
    'rampart:network.tiers.data.cidrs[1]: "10.41.0.0/24" is outside the VPC CIDR 10.40.0.0/16',
  ],
  [
    "tiers that do not fit the VPC",
    "dev",
    (c) => (c["rampart:network"].cidr = "10.40.0.0/20"),
    "rampart:network.tiers.inference.prefixLength: 20 does not fit: the VPC 10.40.0.0/20 has 4096 addresses and the tiers need 14336 across 2 zones (use a larger VPC CIDR or longer tier prefixes)",
  ],
  [
    "too few zones for prod",
    "prod",
    (c) => {
      c["rampart:network"].availabilityZones = ["us-east-1a", "us-east-1b"];
      // The OpenSearch data nodes follow the zones (a multiple of them): only the zone count is wrong.
      c["rampart:siem"].search.instanceCount = 2;
    },
    'rampart:network.availabilityZones: ["us-east-1a","us-east-1b"] has 2 zone(s); prod needs at least 3 for high availability',
  ],
  [
    "unknown key (typo) with a suggestion",
    "dev",
    (c) => (c["rampart:netwrok"] = { cidr: "10.0.0.0/16" }),
    'rampart:netwrok: unknown key (did you mean "rampart:network"?)',
  ],
  [
    "unknown nested key",
    "dev",
    (c) => (c["rampart:kms"] = { rotationPeriod: 90 }),
    'rampart:kms.rotationPeriod: unknown key (did you mean "rampart:kms.rotationPeriodDays"?)',
  ],
  [
    "wrong type",
    "dev",
    (c) => (c["rampart:logging"].retentionDays = "thirty"),
    'rampart:logging.retentionDays: "thirty" has the wrong type (expected number)',
  ],
  [
    "missing required key",
    "dev",
    (c) => delete c["rampart:environment"],
    'rampart:environment: missing (expected one of "dev", "staging", "prod")',
  ],
  [
    "negative retention",
    "dev",
    (c) => (c["rampart:logging"].retentionDays = -7),
    "rampart:logging.retentionDays: -7 is not a CloudWatch Logs retention period (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
  ],
  [
    "KMS rotation period outside AWS's range",
    "dev",
    (c) => (c["rampart:kms"] = { rotationPeriodDays: 30 }),
    "rampart:kms.rotationPeriodDays: 30 is outside AWS's range (expected a whole number of days from 90 to 2560)",
  ],
  [
    "spot GPU capacity in prod",
    "prod",
    (c) => (c["rampart:gpuNodePools"][0].capacityType = "SPOT"),
    'rampart:gpuNodePools[0].capacityType: "SPOT" must be "ON_DEMAND" in prod (spot capacity can be reclaimed mid-request)',
  ],
  [
    "a GPU pool with min > max",
    "dev",
    (c) => Object.assign(c["rampart:gpuNodePools"][0], { minSize: 3, maxSize: 2, desiredSize: 2 }),
    "rampart:gpuNodePools[0].minSize: 3 is greater than maxSize (2)",
  ],
  [
    "a public API endpoint open to the world",
    "dev",
    (c) => (c["rampart:cluster"].endpointPublicAccessCidrs = ["0.0.0.0/0"]),
    'rampart:cluster.endpointPublicAccessCidrs[0]: "0.0.0.0/0" opens the API endpoint to the whole internet (list your own CIDRs)',
  ],
  [
    "a deployer that is a user, not a role",
    "prod",
    (c) => (c["rampart:cluster"].deployerRoleArn = "arn:aws:iam::123456789012:user/alice"),
    'rampart:cluster.deployerRoleArn: "arn:aws:iam::123456789012:user/alice" is not an IAM role ARN (expected "arn:aws:iam::<account>:role/<name>")',
  ],
  [
    "an instance type that is not a GPU type",
    "dev",
    (c) => (c["rampart:gpuNodePools"][0].instanceTypes = ["m5.large"]),
    'rampart:gpuNodePools[0].instanceTypes[0]: "m5.large" is not a GPU instance type (expected a family of g4dn, g5, g5g, g6, g6e, gr6, p3, p3dn, p4d, p4de, p5, p5e, p5en, p6-b200)',
  ],
  [
    "an AMI type without NVIDIA support",
    "dev",
    (c) => (c["rampart:gpuNodePools"][0].amiType = "AL2023_x86_64_STANDARD"),
    'rampart:gpuNodePools[0].amiType: "AL2023_x86_64_STANDARD" is not an AMI type with NVIDIA support (expected one of AL2023_x86_64_NVIDIA, AL2023_ARM_64_NVIDIA, BOTTLEROCKET_x86_64_NVIDIA, BOTTLEROCKET_ARM_64_NVIDIA)',
  ],
  [
    "an EKS version whose clusters still default to the unencrypted gp2 class",
    "dev",
    (c) => (c["rampart:cluster"].version = "1.29"),
    'rampart:cluster.version: "1.29" is older than 1.30 (older EKS clusters mark the unencrypted gp2 StorageClass as default)',
  ],
  [
    "an egress domain that is not a domain",
    "prod",
    (c) => (c["rampart:network"].egress.allowedDomains = ["https://huggingface.co/"]),
    'rampart:network.egress.allowedDomains[0]: "https://huggingface.co/" is not a domain (expected e.g. "api.example.com" or ".example.com")',
  ],
  [
    "overlapping secondary CIDRs",
    "dev",
    (c) => (c["rampart:network"].secondaryCidrs = ["100.64.0.0/16", "100.64.128.0/17"]),
    'rampart:network.secondaryCidrs[1]: "100.64.128.0/17" overlaps secondaryCidrs[0] (100.64.0.0/16)',
  ],
  [
    "a zone outside the region",
    "dev",
    (c) => (c["rampart:network"].availabilityZones = ["us-east-1a", "eu-west-1b"]),
    'rampart:network.availabilityZones[1]: "eu-west-1b" is not in the region aws:region=us-east-1',
  ],
  [
    "deletion protection off in prod",
    "prod",
    (c) => (c["rampart:protect"] = false),
    "rampart:protect: false must be true in prod (stateful resources are protected from destroy)",
  ],
  [
    "firewall egress with no allowed domain",
    "prod",
    (c) => (c["rampart:network"].egress.allowedDomains = []),
    "rampart:network.egress.allowedDomains: [] is empty; egress mode 'firewall' needs at least one allowed domain",
  ],
  // Issue #17: values the cloud would reject, typos outside rampart:, a prod stack calling itself dev.
  [
    "a prod stack that calls itself dev",
    "prod",
    (c) => (c["rampart:environment"] = "dev"),
    'rampart:environment: "dev" does not match the stack "prod", a prod stack by its name (set rampart:environment: prod, or deploy it as a stack whose name is not prod*)',
  ],
  [
    "a typo in an aws: key",
    "dev",
    (c) => (c["aws:regoin"] = "us-east-1"),
    'aws:regoin: unknown AWS provider key (did you mean "aws:region"?)',
  ],
  [
    "a typo in the rampart: namespace",
    "dev",
    (c) => (c["ramprat:tags"] = { team: "x" }),
    'ramprat:tags: unknown namespace "ramprat" (did you mean "rampart:tags"?)',
  ],
  [
    "an unquoted version YAML reads as a number",
    "dev",
    (c) => (c["rampart:cluster"].version = 1.3),
    'rampart:cluster.version: 1.3 is a number where a string is expected (quote it in the YAML: unquoted, 1.30 is read as the number 1.3; write "1.30")',
  ],
  [
    "more tags than AWS allows",
    "dev",
    (c) => (c["rampart:tags"] = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`t${i}`, "v"]))),
    'rampart:tags: "46 tags" are more than AWS allows with ours (expected at most 45: AWS allows 50 per resource and Rampart adds up to 5)',
  ],
  [
    "a tag key AWS reserves",
    "dev",
    (c) => (c["rampart:tags"] = { "aws:owner": "me" }),
    'rampart:tags.aws:owner: "aws:owner" uses the aws: prefix, which AWS reserves',
  ],
  [
    "a GPU pool label under a reserved prefix",
    "dev",
    (c) => (c["rampart:gpuNodePools"][0].labels = { "nvidia.com/mig": "on" }),
    'rampart:gpuNodePools[0].labels.nvidia.com/mig: "on" uses the reserved prefix nvidia.com/ (Kubernetes, EKS, NVIDIA and Rampart set these)',
  ],
  [
    "a GPU pool label value Kubernetes refuses",
    "dev",
    (c) => (c["rampart:gpuNodePools"][0].labels = { team: "a b" }),
    'rampart:gpuNodePools[0].labels.team: "a b" is not a Kubernetes label value (expected up to 63 letters, digits, -, _ or ., starting and ending with a letter or digit)',
  ],
  [
    "a public VPC range",
    "dev",
    (c) => (c["rampart:network"].cidr = "11.40.0.0/16"),
    'rampart:network.cidr: "11.40.0.0/16" is not a private (RFC 1918) range (expected inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)',
  ],
  [
    "a mesh namespace as an inference namespace",
    "dev",
    (c) => {
      c["rampart:namespaces"][0].name = "istio-system";
      // Without the namespace, no model server in it.
      c["rampart:models"] = [];
    },
    'rampart:namespaces[0].name: "istio-system" is a system namespace (choose a namespace of your own)',
  ],
  [
    "an interface endpoint listed twice",
    "dev",
    (c) => (c["rampart:network"].interfaceEndpoints = ["kms", "kms"]),
    'rampart:network.interfaceEndpoints[1]: "kms" is listed twice',
  ],
  [
    "an operator network open to the internet",
    "dev",
    (c) =>
      (c["rampart:network"].operatorNetworks = [
        { cidr: "0.0.0.0/0", transitGatewayId: "tgw-0123456789abcdef0" },
      ]),
    'rampart:network.operatorNetworks[0].cidr: "0.0.0.0/0" opens the API to the whole internet (list your own networks)',
  ],
];

describe("bad config is refused before any resource is registered", () => {
  for (const [name, stack, edit, expected] of cases) {
    test(name, async () => {
      const problems = await problemsOf(stack, edit);
      assert.deepEqual(problems, [expected]);
    });
  }

  test("every problem is reported, not just the first", async () => {
    const problems = await problemsOf("prod", (c) => {
      c["rampart:gpuNodePools"][0].capacityType = "SPOT";
      c["rampart:protect"] = false;
      c["rampart:logging"].retentionDays = 30;
    });
    assert.deepEqual(problems, [
      'rampart:gpuNodePools[0].capacityType: "SPOT" must be "ON_DEMAND" in prod (spot capacity can be reclaimed mid-request)',
      "rampart:protect: false must be true in prod (stateful resources are protected from destroy)",
      "rampart:logging.retentionDays: 30 is below prod's minimum of 365 days",
    ]);
  });
});

describe("valid config", () => {
  for (const stack of ["dev", "prod"] as const) {
    test(`${stack} is accepted`, async () => {
      const run = await runStack(stack);
      assert.equal(run.error, undefined);
    });
  }
});
