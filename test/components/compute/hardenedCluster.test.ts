import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import {
  CONTROL_PLANE_LOG_TYPES,
  nodeGroupAutoScalingGroupName,
  validateHardenedClusterArgs,
} from "../../../components/compute/hardenedCluster.logic";
import { HardenedCluster } from "../../../components/compute/hardenedCluster";
import {
  isSecret,
  json,
  plain,
  runComponent,
  unwrap,
  type Captured,
  type StackName,
} from "../../helpers/harness";
import { buildCluster, loadConfig, PLACEHOLDER } from "../build";
import { formatProblem } from "../../../components/shared/problems";

const STACKS: StackName[] = ["dev", "prod"];

async function run(stack: StackName, edit?: (c: Record<string, any>) => void): Promise<Captured> {
  const config = loadConfig(stack, edit);
  return runComponent(() => buildCluster(config), { stack });
}

const EXPECTED_CHILDREN = [
  "aws:cloudwatch/logGroup:LogGroup rampart-control-plane-logs",
  "aws:ec2/launchTemplate:LaunchTemplate rampart-system-launch-template",
  "aws:eks/accessEntry:AccessEntry rampart-deployer-access",
  "aws:eks/accessPolicyAssociation:AccessPolicyAssociation rampart-deployer-admin",
  "aws:eks/addon:Addon rampart-aws-ebs-csi-driver",
  "aws:eks/addon:Addon rampart-coredns",
  "aws:eks/addon:Addon rampart-eks-pod-identity-agent",
  "aws:eks/addon:Addon rampart-kube-proxy",
  "aws:eks/addon:Addon rampart-vpc-cni",
  "aws:eks/cluster:Cluster rampart-cluster",
  "aws:eks/nodeGroup:NodeGroup rampart-system-nodes",
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider rampart-oidc-provider",
  "aws:iam/role:Role rampart-cluster-role",
  "aws:iam/role:Role rampart-ebs-csi-role",
  "aws:iam/role:Role rampart-node-role",
  "aws:iam/role:Role rampart-vpc-cni-role",
  "aws:iam/rolePolicy:RolePolicy rampart-ebs-csi-kms-policy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment rampart-cluster-policy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment rampart-ebs-csi-policy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment rampart-node-ecr-pull-policy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment rampart-node-worker-policy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment rampart-vpc-cni-policy",
  "kubernetes:helm.sh/v3:Release rampart-dcgm-exporter",
  "kubernetes:helm.sh/v3:Release rampart-nvidia-device-plugin",
  "kubernetes:storage.k8s.io/v1:StorageClass rampart-gp3",
  "pulumi:providers:kubernetes rampart-k8s",
];

/** Managed policy names attached to a role (by the role's mock name). */
function attachedPolicies(run: Captured, roleName: string): string[] {
  return run
    .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    .filter((a) => plain(a.inputs.role) === roleName)
    .map((a) => String(plain(a.inputs.policyArn)).replace("arn:aws:iam::aws:policy/", ""))
    .sort();
}

for (const stack of STACKS) {
  describe(`HardenedCluster (${stack})`, () => {
    test("registers exactly the expected children, all parented to the component", async () => {
      const r = await run(stack);
      const component = r.one("rampart:compute:HardenedCluster", "rampart");
      assert.deepEqual(
        r
          .descendantsOf(component)
          .map((c) => `${c.type} ${c.name}`)
          .sort(),
        EXPECTED_CHILDREN,
      );
      assert.deepEqual(r.childrenOf(component).length, EXPECTED_CHILDREN.length);
    });

    test("control-plane logs go to a group we create first: named for the cluster, KMS-encrypted, retained", async () => {
      const r = await run(stack);
      const cluster = r.one("aws:eks/cluster:Cluster");
      const group = r.one("aws:cloudwatch/logGroup:LogGroup", "rampart-control-plane-logs");
      assert.equal(plain(cluster.inputs.name), `rampart-${stack}`);
      assert.deepEqual(plain(group.inputs), {
        name: `/aws/eks/rampart-${stack}/cluster`,
        kmsKeyId: PLACEHOLDER.logsKeyArn,
        retentionInDays: stack === "prod" ? 365 : 30,
        tags: plain(group.inputs.tags),
      });
      assert.ok(cluster.dependencies.includes(group.urn), "the cluster must wait for its log group");
    });

    test("the deployer role from config is the only access entry, and Kubernetes resources wait for it", async () => {
      const r = await run(stack);
      const entry = r.one("aws:eks/accessEntry:AccessEntry");
      const admin = r.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
      assert.equal(plain(entry.inputs.principalArn), "arn:aws:iam::123456789012:role/rampart-deployer");
      assert.equal(plain(entry.inputs.type), "STANDARD");
      assert.deepEqual(plain(admin.inputs.accessScope), { type: "cluster" });
      assert.equal(
        plain(admin.inputs.policyArn),
        "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      );
      const provider = r.one("pulumi:providers:kubernetes");
      assert.ok(
        provider.dependencies.includes(admin.urn),
        "the Kubernetes provider waits for the deployer's access",
      );
      // The creator gets nothing implicit: the bootstrap admin stays off.
      const cluster = plain<any>(r.one("aws:eks/cluster:Cluster").inputs);
      assert.equal(cluster.accessConfig.bootstrapClusterCreatorAdminPermissions, false);
    });

    test("API endpoint: private on, public off (no CIDRs in config)", async () => {
      const vpc = plain<any>((await run(stack)).one("aws:eks/cluster:Cluster").inputs.vpcConfig);
      assert.equal(vpc.endpointPrivateAccess, true);
      assert.equal(vpc.endpointPublicAccess, false);
      assert.equal(vpc.publicAccessCidrs, undefined);
      assert.deepEqual(vpc.subnetIds, PLACEHOLDER.managementSubnetIds);
    });

    test("Secrets envelope-encrypted with the cluster key; all five log types; access entries only", async () => {
      const c = plain<any>((await run(stack)).one("aws:eks/cluster:Cluster").inputs);
      assert.deepEqual(c.encryptionConfig, {
        resources: ["secrets"],
        provider: { keyArn: PLACEHOLDER.clusterKeyArn },
      });
      assert.deepEqual(c.enabledClusterLogTypes, [
        "api",
        "audit",
        "authenticator",
        "controllerManager",
        "scheduler",
      ]);
      assert.deepEqual(c.accessConfig, {
        authenticationMode: "API",
        bootstrapClusterCreatorAdminPermissions: false,
      });
      assert.equal(c.bootstrapSelfManagedAddons, false);
      assert.equal(c.version, "1.33");
      assert.equal(c.deletionProtection, stack === "prod");
    });

    test("cluster role has AmazonEKSClusterPolicy only; node role has no CNI permissions", async () => {
      const r = await run(stack);
      assert.deepEqual(attachedPolicies(r, "rampart-cluster-role"), ["AmazonEKSClusterPolicy"]);
      assert.deepEqual(attachedPolicies(r, "rampart-node-role"), [
        "AmazonEC2ContainerRegistryPullOnly",
        "AmazonEKSWorkerNodePolicy",
      ]);
      assert.deepEqual(attachedPolicies(r, "rampart-vpc-cni-role"), ["AmazonEKS_CNI_Policy"]);
      assert.equal(
        json(r.named("rampart-cluster-role").inputs.assumeRolePolicy).Statement[0].Principal.Service,
        "eks.amazonaws.com",
      );
      assert.equal(
        json(r.named("rampart-node-role").inputs.assumeRolePolicy).Statement[0].Principal.Service,
        "ec2.amazonaws.com",
      );
    });

    test("VPC CNI: IRSA bound to kube-system/aws-node only, network policy enforcement on", async () => {
      const r = await run(stack);
      const trust = json(r.named("rampart-vpc-cni-role").inputs.assumeRolePolicy).Statement[0];
      const issuer = "oidc.eks.us-east-1.amazonaws.com/id/RAMPARTCLUSTER";
      assert.equal(trust.Action, "sts:AssumeRoleWithWebIdentity");
      assert.equal(trust.Principal.Federated, plain(r.named("rampart-oidc-provider").outputs.arn));
      assert.deepEqual(trust.Condition.StringEquals, {
        [`${issuer}:sub`]: "system:serviceaccount:kube-system:aws-node",
        [`${issuer}:aud`]: "sts.amazonaws.com",
      });
      const cni = plain<any>(r.named("rampart-vpc-cni").inputs);
      assert.deepEqual(JSON.parse(cni.configurationValues), { enableNetworkPolicy: "true" });
      assert.equal(cni.serviceAccountRoleArn, "arn:aws:iam::123456789012:role/rampart-vpc-cni-role");
    });

    test("OIDC provider for IRSA: the cluster's issuer, STS audience, no thumbprint", async () => {
      const oidc = plain<any>((await run(stack)).named("rampart-oidc-provider").inputs);
      assert.equal(oidc.url, "https://oidc.eks.us-east-1.amazonaws.com/id/RAMPARTCLUSTER");
      assert.deepEqual(oidc.clientIdLists, ["sts.amazonaws.com"]);
      assert.equal(oidc.thumbprintLists, undefined);
    });

    test("add-ons pinned to the config's versions, ordered around the system nodes", async () => {
      const r = await run(stack);
      const config = loadConfig(stack);
      const versions = Object.fromEntries(
        r.ofType("aws:eks/addon:Addon").map((a) => [plain(a.inputs.addonName), plain(a.inputs.addonVersion)]),
      );
      assert.deepEqual(versions, {
        "vpc-cni": config.cluster.addons.vpcCni,
        coredns: config.cluster.addons.coreDns,
        "kube-proxy": config.cluster.addons.kubeProxy,
        "aws-ebs-csi-driver": config.cluster.addons.ebsCsiDriver,
        "eks-pod-identity-agent": config.cluster.addons.podIdentityAgent,
      });
      const nodes = r.named("rampart-system-nodes");
      for (const before of ["rampart-vpc-cni", "rampart-kube-proxy", "rampart-eks-pod-identity-agent"])
        assert.ok(nodes.dependencies.includes(r.named(before).urn), `system nodes wait for ${before}`);
      for (const after of ["rampart-coredns", "rampart-aws-ebs-csi-driver"])
        assert.ok(r.named(after).dependencies.includes(nodes.urn), `${after} waits for the system nodes`);
    });

    test("EBS CSI driver: own role via Pod Identity, with use of the volumes key only", async () => {
      const r = await run(stack);
      const ebs = plain<any>(r.named("rampart-aws-ebs-csi-driver").inputs);
      assert.deepEqual(ebs.podIdentityAssociations, [
        {
          roleArn: "arn:aws:iam::123456789012:role/rampart-ebs-csi-role",
          serviceAccount: "ebs-csi-controller-sa",
        },
      ]);
      const trust = json(r.named("rampart-ebs-csi-role").inputs.assumeRolePolicy).Statement[0];
      assert.deepEqual(trust.Principal, { Service: "pods.eks.amazonaws.com" });
      // Only EKS acting for this account (confused deputy).
      assert.deepEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
      assert.deepEqual(attachedPolicies(r, "rampart-ebs-csi-role"), [
        "service-role/AmazonEBSCSIDriverPolicy",
      ]);
      const kms = json(r.named("rampart-ebs-csi-kms-policy").inputs.policy);
      assert.ok(kms.Statement.every((s: any) => s.Resource === PLACEHOLDER.volumesKeyArn));
      assert.deepEqual(kms.Statement[0].Condition, { Bool: { "kms:GrantIsForAWSResource": "true" } });
    });

    test("system nodes: IMDSv2 with hop limit 1, encrypted gp3 root with the volumes key, no SSH", async () => {
      const r = await run(stack);
      const lt = plain<any>(r.named("rampart-system-launch-template").inputs);
      // The management tier's group, named: EKS then attaches it instead of its all-open cluster group.
      assert.deepEqual(lt.vpcSecurityGroupIds, [PLACEHOLDER.managementSecurityGroupId]);
      assert.deepEqual(lt.metadataOptions, {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      });
      assert.deepEqual(lt.blockDeviceMappings, [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: 50,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: PLACEHOLDER.volumesKeyArn,
            deleteOnTermination: "true",
          },
        },
      ]);
      assert.equal(lt.keyName, undefined);
      assert.deepEqual(lt.monitoring, { enabled: true });
      const ng = plain<any>(r.named("rampart-system-nodes").inputs);
      assert.equal(ng.remoteAccess, undefined);
      assert.equal(ng.diskSize, undefined, "disk comes from the launch template");
      assert.equal(ng.amiType, "AL2023_x86_64_STANDARD");
      assert.equal(ng.capacityType, "ON_DEMAND");
      assert.deepEqual(ng.launchTemplate, { id: "rampart-system-launch-template-id", version: "1" });
      assert.equal(ng.taints, undefined);
      assert.deepEqual(ng.subnetIds, PLACEHOLDER.managementSubnetIds);
    });

    test("Kubernetes provider: secret kubeconfig with short-lived aws eks get-token credentials", async () => {
      const r = await run(stack);
      const provider = r.one("pulumi:providers:kubernetes", "rampart-k8s");
      assert.ok(isSecret(provider.inputs.kubeconfig), "the kubeconfig is a secret");
      const kubeconfig = json(provider.inputs.kubeconfig);
      assert.equal(
        kubeconfig.clusters[0].cluster.server,
        "https://rampart-cluster.gr7.us-east-1.eks.amazonaws.com",
      );
      assert.deepEqual(kubeconfig.users[0].user.exec.args, [
        "eks",
        "get-token",
        "--cluster-name",
        `rampart-${stack}`,
        "--region",
        "us-east-1",
        "--output",
        "json",
      ]);
      for (const k of r.resources.filter((x) => x.type.startsWith("kubernetes:")))
        assert.equal(r.providerOf(k)?.name, "rampart-k8s", `${k.name} uses the cluster's provider`);
    });

    test("default StorageClass: gp3, encrypted with the volumes key, volumes tagged for backup", async () => {
      const sc = plain<any>((await run(stack)).named("rampart-gp3").inputs);
      assert.equal(sc.metadata.annotations["storageclass.kubernetes.io/is-default-class"], "true");
      assert.equal(sc.provisioner, "ebs.csi.aws.com");
      assert.deepEqual(sc.parameters, {
        type: "gp3",
        encrypted: "true",
        kmsKeyId: PLACEHOLDER.volumesKeyArn,
        "csi.storage.k8s.io/fstype": "ext4",
        tagSpecification_1: "rampart:backup-class=volumes",
      });
      assert.equal(sc.volumeBindingMode, "WaitForFirstConsumer");
    });

    test("one NVIDIA device plugin and one DCGM exporter, pinned, from NVIDIA's repositories, GPU nodes only", async () => {
      const r = await run(stack);
      const config = loadConfig(stack);
      const plugin = plain<any>(r.named("rampart-nvidia-device-plugin").inputs);
      assert.equal(plugin.chart, "nvidia-device-plugin");
      assert.equal(plugin.version, config.nvidiaDevicePlugin.version);
      assert.deepEqual(plugin.repositoryOpts, { repo: "https://nvidia.github.io/k8s-device-plugin" });
      assert.deepEqual(plugin.values.nodeSelector, { "rampart.io/nvidia-device-plugin": "true" });
      assert.deepEqual(plugin.values.tolerations, [
        { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
      ]);
      assert.deepEqual(plugin.values.securityContext, {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
      });
      const dcgm = plain<any>(r.named("rampart-dcgm-exporter").inputs);
      assert.equal(dcgm.chart, "dcgm-exporter");
      assert.equal(dcgm.version, config.dcgmExporter.version);
      assert.deepEqual(dcgm.repositoryOpts, { repo: "https://nvidia.github.io/dcgm-exporter/helm-charts" });
      assert.deepEqual(dcgm.values.nodeSelector, { "nvidia.com/gpu.present": "true" });
      assert.equal(dcgm.values.serviceMonitor.enabled, false);
      assert.deepEqual(dcgm.values.securityContext.capabilities, { drop: ["ALL"], add: ["SYS_ADMIN"] });
      // Images come from the configured mirror (nodes cannot reach nvcr.io), at the charts' own tags.
      assert.deepEqual(dcgm.values.image, {
        repository: `${config.images.mirror}/nvidia/k8s/dcgm-exporter`,
        tag: config.dcgmExporter.imageTag,
      });
      assert.deepEqual(plain<any>(r.named("rampart-nvidia-device-plugin").inputs).values.image, {
        repository: `${config.images.mirror}/nvidia/k8s-device-plugin`,
        tag: `v${config.nvidiaDevicePlugin.version}`,
      });
    });
  });
}

describe("HardenedCluster public endpoint (dev)", () => {
  test("dev opens the public endpoint to exactly the listed CIDRs", async () => {
    const r = await run("dev", (c) => (c["rampart:cluster"].endpointPublicAccessCidrs = ["203.0.113.0/24"]));
    const vpc = plain<any>(r.one("aws:eks/cluster:Cluster").inputs.vpcConfig);
    assert.equal(vpc.endpointPrivateAccess, true);
    assert.equal(vpc.endpointPublicAccess, true);
    assert.deepEqual(vpc.publicAccessCidrs, ["203.0.113.0/24"]);
  });
});

describe("validateHardenedClusterArgs", () => {
  const valid = () => {
    const c = loadConfig("prod");
    return {
      version: c.cluster.version,
      region: c.region,
      managementSubnetIds: ["subnet-a", "subnet-b"],
      endpointPublicAccessCidrs: [] as string[],
      addons: { ...c.cluster.addons },
      systemNodePool: { ...c.cluster.systemNodePool },
      gpu: {
        nvidiaDevicePluginVersion: "0.17.1",
        dcgmExporterVersion: "4.8.2",
        dcgmExporterImageTag: "4.5.3-4.8.2-distroless",
      },
      clusterName: "rampart-prod",
      controlPlaneLogs: { retentionDays: 365 },
      deployerRoleArn: "arn:aws:iam::123456789012:role/rampart-deployer",
    };
  };
  test("the prod config is valid", () => assert.deepEqual(validateHardenedClusterArgs(valid()), []));

  const cases: [string, (a: ReturnType<typeof valid>) => void, string][] = [
    [
      "a deployer that is not an IAM role (an assumed-role session ARN)",
      (a) => (a.deployerRoleArn = "arn:aws:sts::123456789012:assumed-role/rampart-deployer/ci"),
      'deployerRoleArn: "arn:aws:sts::123456789012:assumed-role/rampart-deployer/ci" is not an IAM role ARN (expected "arn:aws:iam::<account>:role/<name>")',
    ],
    [
      "a cluster name EKS would refuse",
      (a) => (a.clusterName = "-rampart prod"),
      'clusterName: "-rampart prod" is not an EKS cluster name (expected 1-100 letters, digits, "-" or "_", starting with a letter or digit)',
    ],
    [
      "a control-plane log retention of zero days",
      (a) => (a.controlPlaneLogs = { retentionDays: 0 }),
      "controlPlaneLogs.retentionDays: 0 is not a CloudWatch Logs retention period (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
    ],
    [
      "a world-open endpoint",
      (a) => (a.endpointPublicAccessCidrs = ["0.0.0.0/0"]),
      'endpointPublicAccessCidrs[0]: "0.0.0.0/0" opens the API endpoint to the whole internet (list your own CIDRs)',
    ],
    [
      "a malformed CIDR",
      (a) => (a.endpointPublicAccessCidrs = ["10.0.0.0/33"]),
      'endpointPublicAccessCidrs[0]: "10.0.0.0/33" is not a valid IPv4 CIDR (expected a.b.c.d/n with n from 0 to 32)',
    ],
    [
      "an old version",
      (a) => (a.version = "1.29"),
      'version: "1.29" is older than 1.30 (older EKS clusters mark the unencrypted gp2 StorageClass as default)',
    ],
    [
      "an unpinned add-on",
      (a) => (a.addons.coreDns = "latest"),
      'addons.coreDns: "latest" is not a pinned add-on version (expected "vX.Y.Z-eksbuild.N")',
    ],
    [
      "min > max system nodes",
      (a) => Object.assign(a.systemNodePool, { minSize: 4, maxSize: 3, desiredSize: 3 }),
      "systemNodePool.minSize: 4 is greater than maxSize (3)",
    ],
    [
      "a single subnet",
      (a) => (a.managementSubnetIds = ["subnet-a"]),
      "managementSubnetIds: 1 subnet(s) given; EKS needs subnets in at least 2 zones",
    ],
    [
      "an unpinned chart",
      (a) => (a.gpu.dcgmExporterVersion = "latest"),
      'gpu.dcgmExporterVersion: "latest" is not a pinned chart version (expected "X.Y.Z")',
    ],
  ];
  for (const [name, edit, expected] of cases) {
    test(`refuses ${name}`, () => {
      const a = valid();
      edit(a);
      assert.deepEqual(
        validateHardenedClusterArgs(a).map((p) => formatProblem(p)),
        [expected],
      );
    });
  }

  test("the component throws once, naming the field, before registering any child", async () => {
    const config = loadConfig("dev");
    let error: unknown;
    const r = await runComponent(() => {
      try {
        new HardenedCluster("bad", {
          version: config.cluster.version,
          region: config.region,
          managementSubnetIds: ["subnet-a", "subnet-b"],
          systemNodeSecurityGroupIds: ["sg-a"],
          secretsKmsKeyArn: PLACEHOLDER.clusterKeyArn,
          volumesKmsKeyArn: PLACEHOLDER.volumesKeyArn,
          controlPlaneLogs: { kmsKeyArn: PLACEHOLDER.logsKeyArn, retentionDays: 30 },
          deployerRoleArn: config.cluster.deployerRoleArn,
          endpointPublicAccessCidrs: ["0.0.0.0/0"],
          addons: config.cluster.addons,
          systemNodePool: config.cluster.systemNodePool,
        });
      } catch (err) {
        error = err;
      }
    });
    assert.ok(pulumi.RunError.isInstance(error));
    assert.match(error.message, /endpointPublicAccessCidrs\[0\]: "0\.0\.0\.0\/0" opens the API endpoint/);
    assert.deepEqual(r.registered, []);
  });

  test("log types are exactly EKS's five", () => {
    assert.deepEqual([...CONTROL_PLANE_LOG_TYPES].sort(), [
      "api",
      "audit",
      "authenticator",
      "controllerManager",
      "scheduler",
    ]);
  });
});

describe("system node Auto Scaling groups (for the edge's target attachments)", () => {
  test("one entry per system node group, read from the node group's resources", async () => {
    let names: string[] = [];
    await runComponent(
      async () => {
        const cluster = buildCluster(loadConfig("prod"));
        assert.equal(cluster.systemNodeAutoScalingGroupNames.length, 1, "known at construction");
        names = await Promise.all(cluster.systemNodeAutoScalingGroupNames.map((n) => unwrap(n)));
      },
      { stack: "prod" },
    );
    // The mock cloud answers as EKS does: `eks-<node group>-<uuid>`.
    assert.deepEqual(names, ["eks-rampart-system-nodes-asg"]);
  });

  test("exactly one Auto Scaling group per managed node group, or a clear error", () => {
    assert.equal(
      nodeGroupAutoScalingGroupName("ng", [{ autoscalingGroups: [{ name: "eks-ng-1234" }] }]),
      "eks-ng-1234",
    );
    for (const resources of [
      undefined,
      [],
      [{ autoscalingGroups: [] }],
      [{ autoscalingGroups: [{ name: "a" }, { name: "b" }] }],
    ])
      assert.throws(
        () => nodeGroupAutoScalingGroupName("ng", resources),
        /node group ng reports .* as its Auto Scaling groups \(expected exactly one/,
      );
  });
});
