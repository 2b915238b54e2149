import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import {
  GPU_INSTANCE_FAMILIES,
  NVIDIA_AMI_TYPES,
  gpuNodeLabels,
  validateGpuNodePoolArgs,
  type GpuPoolSpec,
} from "../../../components/compute/gpuNodePool.logic";
import { GpuNodePool } from "../../../components/compute/gpuNodePool";
import { encryptedBlockDevices, scalingProblems } from "../../../components/compute/nodeGroup.logic";
import { json, plain, runComponent, type StackName } from "../../helpers/harness";
import { buildGpuPools, loadConfig, PLACEHOLDER } from "../build";
import { formatProblem } from "../../../components/shared/problems";

const EXPECTED_CHILDREN = [
  "aws:ec2/launchTemplate:LaunchTemplate gpu-inference-launch-template",
  "aws:eks/nodeGroup:NodeGroup gpu-inference-node-group",
  "aws:iam/role:Role gpu-inference-node-role",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment gpu-inference-node-ecr-pull-policy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment gpu-inference-node-worker-policy",
];

const CAPACITY: Record<StackName, string> = { dev: "SPOT", prod: "ON_DEMAND" };

for (const stack of ["dev", "prod"] as const) {
  describe(`GpuNodePool (${stack})`, () => {
    const run = () => runComponent(() => buildGpuPools(loadConfig(stack)), { stack });

    test("one component per configured pool, with exactly the expected children", async () => {
      const r = await run();
      assert.deepEqual(
        r.ofType("rampart:compute:GpuNodePool").map((c) => c.name),
        loadConfig(stack).gpuNodePools.map((p) => `gpu-${p.name}`),
      );
      const component = r.one("rampart:compute:GpuNodePool", "gpu-inference");
      assert.deepEqual(
        r
          .descendantsOf(component)
          .map((c) => `${c.type} ${c.name}`)
          .sort(),
        EXPECTED_CHILDREN,
      );
    });

    test("NVIDIA AMI, configured instance types, capacity type per environment, inference subnets", async () => {
      const pool = loadConfig(stack).gpuNodePools[0]!;
      const ng = plain<any>((await run()).named("gpu-inference-node-group").inputs);
      assert.equal(ng.amiType, "AL2023_x86_64_NVIDIA");
      assert.deepEqual(ng.instanceTypes, pool.instanceTypes);
      assert.equal(ng.capacityType, CAPACITY[stack]);
      assert.deepEqual(ng.scalingConfig, {
        minSize: pool.minSize,
        maxSize: pool.maxSize,
        desiredSize: pool.desiredSize,
      });
      assert.deepEqual(ng.updateConfig, { maxUnavailable: 1 });
      assert.deepEqual(ng.subnetIds, PLACEHOLDER.inferenceSubnetIds);
      assert.equal(ng.remoteAccess, undefined, "no SSH");
    });

    test("tainted nvidia.com/gpu=true:NoSchedule and labelled for the GPU software", async () => {
      const ng = plain<any>((await run()).named("gpu-inference-node-group").inputs);
      assert.deepEqual(ng.taints, [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
      assert.deepEqual(ng.labels, {
        "nvidia.com/gpu.present": "true",
        "rampart.io/gpu-pool": "inference",
        "rampart.io/nvidia-device-plugin": "true",
      });
    });

    test("launch template: IMDSv2 with hop limit 1, encrypted gp3 root with our key, monitoring, no key pair", async () => {
      const r = await run();
      const lt = plain<any>(r.named("gpu-inference-launch-template").inputs);
      assert.equal(lt.metadataOptions.httpTokens, "required");
      assert.equal(lt.metadataOptions.httpPutResponseHopLimit, 1);
      // The tier's group, named: EKS then attaches it instead of its all-open cluster security group.
      assert.deepEqual(lt.vpcSecurityGroupIds, [PLACEHOLDER.inferenceSecurityGroupId]);
      assert.deepEqual(lt.blockDeviceMappings, [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: 200,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: PLACEHOLDER.volumesKeyArn,
            deleteOnTermination: "true",
          },
        },
      ]);
      assert.deepEqual(lt.monitoring, { enabled: true });
      assert.equal(lt.keyName, undefined);
      assert.deepEqual(
        lt.tagSpecifications.map((t: any) => t.resourceType),
        ["instance", "volume"],
      );
      const ng = plain<any>(r.named("gpu-inference-node-group").inputs);
      assert.deepEqual(ng.launchTemplate, { id: "gpu-inference-launch-template-id", version: "1" });
    });

    test("node role: worker and ECR pull policies only, assumed by EC2", async () => {
      const r = await run();
      const policies = r
        .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .map((a) => String(plain(a.inputs.policyArn)))
        .sort();
      assert.deepEqual(policies, [
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
        "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      ]);
      assert.deepEqual(
        json(r.named("gpu-inference-node-role").inputs.assumeRolePolicy).Statement[0].Principal,
        {
          Service: "ec2.amazonaws.com",
        },
      );
      const ng = r.named("gpu-inference-node-group");
      for (const a of r.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"))
        assert.ok(ng.dependencies.includes(a.urn), "nodes join only once the role holds its policies");
    });
  });
}

describe("GpuNodePool on Bottlerocket", () => {
  test("encrypts both the OS and the data volume, and leaves the device plugin to the OS", async () => {
    const r = await runComponent(
      () =>
        buildGpuPools(
          loadConfig("dev", (c) => (c["rampart:gpuNodePools"][0].amiType = "BOTTLEROCKET_x86_64_NVIDIA")),
        ),
      { stack: "dev" },
    );
    const lt = plain<any>(r.named("gpu-inference-launch-template").inputs);
    assert.deepEqual(
      lt.blockDeviceMappings.map((b: any) => [
        b.deviceName,
        b.ebs.volumeSize,
        b.ebs.encrypted,
        b.ebs.kmsKeyId,
      ]),
      [
        ["/dev/xvda", 4, "true", PLACEHOLDER.volumesKeyArn],
        ["/dev/xvdb", 200, "true", PLACEHOLDER.volumesKeyArn],
      ],
    );
    const ng = plain<any>(r.named("gpu-inference-node-group").inputs);
    assert.equal(ng.labels["rampart.io/nvidia-device-plugin"], undefined);
  });
});

describe("validateGpuNodePoolArgs", () => {
  const valid = (): { pool: GpuPoolSpec & { labels: Record<string, string> }; subnetIds: string[] } => ({
    pool: { ...loadConfig("prod").gpuNodePools[0]!, labels: {} },
    subnetIds: ["subnet-a"],
  });
  test("the prod pool is valid", () => assert.deepEqual(validateGpuNodePoolArgs(valid()), []));

  const cases: [string, (a: ReturnType<typeof valid>) => void, string][] = [
    [
      "a non-GPU instance type",
      (a) => (a.pool = { ...a.pool, instanceTypes: ["m5.large"] }),
      `pool.instanceTypes[0]: "m5.large" is not a GPU instance type (expected a family of ${GPU_INSTANCE_FAMILIES.join(", ")})`,
    ],
    [
      "min > max",
      (a) => (a.pool = { ...a.pool, minSize: 3, maxSize: 2, desiredSize: 2 }),
      "pool.minSize: 3 is greater than maxSize (2)",
    ],
    [
      "an AMI type without NVIDIA",
      (a) => (a.pool = { ...a.pool, amiType: "AL2023_x86_64_STANDARD" }),
      `pool.amiType: "AL2023_x86_64_STANDARD" is not an AMI type with NVIDIA support (expected one of ${NVIDIA_AMI_TYPES.join(", ")})`,
    ],
    [
      "an ARM AMI on x86 GPUs",
      (a) => (a.pool = { ...a.pool, amiType: "AL2023_ARM_64_NVIDIA" }),
      'pool.instanceTypes[0]: "g6e.2xlarge" does not match amiType AL2023_ARM_64_NVIDIA (x86_64 instance, ARM AMI)',
    ],
    [
      "a label we own",
      (a) => (a.pool.labels["nvidia.com/gpu.present"] = "false"),
      'pool.labels.nvidia.com/gpu.present: "false" is set by GpuNodePool itself (remove it)',
    ],
    [
      "no subnets",
      (a) => (a.subnetIds = []),
      "subnetIds: [] is empty (pass the inference tier's subnet ids)",
    ],
  ];
  for (const [name, edit, expected] of cases) {
    test(`refuses ${name}`, () => {
      const a = valid();
      edit(a);
      assert.deepEqual(
        validateGpuNodePoolArgs(a).map((p) => formatProblem(p)),
        [expected],
      );
    });
  }

  test("the component throws once, naming the field, before registering anything", async () => {
    let error: unknown;
    const r = await runComponent(() => {
      try {
        new GpuNodePool("gpu-bad", {
          clusterName: "c",
          subnetIds: ["subnet-a"],
          securityGroupIds: ["sg-a"],
          volumesKmsKeyArn: PLACEHOLDER.volumesKeyArn,
          pool: { ...valid().pool, instanceTypes: ["m5.large"], minSize: 3, maxSize: 1, desiredSize: 1 },
        });
      } catch (err) {
        error = err;
      }
    });
    assert.ok(pulumi.RunError.isInstance(error));
    assert.match(error.message, /^GpuNodePool gpu-bad: invalid arguments \(2 problems\):/);
    assert.match(error.message, /pool\.instanceTypes\[0\]: "m5\.large" is not a GPU instance type/);
    assert.match(error.message, /pool\.minSize: 3 is greater than maxSize \(1\)/);
    assert.deepEqual(r.registered, []);
  });
});

describe("properties", () => {
  test("every block device is gp3, encrypted with the given key", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NVIDIA_AMI_TYPES, "AL2023_x86_64_STANDARD"),
        fc.integer({ min: 20, max: 16384 }),
        fc.string({ minLength: 1 }),
        (ami, size, key) =>
          encryptedBlockDevices(ami, size, key).every(
            (b) => b.ebs.encrypted === "true" && b.ebs.kmsKeyId === key && b.ebs.volumeType === "gp3",
          ),
      ),
    );
  });

  test("scaling is accepted exactly when 0 <= min <= desired <= max and max >= 1", () => {
    fc.assert(
      fc.property(fc.nat(20), fc.nat(20), fc.nat(20), (minSize, desiredSize, maxSize) => {
        const ok = minSize <= desiredSize && desiredSize <= maxSize && maxSize >= 1;
        return (scalingProblems(["p"], { minSize, maxSize, desiredSize }).length === 0) === ok;
      }),
    );
  });

  test("our labels always win over a pool's own", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.string()),
        fc.constantFrom(...NVIDIA_AMI_TYPES),
        (labels, amiType) => {
          const out = gpuNodeLabels({
            name: "p",
            instanceTypes: ["g5.xlarge"],
            amiType,
            capacityType: "SPOT",
            minSize: 0,
            maxSize: 1,
            desiredSize: 0,
            labels,
          });
          return out["nvidia.com/gpu.present"] === "true" && out["rampart.io/gpu-pool"] === "p";
        },
      ),
    );
  });
});
