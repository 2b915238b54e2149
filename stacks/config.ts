import { z } from "zod";
import {
  ARM_GPU_FAMILIES,
  GPU_INSTANCE_FAMILIES,
  NVIDIA_AMI_TYPES,
} from "../components/compute/gpuNodePool.logic";
import { MIN_KUBERNETES_MINOR } from "../components/compute/hardenedCluster.logic";
import {
  cidrProblem,
  overlaps,
  planSubnets,
  type PlannedSubnet,
  TIERS,
} from "../components/network/subnetPlan";

/**
 * The whole `rampart:` config namespace: one schema, parsed once into one typed object.
 *
 * Every problem is collected and reported together, one line each, naming the key, the value given and
 * what was expected. Nothing here touches Pulumi resources, so bad config fails before any resource is
 * registered. Differences between environments live in `Pulumi.<stack>.yaml`, not in code; the rules
 * that *prod* must satisfy are keyed on `rampart:environment`, not on the stack's name.
 */

export const NAMESPACE = "rampart";

/** CloudWatch Logs only accepts these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

// GPU instance families and NVIDIA AMI types come from GpuNodePool's logic: one list for both checks.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// A domain for the egress allow-list; a leading dot means "this domain and every subdomain", as in
// AWS Network Firewall domain lists.
const EGRESS_DOMAIN = /^\.?(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const K8S_QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/;

const cidr = z.string().superRefine((value, ctx) => {
  const problem = cidrProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
const quantity = z.string().regex(K8S_QUANTITY, {
  message: 'is not a Kubernetes quantity (expected e.g. "500m", "4", "16Gi")',
});

const tierSpec = z
  .strictObject({
    prefixLength: z.number().int().min(16).max(28).optional(),
    cidrs: z.array(cidr).min(1).optional(),
  })
  .refine((t) => (t.prefixLength === undefined) !== (t.cidrs === undefined), {
    message: "needs exactly one of prefixLength or cidrs",
  });

/** Default tier sizes per zone: inference and management carry pods (VPC CNI gives each pod an IP). */
export const DEFAULT_TIERS = {
  ingress: { prefixLength: 24 },
  inference: { prefixLength: 20 },
  management: { prefixLength: 21 },
  data: { prefixLength: 23 },
  logging: { prefixLength: 24 },
  firewall: { prefixLength: 28 },
} as const;

/** The AWS services private tiers reach through interface endpoints (S3 is a gateway endpoint). */
export const DEFAULT_INTERFACE_ENDPOINTS = [
  "ecr.api",
  "ecr.dkr",
  "sts",
  "kms",
  "logs",
  "ec2",
  "elasticloadbalancing",
  "autoscaling",
  "eks",
  "eks-auth",
  "ssm",
] as const;

const network = z.strictObject({
  /** The VPC's primary IPv4 CIDR. */
  cidr,
  /** Availability zones, in order; every tier gets one subnet in each. */
  availabilityZones: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "is not an AZ name")).min(1),
  /** Per-tier sizing; unset tiers take DEFAULT_TIERS. */
  tiers: z
    .strictObject({
      ingress: tierSpec.optional(),
      inference: tierSpec.optional(),
      management: tierSpec.optional(),
      data: tierSpec.optional(),
      logging: tierSpec.optional(),
      firewall: tierSpec.optional(),
    })
    .default({}),
  /** Extra CIDR blocks associated with the VPC (e.g. for pod networking); must not overlap. */
  secondaryCidrs: z.array(cidr).default([]),
  egress: z
    .strictObject({
      /**
       * `endpoints-only` (default): private tiers reach AWS through VPC endpoints and nothing else.
       * `firewall`: in addition, HTTPS to the allow-listed domains through AWS Network Firewall.
       */
      mode: z.enum(["endpoints-only", "firewall"]).default("endpoints-only"),
      allowedDomains: z
        .array(
          z
            .string()
            .regex(EGRESS_DOMAIN, 'is not a domain (expected e.g. "api.example.com" or ".example.com")'),
        )
        .default([]),
    })
    .default({ mode: "endpoints-only", allowedDomains: [] }),
  interfaceEndpoints: z.array(z.string().regex(/^[a-z0-9.-]+$/)).default([...DEFAULT_INTERFACE_ENDPOINTS]),
});

const kms = z
  .strictObject({
    /** Automatic rotation period; AWS accepts 90 to 2560 days. */
    rotationPeriodDays: z.number().int().min(90).max(2560).default(365),
    /** Waiting period before a scheduled key deletion; AWS accepts 7 to 30 days. */
    deletionWindowDays: z.number().int().min(7).max(30).default(30),
  })
  .default({ rotationPeriodDays: 365, deletionWindowDays: 30 });

const logging = z.strictObject({
  retentionDays: z
    .number()
    .int()
    .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
      message: `is not a CloudWatch Logs retention period (expected one of ${LOG_RETENTION_DAYS.join(", ")})`,
    }),
});

const scaling = {
  minSize: z.number().int().min(0),
  maxSize: z.number().int().min(1),
  desiredSize: z.number().int().min(0),
};

const systemNodePool = z.strictObject({
  instanceTypes: z
    .array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "is not an EC2 instance type"))
    .min(1),
  ...scaling,
  diskSizeGiB: z.number().int().min(20).max(16384).default(50),
});

const cluster = z.strictObject({
  /** EKS Kubernetes version, e.g. "1.33". */
  version: z.string().regex(/^1\.\d{2}$/, 'is not an EKS Kubernetes version (expected e.g. "1.33")'),
  /**
   * CIDRs allowed to reach the public API endpoint. Empty (the default) keeps the endpoint private-only.
   * Never 0.0.0.0/0; refused entirely when `environment` is prod.
   */
  endpointPublicAccessCidrs: z.array(cidr).default([]),
  /**
   * The IAM role that runs `pulumi up`: the cluster's only access entry (cluster-admin), declared rather
   * than granted implicitly to whoever created the cluster.
   */
  deployerRoleArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
      'is not an IAM role ARN (expected "arn:aws:iam::<account>:role/<name>")',
    ),
  /** Pinned EKS add-on versions (`aws eks describe-addon-versions`). */
  addons: z.strictObject({
    vpcCni: z
      .string()
      .regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, 'is not an add-on version (expected "vX.Y.Z-eksbuild.N")'),
    coreDns: z
      .string()
      .regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, 'is not an add-on version (expected "vX.Y.Z-eksbuild.N")'),
    kubeProxy: z
      .string()
      .regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, 'is not an add-on version (expected "vX.Y.Z-eksbuild.N")'),
    ebsCsiDriver: z
      .string()
      .regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, 'is not an add-on version (expected "vX.Y.Z-eksbuild.N")'),
    podIdentityAgent: z
      .string()
      .regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, 'is not an add-on version (expected "vX.Y.Z-eksbuild.N")'),
  }),
  systemNodePool,
});

const gpuNodePool = z.strictObject({
  name: z.string().regex(DNS_LABEL, "is not a lowercase DNS label"),
  instanceTypes: z
    .array(
      z.string().refine((t) => (GPU_INSTANCE_FAMILIES as readonly string[]).includes(t.split(".")[0] ?? ""), {
        message: `is not a GPU instance type (expected a family of ${GPU_INSTANCE_FAMILIES.join(", ")})`,
      }),
    )
    .min(1),
  amiType: z.string().refine((a) => (NVIDIA_AMI_TYPES as readonly string[]).includes(a), {
    message: `is not an AMI type with NVIDIA support (expected one of ${NVIDIA_AMI_TYPES.join(", ")})`,
  }),
  capacityType: z.enum(["ON_DEMAND", "SPOT"]),
  ...scaling,
  diskSizeGiB: z.number().int().min(20).max(16384).default(200),
  /** Extra node labels (the GPU label and taint are always set). */
  labels: z.record(z.string(), z.string()).default({}),
});

const helmChart = z.strictObject({
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'is not a pinned chart version (expected "X.Y.Z")'),
});

const namespace = z.strictObject({
  name: z.string().regex(DNS_LABEL, "is not a lowercase DNS label"),
  quota: z.strictObject({
    cpu: quantity,
    memory: quantity,
    gpus: z.number().int().min(0),
    pods: z.number().int().min(1),
  }),
  /** Default container requests and limits (LimitRange). */
  defaults: z
    .strictObject({
      cpuRequest: quantity.default("250m"),
      memoryRequest: quantity.default("512Mi"),
      cpuLimit: quantity.default("1"),
      memoryLimit: quantity.default("2Gi"),
    })
    .default({ cpuRequest: "250m", memoryRequest: "512Mi", cpuLimit: "1", memoryLimit: "2Gi" }),
  /** Workload service accounts to create (token automount off). */
  serviceAccounts: z.array(z.string().regex(DNS_LABEL, "is not a lowercase DNS label")).default([]),
  /** Tiers (other than DNS and the mesh ingress) that pods here may open connections to. */
  egressToTiers: z.array(z.enum(TIERS)).default([]),
});

const policy = z
  .strictObject({
    /** The `--policy-pack-config` file for this stack, relative to the project root. */
    configFile: z.string().min(1),
  })
  .optional();

export const configSchema = z.strictObject({
  /** What rules apply: prod refuses every loosening that dev may allow. */
  environment: z.enum(["dev", "staging", "prod"]),
  /** Tags on every taggable AWS resource. */
  tags: z.record(z.string(), z.string()).default({}),
  /** `protect` stateful resources (keys, logs, buckets) against `pulumi destroy`. Required in prod. */
  protect: z.boolean().default(true),
  network,
  kms,
  logging,
  cluster,
  gpuNodePools: z.array(gpuNodePool).default([]),
  nvidiaDevicePlugin: helmChart,
  dcgmExporter: helmChart,
  namespaces: z.array(namespace).default([]),
  policy,
});

export type RampartConfig = z.infer<typeof configSchema>;
export type GpuNodePoolConfig = RampartConfig["gpuNodePools"][number];
export type NamespaceConfig = RampartConfig["namespaces"][number];

/** The config, validated, with the derived subnet plan. */
export interface LoadedConfig extends RampartConfig {
  readonly region: string;
  readonly subnets: readonly PlannedSubnet[];
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

type Path = readonly PropertyKey[];

function keyOf(path: Path): string {
  const [top, ...rest] = path;
  let key = `${NAMESPACE}:${String(top ?? "")}`;
  for (const p of rest) key += typeof p === "number" ? `[${p}]` : `.${String(p)}`;
  return key;
}

function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function show(value: unknown): string {
  if (value === undefined) return "missing";
  const s = JSON.stringify(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        d[i]![j] = Math.min(
          d[i - 1]![j]! + 1,
          d[i]![j - 1]! + 1,
          d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
    return d[a.length]![b.length]!;
  };
  const best = candidates
    .map((c) => ({ c, d: distance(word.toLowerCase(), c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}

function knownKeysAt(path: Path): string[] {
  let schema: z.ZodType = configSchema;
  for (const p of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[String(p)]!;
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    if (!schema) return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.in as z.ZodType;
    } else return s;
  }
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string[] {
  const value = valueAt(raw, issue.path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((k) => {
        const known = knownKeysAt(issue.path);
        const hint = closest(k, known);
        return `${keyOf([...issue.path, k])}: unknown key${hint ? ` (did you mean "${keyOf([...issue.path, hint])}"?)` : ` (expected one of ${known.join(", ")})`}`;
      });
    case "invalid_type":
      if (value === undefined) return [`${keyOf(issue.path)}: missing (expected ${issue.expected})`];
      return [`${keyOf(issue.path)}: ${show(value)} has the wrong type (expected ${issue.expected})`];
    case "invalid_value":
      if (value === undefined) {
        return [
          `${keyOf(issue.path)}: missing (expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")})`,
        ];
      }
      return [
        `${keyOf(issue.path)}: ${show(value)} is not allowed (expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")})`,
      ];
    case "too_small":
      return [
        issue.origin === "array"
          ? `${keyOf(issue.path)}: ${show(value)} has too few entries (expected at least ${String(issue.minimum)})`
          : `${keyOf(issue.path)}: ${show(value)} is too small (expected at least ${String(issue.minimum)})`,
      ];
    case "too_big":
      return [
        `${keyOf(issue.path)}: ${show(value)} is too large (expected at most ${String(issue.maximum)})`,
      ];
    case "invalid_format":
    case "custom":
      return [`${keyOf(issue.path)}: ${show(value)} ${issue.message ?? "is invalid"}`];
    default:
      return [`${keyOf(issue.path)}: ${show(value)} ${issue.message}`];
  }
}

/** Cross-field rules: the ones a single key's schema cannot express. */
function crossFieldProblems(
  c: Partial<RampartConfig>,
  region: string | undefined,
): { problems: string[]; subnets: PlannedSubnet[] } {
  const problems: string[] = [];
  const at = (path: Path, value: unknown, message: string) =>
    problems.push(`${keyOf(path)}: ${show(value)} ${message}`);
  const prod = c.environment === "prod";

  const network = c.network;
  let plan: ReturnType<typeof planSubnets> | undefined;
  if (network) {
    const zones = network.availabilityZones;
    const seen = new Set<string>();
    zones.forEach((z, i) => {
      if (seen.has(z))
        at(["network", "availabilityZones", i], z, "is listed twice (expected distinct zones)");
      seen.add(z);
      if (region && !z.startsWith(region))
        at(["network", "availabilityZones", i], z, `is not in the region aws:region=${region}`);
    });
    if (prod && zones.length < 3) {
      at(
        ["network", "availabilityZones"],
        zones,
        `has ${zones.length} zone(s); prod needs at least 3 for high availability`,
      );
    } else if (zones.length < 2) {
      at(["network", "availabilityZones"], zones, "has 1 zone; EKS needs subnets in at least 2 zones");
    }

    const tiers = { ...DEFAULT_TIERS, ...network.tiers } as Record<
      string,
      { prefixLength?: number; cidrs?: string[] }
    >;
    if (network.egress.mode !== "firewall") delete tiers.firewall;
    plan = planSubnets({ vpcCidr: network.cidr, zones, tiers });
    if (!plan.ok) for (const p of plan.problems) at(["network", ...p.path], p.value, p.message);

    network.secondaryCidrs.forEach((s, i) => {
      if (overlaps(s, network.cidr))
        at(["network", "secondaryCidrs", i], s, `overlaps the VPC CIDR ${network.cidr}`);
      network.secondaryCidrs.slice(0, i).forEach((o, j) => {
        if (overlaps(s, o))
          at(["network", "secondaryCidrs", i], s, `overlaps rampart:network.secondaryCidrs[${j}] (${o})`);
      });
    });
    if (network.egress.mode === "firewall" && network.egress.allowedDomains.length === 0) {
      at(
        ["network", "egress", "allowedDomains"],
        [],
        "is empty; egress mode 'firewall' needs at least one allowed domain",
      );
    }
  }

  const cluster = c.cluster;
  if (cluster) {
    // From 1.30, new EKS clusters no longer mark the legacy (unencrypted) gp2 class as default, so our
    // encrypted gp3 class is the only default. https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-extended.html
    if (Number(cluster.version.split(".")[1]) < MIN_KUBERNETES_MINOR) {
      at(
        ["cluster", "version"],
        cluster.version,
        `is older than 1.${MIN_KUBERNETES_MINOR} (older EKS clusters mark the unencrypted gp2 StorageClass as default)`,
      );
    }
    cluster.endpointPublicAccessCidrs.forEach((cidrValue, i) => {
      if (cidrValue.endsWith("/0")) {
        at(
          ["cluster", "endpointPublicAccessCidrs", i],
          cidrValue,
          "opens the API endpoint to the whole internet (list your own CIDRs)",
        );
      }
    });
    if (prod && cluster.endpointPublicAccessCidrs.length > 0) {
      at(
        ["cluster", "endpointPublicAccessCidrs"],
        cluster.endpointPublicAccessCidrs,
        "must be empty in prod (the API endpoint stays private)",
      );
    }
    checkScaling(["cluster", "systemNodePool"], cluster.systemNodePool, at);
  }

  const poolNames = new Set<string>();
  (c.gpuNodePools ?? []).forEach((pool, i) => {
    const path = ["gpuNodePools", i];
    if (poolNames.has(pool.name))
      at([...path, "name"], pool.name, "is used by another pool (expected unique names)");
    poolNames.add(pool.name);
    checkScaling(path, pool, at);
    const armAmi = pool.amiType.includes("ARM_64");
    pool.instanceTypes.forEach((t, j) => {
      const armType = ARM_GPU_FAMILIES.has(t.split(".")[0] ?? "");
      if (armAmi !== armType) {
        at(
          [...path, "instanceTypes", j],
          t,
          `does not match amiType ${pool.amiType} (${armType ? "ARM" : "x86_64"} instance, ${armAmi ? "ARM" : "x86_64"} AMI)`,
        );
      }
    });
    if (prod && pool.capacityType !== "ON_DEMAND") {
      at(
        [...path, "capacityType"],
        pool.capacityType,
        'must be "ON_DEMAND" in prod (spot capacity can be reclaimed mid-request)',
      );
    }
  });

  const nsNames = new Set<string>();
  (c.namespaces ?? []).forEach((ns, i) => {
    if (nsNames.has(ns.name))
      at(["namespaces", i, "name"], ns.name, "is used by another namespace (expected unique names)");
    nsNames.add(ns.name);
  });

  if (prod) {
    if (c.protect === false)
      at(["protect"], c.protect, "must be true in prod (stateful resources are protected from destroy)");
    if (c.logging && c.logging.retentionDays < 365)
      at(["logging", "retentionDays"], c.logging.retentionDays, "is below prod's minimum of 365 days");
    if (c.kms && c.kms.deletionWindowDays < 30)
      at(
        ["kms", "deletionWindowDays"],
        c.kms.deletionWindowDays,
        "must be 30 in prod (the longest recovery window)",
      );
  }
  return { problems, subnets: plan?.ok ? [...plan.subnets] : [] };
}

function checkScaling(
  path: Path,
  s: { minSize: number; maxSize: number; desiredSize: number },
  at: (path: Path, value: unknown, message: string) => void,
): void {
  if (s.minSize > s.maxSize) at([...path, "minSize"], s.minSize, `is greater than maxSize (${s.maxSize})`);
  else if (s.desiredSize < s.minSize || s.desiredSize > s.maxSize) {
    at([...path, "desiredSize"], s.desiredSize, `is outside minSize..maxSize (${s.minSize}..${s.maxSize})`);
  }
}

/** Parses a Pulumi config value the way `config.getObject` does, keeping plain strings as strings. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Validates the whole `rampart:` namespace from a flat Pulumi config map (`rampart:network` -> JSON text),
 * as `pulumi.runtime.allConfig()` returns it. Throws one ConfigError that lists every problem.
 */
export function parseConfig(all: Readonly<Record<string, string>>): LoadedConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith(`${NAMESPACE}:`)) raw[key.slice(NAMESPACE.length + 1)] = parseValue(value);
  }
  const region = all["aws:region"];
  const parsed = configSchema.safeParse(raw);
  const problems: string[] = [];
  if (!region) problems.push('aws:region: missing (expected the AWS region, e.g. "us-east-1")');
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...describeIssue(issue, raw));
    // Still apply the cross-field rules to every section that is valid on its own, so one run
    // reports every problem rather than one round of fixes per layer.
    const partial: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(configSchema.shape)) {
      const section = (schema as z.ZodType).safeParse(raw[key]);
      if (section.success && section.data !== undefined) partial[key] = section.data;
    }
    problems.push(...crossFieldProblems(partial, region).problems);
    throw new ConfigError(problems);
  }
  const cross = crossFieldProblems(parsed.data, region);
  problems.push(...cross.problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...parsed.data, region: region!, subnets: cross.subnets };
}
