import assert from "node:assert/strict";
import { test } from "node:test";
import { eksClusterDisallowPublicEndpoint as policy } from "../../../policy-pack/policies/eks/eksClusterDisallowPublicEndpoint";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

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

test("an unknown endpointPublicAccess is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:eks/cluster:Cluster",
      props: { vpcConfig: { endpointPublicAccess: UNKNOWN.boolean, publicAccessCidrs: ["0.0.0.0/0"] } },
    }),
    {
      violations: [],
      unknownRead: "boolean value at .vpcConfig.endpointPublicAccess can't be known during preview",
    },
  );
});

test('an empty CIDR ("") in publicAccessCidrs is not the world: passes (the list is not empty)', async () => {
  assert.deepEqual(
    await validate(policy, {
      type: "aws:eks/cluster:Cluster",
      props: { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: [""] } },
    }),
    { violations: [] },
  );
});

test("publicAccessCidrs containing ::/0 (IPv6) is flagged like 0.0.0.0/0", async () => {
  assert.deepEqual(
    await violations(policy, TYPE, {
      vpcConfig: {
        subnetIds: ["s"],
        endpointPublicAccess: true,
        publicAccessCidrs: ["2001:db8::/32", "::/0"],
      },
    }),
    [
      "EKS API endpoint is public to ::/0: set vpcConfig.endpointPublicAccess: false, or narrow publicAccessCidrs.",
    ],
  );
});

test("no vpcConfig at all is the EKS default (public to the world): flagged", async () => {
  assert.deepEqual(await violations(policy, TYPE, { roleArn: "arn:r" }), [PUBLIC_DEFAULT]);
});
