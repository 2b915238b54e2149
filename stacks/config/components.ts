import { validateGpuNodePoolArgs } from "../../components/compute/gpuNodePool.logic";
import {
  defaultClusterName,
  validateHardenedClusterArgs,
} from "../../components/compute/hardenedCluster.logic";
import { planSegmentedVpc } from "../../components/network/segmentedVpc.logic";
import { type Tier, tierCidrs } from "../../components/network/subnetPlan";
import { KEY_RING_DEFAULTS, validateKeyRingArgs } from "../../components/security/keyRing.logic";
import { validateInferenceNamespaceArgs } from "../../components/workloads/inferenceNamespace.logic";
import { type ArgPath, formatPath } from "../../components/shared/problems";
import { MESH_GATEWAY_IDENTITY } from "../../components/mesh/serviceMesh.logic";
import { identityComponentProblems } from "./components.identityProblems";
import { siemComponentProblems } from "./components.siemProblems";
import { supplyChainComponentProblems } from "./components.supplychainProblems";
import {
  edgeNamePrefixesOf,
  type KeyMap,
  mapLines,
  meshComponentProblems,
  meshServicePortsOf,
  namespaceMeshArgs,
  namespaceMeshKey,
} from "./components.mesh";
import type { GpuNodePoolConfig, MeshConfig, NamespaceConfig, RampartConfig } from "./schema";

/**
 * From the parsed config to each component's plain Args, and back: the stack program builds its
 * components from these functions, and config validation runs the components' own validators on the
 * same Args, naming each problem by the `rampart:` key it comes from. So a rule is written once, in the
 * component, and the user still sees the key they wrote.
 */

/** Every log group we create is named under this prefix; the logs key admits exactly these groups. */
export function logGroupPrefix(stack: string): string {
  return `/rampart/${stack}/`;
}

/** The EKS cluster's name: HardenedCluster's default, fixed so its log group can exist first. */
export const clusterNameOf = defaultClusterName;

/**
 * The logs key admits our own log groups only: the stack's prefix and this cluster's control-plane
 * group (not every `/aws/eks/` group of the account), and the edge's WAF log group when there is an
 * edge (`edgeNamePrefixes`: `[edgeNamePrefixOf(project, stack)]`; WAF imposes `aws-waf-logs-<prefix>`).
 */
export function keyRingArgs(
  c: Pick<RampartConfig, "kms" | "protect" | "tags">,
  stack: string,
  clusterName: string,
  edgeNamePrefixes: readonly string[] = [],
) {
  return {
    stack,
    rotationPeriodDays: c.kms.rotationPeriodDays,
    deletionWindowDays: c.kms.deletionWindowDays,
    protect: c.protect,
    logGroupPrefixes: [logGroupPrefix(stack), `/aws/eks/${clusterName}/`],
    edgeNamePrefixes,
    tags: c.tags,
  };
}

/** The VPC's Args; `meshServicePorts` are the namespaces' endpoint ports (the gateway reaches them). */
export function networkArgs(
  c: Pick<RampartConfig, "network" | "logging" | "protect" | "tags"> &
    Partial<Pick<RampartConfig, "namespaces">>,
) {
  return {
    cidr: c.network.cidr,
    availabilityZones: c.network.availabilityZones,
    tiers: c.network.tiers,
    secondaryCidrs: c.network.secondaryCidrs,
    egress: c.network.egress,
    interfaceEndpoints: c.network.interfaceEndpoints,
    operatorNetworks: c.network.operatorNetworks,
    meshServicePorts: meshServicePortsOf(c.namespaces ?? []).ports,
    flowLogRetentionDays: c.logging.retentionDays,
    protect: c.protect,
    tags: c.tags,
  };
}

export function clusterArgs(
  c: Pick<
    RampartConfig,
    | "cluster"
    | "logging"
    | "protect"
    | "tags"
    | "gpuNodePools"
    | "nvidiaDevicePlugin"
    | "dcgmExporter"
    | "images"
  >,
  region: string,
  clusterName: string,
) {
  return {
    version: c.cluster.version,
    clusterName,
    region,
    deployerRoleArn: c.cluster.deployerRoleArn,
    endpointPublicAccessCidrs: c.cluster.endpointPublicAccessCidrs,
    addons: c.cluster.addons,
    systemNodePool: c.cluster.systemNodePool,
    controlPlaneLogs: { retentionDays: c.logging.retentionDays },
    gpu:
      c.gpuNodePools.length > 0
        ? {
            nvidiaDevicePluginVersion: c.nvidiaDevicePlugin.version,
            dcgmExporterVersion: c.dcgmExporter.version,
            dcgmExporterImageTag: c.dcgmExporter.imageTag,
            imageMirror: c.images.mirror,
          }
        : undefined,
    deletionProtection: c.protect,
    tags: c.tags,
  };
}

export function gpuPoolArgs(pool: GpuNodePoolConfig, tags: Readonly<Record<string, string>>) {
  return { pool, tags };
}

/**
 * The namespace's Args; `mesh` lacks its `gateway`, ServiceMesh's output, which the stack adds. The
 * issuer and the Istio version are `rampart:mesh`'s (pass the section when the mesh is enabled).
 */
export function namespaceArgs(
  ns: NamespaceConfig,
  kubernetesVersion: string,
  cidrsByTier: Readonly<Partial<Record<Tier, readonly string[]>>>,
  vpcCidrs: readonly string[],
  mesh?: MeshConfig,
) {
  return {
    outsideHttps: ns.egressOutsideVpc ? { vpcCidrs } : undefined,
    namespace: ns.name,
    quota: ns.quota,
    defaults: ns.defaults,
    serviceAccounts: ns.serviceAccounts,
    egress: ns.egressToTiers.map((tier) => ({ name: tier, cidrs: cidrsByTier[tier] ?? [] })),
    podSecurityVersion: `v${kubernetesVersion}`,
    mesh: namespaceMeshArgs(ns, mesh),
  };
}

/** Every CIDR of the VPC. */
export function vpcCidrsOf(network: RampartConfig["network"]): string[] {
  return [network.cidr, ...network.secondaryCidrs];
}

function starts(path: ArgPath, prefix: ArgPath): boolean {
  return prefix.every((p, i) => path[i] === p);
}

const CLUSTER_KEYS: KeyMap = (path) => {
  if (path[0] === "region") return "aws:region";
  if (starts(path, ["controlPlaneLogs", "retentionDays"])) return ["logging", "retentionDays"];
  if (starts(path, ["gpu", "nvidiaDevicePluginVersion"])) return ["nvidiaDevicePlugin", "version"];
  if (starts(path, ["gpu", "dcgmExporterVersion"])) return ["dcgmExporter", "version"];
  if (starts(path, ["gpu", "dcgmExporterImageTag"])) return ["dcgmExporter", "imageTag"];
  if (starts(path, ["gpu", "imageMirror"])) return ["images", "mirror"];
  if (path[0] === "deletionProtection") return ["protect"];
  if (path[0] === "tags") return ["tags", ...path.slice(1)];
  return ["cluster", ...path];
};
/** `meshServicePorts[k]` comes from the endpoint port at `origins[k]`. */
const networkKeys =
  (origins: readonly ArgPath[]): KeyMap =>
  (path) => {
    if (path[0] === "meshServicePorts")
      return typeof path[1] === "number" && origins[path[1]]
        ? origins[path[1]]!
        : "rampart:namespaces[].mesh.endpoints[].port";
    return NETWORK_KEYS(path);
  };
const NETWORK_KEYS: KeyMap = (path) => {
  if (path[0] === "flowLogRetentionDays") return ["logging", "retentionDays"];
  if (path[0] === "protect") return ["protect"];
  if (path[0] === "tags") return ["tags", ...path.slice(1)];
  return ["network", ...path];
};
const KEY_RING_KEYS: KeyMap = (path) => {
  if (path[0] === "rotationPeriodDays" || path[0] === "deletionWindowDays") return ["kms", ...path];
  if (path[0] === "stack" || path[0] === "edgeNamePrefixes") return "the Pulumi stack name";
  if (path[0] === "tags") return ["tags", ...path.slice(1)];
  return `KeyRing ${formatPath(path)} (set by the stack)`;
};
const gpuPoolKeys =
  (i: number): KeyMap =>
  (path) =>
    path[0] === "pool"
      ? ["gpuNodePools", i, ...path.slice(1)]
      : path[0] === "tags"
        ? ["tags", ...path.slice(1)]
        : `GpuNodePool ${formatPath(path)}`;
const namespaceKeys =
  (i: number): KeyMap =>
  (path) => {
    if (path[0] === "namespace") return ["namespaces", i, "name"];
    if (path[0] === "egress") return ["namespaces", i, "egressToTiers", ...path.slice(1, 2)];
    if (path[0] === "podSecurityVersion") return ["cluster", "version"];
    if (path[0] === "outsideHttps") return ["network", "cidr"];
    if (path[0] === "mesh") return namespaceMeshKey(i, path);
    return ["namespaces", i, ...path];
  };

const lines = mapLines;

/**
 * A namespace's mesh problems that another line already reports: the issuer and the Istio version are
 * `rampart:mesh`'s (ServiceMesh's validator reports them once, not once per namespace), the gateway,
 * scraper and control-plane namespace are the stack's, and an external dependency without egress
 * outside the VPC is the stack rules' line, which names `egressOutsideVpc`, the key to change.
 */
const NOT_THE_NAMESPACES: readonly ((path: ArgPath) => boolean)[] = [
  (p) => ["jwt", "meshVersion", "gateway", "scraper", "controlPlaneNamespace"].includes(String(p[0])),
  (p) => p[0] === "dependencies" && p.at(-1) === "external",
];

/** The sections of the config that parsed; a component is validated when all it reads is there. */
export type ParsedSections = Partial<RampartConfig>;

/**
 * Runs every component's validator on the Args the stack would give it, as config lines. Returns the
 * tier CIDRs of the planned VPC too (namespaces' egress rules name them).
 */
export function componentProblems(
  c: ParsedSections,
  region: string | undefined,
  stack: string,
  project: string,
): { problems: string[]; tierCidrs: Partial<Record<Tier, string[]>> } {
  const out: string[] = [];
  let cidrs: Partial<Record<Tier, string[]>> = {};
  const { kms, protect, tags, network, logging, cluster } = c;
  // Sections that did not parse are reported by the schema; the components see their defaults.
  const common = { protect: protect ?? KEY_RING_DEFAULTS.protect, tags: tags ?? {} };
  const clusterName = clusterNameOf(project, stack);
  if (kms)
    out.push(
      ...lines(
        validateKeyRingArgs(
          keyRingArgs({ ...common, kms }, stack, clusterName, edgeNamePrefixesOf(c, project, stack)),
        ),
        KEY_RING_KEYS,
      ),
    );
  if (network && logging) {
    const namespaces = c.namespaces ?? [];
    const plan = planSegmentedVpc(networkArgs({ ...common, network, logging, namespaces }));
    out.push(...lines(plan.problems, networkKeys(meshServicePortsOf(namespaces).origins)));
    cidrs = tierCidrs(plan.subnets);
  }
  if (cluster && logging && c.gpuNodePools && c.nvidiaDevicePlugin && c.dcgmExporter && c.images) {
    const args = clusterArgs(
      {
        ...common,
        cluster,
        logging,
        gpuNodePools: c.gpuNodePools,
        nvidiaDevicePlugin: c.nvidiaDevicePlugin,
        dcgmExporter: c.dcgmExporter,
        images: c.images,
      },
      region ?? "",
      clusterName,
    );
    // A missing aws:region is reported once, by the loader.
    const problems = validateHardenedClusterArgs(args).filter(
      (p) => region !== undefined || p.path[0] !== "region",
    );
    out.push(...lines(problems, CLUSTER_KEYS));
  }
  (c.gpuNodePools ?? []).forEach((pool, i) =>
    out.push(...lines(validateGpuNodePoolArgs(gpuPoolArgs(pool, common.tags)), gpuPoolKeys(i))),
  );
  if (cluster) {
    const planned = network && logging && Object.keys(cidrs).length > 0;
    (c.namespaces ?? []).forEach((ns, i) => {
      const args = namespaceArgs(ns, cluster.version, cidrs, network ? vpcCidrsOf(network) : [], c.mesh);
      // Egress rules are checked only against a VPC that planned: otherwise every rule would be "empty".
      const checked = planned ? args : { ...args, egress: [], outsideHttps: undefined };
      const mesh = checked.mesh && { ...checked.mesh, gateway: MESH_GATEWAY_IDENTITY };
      const problems = validateInferenceNamespaceArgs({ ...checked, mesh }).filter(
        (p) => p.path[0] !== "mesh" || !NOT_THE_NAMESPACES.some((skip) => skip(p.path.slice(1))),
      );
      out.push(...lines(problems, namespaceKeys(i)));
    });
  }
  out.push(...meshComponentProblems(c, project, stack));
  out.push(...siemComponentProblems(c, project, stack));
  out.push(...identityComponentProblems(c, project, stack));
  out.push(...supplyChainComponentProblems(c, region, project, stack));
  return { problems: [...new Set(out)], tierCidrs: cidrs };
}
