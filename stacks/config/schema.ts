import { z } from "zod";
import { CAPACITY_TYPES, GPU_NODE_POOL_DEFAULTS } from "../../components/compute/gpuNodePool.logic";
import { HARDENED_CLUSTER_DEFAULTS } from "../../components/compute/hardenedCluster.logic";
import { EGRESS_MODES, SEGMENTED_VPC_DEFAULTS } from "../../components/network/segmentedVpc.logic";
import { TIERS } from "../../components/network/subnetPlan";
import {
  DELETION_WINDOW_RANGE,
  KEY_RING_DEFAULTS,
  ROTATION_PERIOD_RANGE,
} from "../../components/security/keyRing.logic";
import { PROD_DELETION_WINDOW_DAYS, PROD_MIN_RETENTION_DAYS, PROD_MIN_ZONES } from "./prod";
import { INFERENCE_NAMESPACE_DEFAULTS } from "../../components/workloads/inferenceNamespace.logic";
import { edgeSchema, meshSchema, NAMESPACE_MESH_DOC, namespaceMeshSchema } from "./schema.mesh";
import { privacySchema, siemSchema } from "./schema.siem";
import { accessSchema, organizationSchema, vaultSchema } from "./schema.identity";
import { modelsSchema, recoverySchema, supplyChainSchema } from "./schema.supplychain";

/**
 * The shape of the `rampart:` config namespace: keys, types, defaults and what each key means. Rules
 * about values (a CIDR, a version pattern, a range) are NOT here: they belong to the component that
 * uses the value, and stacks/config/components.ts runs the components' validators on the parsed config.
 * Defaults are the components' own constants. The README's configuration table is generated from this
 * schema (`npm run docs`).
 */

export const NAMESPACE = "rampart";

const strings = z.array(z.string());
const tierSpec = z
  .strictObject({ prefixLength: z.number().optional(), cidrs: strings.optional() })
  .refine((t) => (t.prefixLength === undefined) !== (t.cidrs === undefined), {
    message: "needs exactly one of prefixLength or cidrs",
  });
const tierSizes = z.strictObject(
  Object.fromEntries(TIERS.map((t) => [t, tierSpec.optional()])) as Record<
    (typeof TIERS)[number],
    z.ZodOptional<typeof tierSpec>
  >,
);
const scaling = { minSize: z.number(), maxSize: z.number(), desiredSize: z.number() };

const network = z.strictObject({
  cidr: z.string().describe("the VPC's primary IPv4 CIDR (a private network address)"),
  availabilityZones: strings.describe(
    `availability zone names, in order (at least 2; ${PROD_MIN_ZONES} in prod)`,
  ),
  tiers: tierSizes
    .default({})
    .describe(
      `per-zone subnet size per tier (\`{prefixLength}\`), or one explicit CIDR per zone (\`{cidrs: [...]}\`); defaults: ${TIERS.map((t) => `${t} /${SEGMENTED_VPC_DEFAULTS.tiers[t].prefixLength}`).join(", ")}`,
    ),
  secondaryCidrs: strings
    .default([...SEGMENTED_VPC_DEFAULTS.secondaryCidrs])
    .describe("extra VPC CIDR blocks; must not overlap the VPC or each other"),
  egress: z
    .strictObject({
      mode: z
        .enum(EGRESS_MODES)
        .default(SEGMENTED_VPC_DEFAULTS.egress.mode)
        .describe(
          "`endpoints-only`: private tiers reach AWS through VPC endpoints only; `firewall`: plus HTTPS to allow-listed domains through AWS Network Firewall",
        ),
      allowedDomains: strings
        .default([...SEGMENTED_VPC_DEFAULTS.egress.allowedDomains])
        .describe(
          "the egress allow-list (`.example.com` = the domain and its subdomains); required with `firewall`",
        ),
    })
    .default({ ...SEGMENTED_VPC_DEFAULTS.egress, allowedDomains: [] }),
  operatorNetworks: z
    .array(z.strictObject({ cidr: z.string(), transitGatewayId: z.string().optional() }))
    .default([])
    .describe(
      "the networks operators and CI reach the private EKS API from, on 443: `{cidr, transitGatewayId}` for a VPN / Direct Connect / Transit Gateway range outside the VPC (routed from the management tier through that Transit Gateway), or `{cidr}` inside a management subnet for an in-VPC runner; never `/0`",
    ),
  interfaceEndpoints: strings
    .default([...SEGMENTED_VPC_DEFAULTS.interfaceEndpoints])
    .describe("AWS services reached through interface endpoints (S3 is always a gateway endpoint)"),
});

const kms = z
  .strictObject({
    rotationPeriodDays: z
      .number()
      .default(KEY_RING_DEFAULTS.rotationPeriodDays)
      .describe(`automatic key rotation period, in days (${ROTATION_PERIOD_RANGE.join("–")})`),
    deletionWindowDays: z
      .number()
      .default(KEY_RING_DEFAULTS.deletionWindowDays)
      .describe(
        `waiting period before a scheduled key deletion, in days (${DELETION_WINDOW_RANGE.join("–")}); ${PROD_DELETION_WINDOW_DAYS} in prod`,
      ),
  })
  .default({
    rotationPeriodDays: KEY_RING_DEFAULTS.rotationPeriodDays,
    deletionWindowDays: KEY_RING_DEFAULTS.deletionWindowDays,
  });

const logging = z.strictObject({
  retentionDays: z
    .number()
    .describe(
      `retention of every log group we create (a CloudWatch Logs period); at least ${PROD_MIN_RETENTION_DAYS} in prod`,
    ),
});

const addonVersion = z.string();
const cluster = z.strictObject({
  version: z
    .string()
    .describe(
      'EKS Kubernetes version, `"1.NN"` (from 1.30: older clusters mark the unencrypted gp2 class default)',
    ),
  endpointPublicAccessCidrs: strings
    .default([...HARDENED_CLUSTER_DEFAULTS.endpointPublicAccessCidrs])
    .describe("who may reach the public API endpoint; never `0.0.0.0/0`; must be empty in prod"),
  deployerRoleArn: z
    .string()
    .describe(
      "the IAM role that runs `pulumi up` (e.g. CI's deployment role): the cluster's only access entry, with the cluster-admin access policy",
    ),
  addons: z
    .strictObject({
      vpcCni: addonVersion,
      coreDns: addonVersion,
      kubeProxy: addonVersion,
      ebsCsiDriver: addonVersion,
      podIdentityAgent: addonVersion,
    })
    .describe(
      "pinned EKS add-on versions (`vX.Y.Z-eksbuild.N`): vpcCni, coreDns, kubeProxy, ebsCsiDriver, podIdentityAgent",
    ),
  systemNodePool: z
    .strictObject({
      instanceTypes: strings,
      ...scaling,
      diskSizeGiB: z.number().default(HARDENED_CLUSTER_DEFAULTS.systemNodeDiskSizeGiB),
    })
    .describe(
      `the non-GPU node group for cluster add-ons: instanceTypes, minSize (at least 1), maxSize, desiredSize, diskSizeGiB (default ${HARDENED_CLUSTER_DEFAULTS.systemNodeDiskSizeGiB})`,
    ),
});

const gpuNodePool = z.strictObject({
  name: z.string(),
  instanceTypes: strings,
  amiType: z.string(),
  capacityType: z.enum(CAPACITY_TYPES),
  ...scaling,
  diskSizeGiB: z.number().default(GPU_NODE_POOL_DEFAULTS.diskSizeGiB),
  labels: z.record(z.string(), z.string()).default({ ...GPU_NODE_POOL_DEFAULTS.labels }),
});

const helmChart = z.strictObject({ version: z.string() });
const dcgmChart = z.strictObject({ version: z.string(), imageTag: z.string() });

const limits = INFERENCE_NAMESPACE_DEFAULTS.limits;
const namespace = z.strictObject({
  name: z.string(),
  quota: z.strictObject({ cpu: z.string(), memory: z.string(), gpus: z.number(), pods: z.number() }),
  defaults: z
    .strictObject({
      cpuRequest: z.string().default(limits.cpuRequest),
      memoryRequest: z.string().default(limits.memoryRequest),
      cpuLimit: z.string().default(limits.cpuLimit),
      memoryLimit: z.string().default(limits.memoryLimit),
    })
    .default({ ...limits }),
  serviceAccounts: strings.default([]),
  egressToTiers: z.array(z.enum(TIERS)).default([]),
  egressOutsideVpc: z.boolean().default(false),
  mesh: namespaceMeshSchema.optional(),
});

export const configSchema = z.strictObject({
  environment: z
    .enum(["dev", "staging", "prod"])
    .describe("which rules apply: `prod` refuses every loosening (stacks/config/environment.ts)"),
  tags: z.record(z.string(), z.string()).default({}).describe("tags on every taggable AWS resource"),
  protect: z
    .boolean()
    .default(KEY_RING_DEFAULTS.protect)
    .describe(
      "`protect` stateful resources (keys, logs, the cluster) from `pulumi destroy`; must be `true` in prod",
    ),
  accountDefaults: z
    .strictObject({
      owner: z
        .boolean()
        .default(false)
        .describe(
          "this stack owns the account-and-region-wide defaults (EBS encryption by default, with the volumes key); exactly one stack per account and region may be `true`. Destroying the owner leaves the settings on",
        ),
    })
    .default({ owner: false }),
  network,
  kms,
  logging,
  cluster,
  gpuNodePools: z
    .array(gpuNodePool)
    .default([])
    .describe(
      `GPU node groups: \`name\`, \`instanceTypes\` (GPU families only), \`amiType\` (NVIDIA AMI types matching the architecture), \`capacityType\` (\`ON_DEMAND\` in prod), \`minSize\` ≤ \`desiredSize\` ≤ \`maxSize\`, \`diskSizeGiB\` (default ${GPU_NODE_POOL_DEFAULTS.diskSizeGiB}), \`labels\``,
    ),
  nvidiaDevicePlugin: helmChart.describe("the pinned NVIDIA device plugin Helm chart (`version: X.Y.Z`)"),
  dcgmExporter: dcgmChart.describe(
    "the pinned DCGM exporter Helm chart (`version: X.Y.Z`, GPU metrics) and its image tag (`imageTag`, from that chart version's values.yaml)",
  ),
  images: z
    .strictObject({
      mirror: z
        .string()
        .optional()
        .describe(
          "an ECR prefix (`<account>.dkr.ecr.<region>.amazonaws.com/<prefix>`) holding copies of the in-cluster images: NVIDIA's (`nvidia/k8s-device-plugin`, `nvidia/k8s/dcgm-exporter`; private tiers cannot reach nvcr.io, and ECR pull-through cache does not support it), Istio's (`istio/`), Fluent Bit (`fluent/fluent-bit`) and kube-prometheus-stack's (their upstream paths, the registry host replaced)",
        ),
    })
    .default({}),
  namespaces: z
    .array(namespace)
    .default([])
    .describe(
      `inference namespaces: \`name\`, \`quota\` {cpu, memory, gpus, pods}, \`defaults\` (LimitRange; ${limits.cpuRequest}/${limits.memoryRequest} requests, ${limits.cpuLimit}/${limits.memoryLimit} limits), \`serviceAccounts\`, \`egressToTiers\`, \`egressOutsideVpc\` (HTTPS outside the VPC), ${NAMESPACE_MESH_DOC}`,
    ),
  // Absent: no mesh (prod refuses that). Present: enabled unless it says otherwise.
  mesh: meshSchema.optional(),
  edge: edgeSchema.optional(),
  // Absent: no SIEM, log shipper or monitoring (prod refuses that). Present: enabled unless it says otherwise.
  siem: siemSchema.optional(),
  privacy: privacySchema,
  // Absent: no role map (prod refuses that), no Vault configured, no organisation guardrails.
  access: accessSchema.optional(),
  vault: vaultSchema.optional(),
  organization: organizationSchema.optional(),
  // Absent: no registry, model store or image admission, no model server, no backups (prod refuses that).
  supplyChain: supplyChainSchema.optional(),
  models: modelsSchema,
  recovery: recoverySchema.optional(),
});

export type RampartConfig = z.infer<typeof configSchema>;
export type GpuNodePoolConfig = RampartConfig["gpuNodePools"][number];
export type NamespaceConfig = RampartConfig["namespaces"][number];
export type MeshConfig = NonNullable<RampartConfig["mesh"]>;
export type EdgeConfig = NonNullable<RampartConfig["edge"]>;
export type SiemConfig = NonNullable<RampartConfig["siem"]>;
export type PrivacyConfig = RampartConfig["privacy"];
export type { AccessConfig, OrganizationConfig, VaultConfig } from "./schema.identity";
export type { ModelConfig, RecoveryConfig, SupplyChainConfig } from "./schema.supplychain";
