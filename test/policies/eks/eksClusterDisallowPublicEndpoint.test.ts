import assert from "node:assert/strict";
import { test } from "node:test";
import { eksClusterDisallowPublicEndpoint as policy } from "../../../policy-pack/policies/eks/eksClusterDisallowPublicEndpoint";
import { violations } from "../helpers/policyHarness";

const TYPE = "aws:eks/cluster:Cluster";
const PUBLIC_DEFAULT =
  "EKS API endpoint is public to 0.0.0.0/0: set vpcConfig.endpointPublicAccess: false, or list publicAccessCidrs.";

test("a private endpoint passes", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      vpcConfig: { subnetIds: ["s"], endpointPrivateAccess: true, endpointPublicAccess: false },
    }),
    [],
  );
});

test("a public endpoint restricted to office CIDRs passes", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      vpcConfig: { subnetIds: ["s"], endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] },
    }),
    [],
  );
});

test("the EKS default (public, no CIDRs) is flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { vpcConfig: { subnetIds: ["s"] } }), [PUBLIC_DEFAULT]);
  assert.deepEqual(
    await violations(policy, TYPE, { vpcConfig: { subnetIds: ["s"], endpointPublicAccess: true } }),
    [PUBLIC_DEFAULT],
  );
});

test("publicAccessCidrs containing 0.0.0.0/0 is flagged", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      vpcConfig: {
        subnetIds: ["s"],
        endpointPublicAccess: true,
        publicAccessCidrs: ["10.0.0.0/8", "0.0.0.0/0"],
      },
    }),
    [
      "EKS API endpoint is public to 0.0.0.0/0: set vpcConfig.endpointPublicAccess: false, or narrow publicAccessCidrs.",
    ],
  );
});
