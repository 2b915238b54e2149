import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { validateGpuNodePoolArgs } from "../../components/compute/gpuNodePool.logic";
import { validateHardenedClusterArgs } from "../../components/compute/hardenedCluster.logic";
import { validateSegmentedVpcArgs } from "../../components/network/segmentedVpc.logic";
import { validateKeyRingArgs } from "../../components/security/keyRing.logic";
import { type ArgProblem, showValue } from "../../components/shared/problems";
import { ConfigError, parseConfig } from "../../stacks/config";
import { flattenConfig, stackConfig } from "../helpers/harness";

/**
 * Config validation and component validation agree: the same bad value, given to a component on its own
 * (as a user of the component would) and written in `Pulumi.dev.yaml`, yields the same problem (same
 * value shown, same message), named by the Args field in one case and by the `rampart:` key in the other.
 * Config runs the components' own validators, so a rule cannot drift between the two (it did: a 17-day
 * retention was once accepted by the cluster and refused by the VPC and the config).
 */

function configProblems(edit: (c: Record<string, any>) => void): string[] {
  const raw = stackConfig("dev");
  edit(raw);
  try {
    parseConfig(flattenConfig(raw), "dev");
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

/** `<value> <message>`: what follows the key or field name. */
const tail = (line: string) => line.slice(line.indexOf(": ") + 2);
const tails = (problems: readonly ArgProblem[]) => problems.map((p) => `${showValue(p.value)} ${p.message}`);

const cluster = {
  version: "1.33",
  region: "us-east-1",
  deployerRoleArn: "arn:aws:iam::123456789012:role/deployer",
  addons: {
    vpcCni: "v1.20.4-eksbuild.1",
    coreDns: "v1.12.3-eksbuild.1",
    kubeProxy: "v1.33.3-eksbuild.4",
    ebsCsiDriver: "v1.48.0-eksbuild.2",
    podIdentityAgent: "v1.3.8-eksbuild.2",
  },
  systemNodePool: { instanceTypes: ["m6i.large"], minSize: 2, maxSize: 3, desiredSize: 2 },
  controlPlaneLogs: { retentionDays: 30 },
};
const vpc = {
  cidr: "10.40.0.0/16",
  availabilityZones: ["us-east-1a", "us-east-1b"],
  flowLogRetentionDays: 30,
};

describe("config and components report the same problems for the same values", () => {
  test("a 17-day log retention: refused by the cluster, the VPC and the config alike", () => {
    const fromCluster = tails(
      validateHardenedClusterArgs({ ...cluster, controlPlaneLogs: { retentionDays: 17 } }),
    );
    const fromVpc = tails(validateSegmentedVpcArgs({ ...vpc, flowLogRetentionDays: 17 }));
    assert.equal(fromCluster.length, 1);
    assert.deepEqual(fromVpc, fromCluster);
    const lines = configProblems((c) => (c["rampart:logging"].retentionDays = 17));
    assert.deepEqual(lines.map(tail), fromCluster);
    assert.match(lines[0]!, /^rampart:logging\.retentionDays: 17 /);
  });

  const cases: [string, (c: Record<string, any>) => void, () => ArgProblem[], RegExp][] = [
    [
      "an unpinned add-on",
      (c) => (c["rampart:cluster"].addons.vpcCni = "latest"),
      () => validateHardenedClusterArgs({ ...cluster, addons: { ...cluster.addons, vpcCni: "latest" } }),
      /^rampart:cluster\.addons\.vpcCni: /,
    ],
    [
      "a deployer that is not a role",
      (c) => (c["rampart:cluster"].deployerRoleArn = "arn:aws:iam::123456789012:user/alice"),
      () =>
        validateHardenedClusterArgs({ ...cluster, deployerRoleArn: "arn:aws:iam::123456789012:user/alice" }),
      /^rampart:cluster\.deployerRoleArn: /,
    ],
    [
      "system node scaling bounds",
      (c) => Object.assign(c["rampart:cluster"].systemNodePool, { minSize: 4, maxSize: 3 }),
      () =>
        validateHardenedClusterArgs({
          ...cluster,
          systemNodePool: { ...cluster.systemNodePool, minSize: 4, maxSize: 3 },
        }),
      /^rampart:cluster\.systemNodePool\.minSize: /,
    ],
    [
      "a GPU pool's scaling bounds",
      (c) => Object.assign(c["rampart:gpuNodePools"][0], { desiredSize: 9 }),
      () => {
        const pool = stackConfig("dev")["rampart:gpuNodePools"][0];
        return validateGpuNodePoolArgs({ pool: { ...pool, desiredSize: 9 } });
      },
      /^rampart:gpuNodePools\[0\]\.desiredSize: /,
    ],
    [
      "a key rotation period AWS refuses",
      (c) => (c["rampart:kms"] = { rotationPeriodDays: 30 }),
      () => validateKeyRingArgs({ rotationPeriodDays: 30 }),
      /^rampart:kms\.rotationPeriodDays: /,
    ],
    [
      "an egress domain that is a URL",
      (c) => (c["rampart:network"].egress = { mode: "firewall", allowedDomains: ["https://x"] }),
      () => validateSegmentedVpcArgs({ ...vpc, egress: { mode: "firewall", allowedDomains: ["https://x"] } }),
      /^rampart:network\.egress\.allowedDomains\[0\]: /,
    ],
  ];
  for (const [what, edit, component, key] of cases) {
    test(what, () => {
      const expected = tails(component());
      assert.ok(expected.length > 0, "the component refuses the value");
      const lines = configProblems(edit);
      const matching = lines.filter((l) => key.test(l));
      assert.equal(matching.length, expected.length, `config lines: ${JSON.stringify(lines)}`);
      assert.deepEqual(matching.map(tail), expected);
    });
  }
});
