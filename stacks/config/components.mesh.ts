import * as pulumi from "@pulumi/pulumi";
import type { PublicEdgeArgs } from "../../components/edge/publicEdge.args";
import { validatePublicEdgeArgs } from "../../components/edge/publicEdge.logic";
import type { MeshCaArgs, ServiceMeshArgs } from "../../components/mesh/serviceMesh.args";
import { validateServiceMeshArgs } from "../../components/mesh/serviceMesh.logic";
import { type ArgPath, type ArgProblem, formatPath, formatProblem } from "../../components/shared/problems";
import { DEFAULT_MODEL_PORT } from "../../components/shared/ports";
import type {
  InferenceEndpoint,
  MeshDependency,
  NamespaceMeshArgs,
} from "../../components/workloads/inferenceNamespace.mesh.args";
import { keyOf } from "./messages";
import {
  type EdgeConfig,
  type MeshConfig,
  NAMESPACE,
  type NamespaceConfig,
  type RampartConfig,
} from "./schema";
import { MESH_CA_KEY } from "./schema.mesh";

/**
 * The mesh and edge side of stacks/config/components.ts: from the parsed config to `ServiceMeshArgs`,
 * the config-decided fields of `PublicEdgeArgs` and each namespace's `NamespaceMeshArgs` (all but the
 * gateway identity, which is ServiceMesh's output), and the maps from a problem's Args path back to
 * the `rampart:` key the user wrote.
 */

/** The fields of `PublicEdgeArgs` the config decides (the rest are other components' outputs). */
export type EdgeConfigArgs = Pick<
  PublicEdgeArgs,
  "sslPolicy" | "waf" | "accessLogRetentionDays" | "namePrefix" | "deletionProtection" | "protect" | "tags"
> & { readonly certificateArn: string; readonly wafLogs: { readonly retentionDays: number } };

/** `NamespaceMeshArgs` without the gateway (ServiceMesh's output, not config). */
export type NamespaceMeshConfigArgs = Omit<NamespaceMeshArgs, "gateway">;

/** Reads the secret intermediate CA key; an Output secret, never a plain value. */
export type SecretReader = (key: string) => pulumi.Output<string>;
const requireSecret: SecretReader = (key) => new pulumi.Config(NAMESPACE).requireSecret(key);

/** A mesh section that exists and is enabled, with what an enabled mesh needs. */
export function enabledMesh(mesh: MeshConfig | undefined): mesh is MeshConfig {
  return mesh !== undefined && mesh.enabled;
}

export function enabledEdge(edge: EdgeConfig | undefined): edge is EdgeConfig {
  return edge !== undefined && edge.enabled;
}

function caArgs(ca: MeshConfig["ca"], secret: SecretReader): MeshCaArgs {
  if (ca.mode === "generated")
    return {
      mode: "generated",
      organization: ca.organization,
      rootValidityDays: ca.rootValidityDays,
      intermediateValidityDays: ca.intermediateValidityDays,
      renewBeforeDays: ca.renewBeforeDays,
    };
  return {
    mode: "provided",
    rootCertPem: ca.rootCertPem ?? "",
    intermediateCertPem: ca.intermediateCertPem ?? "",
    certChainPem: ca.certChainPem ?? "",
    intermediateKeyPem: secret(MESH_CA_KEY),
  };
}

/**
 * `ServiceMeshArgs` but the provider, for an enabled mesh whose version and gateway are set (the stack
 * rules refuse an enabled mesh without them). Istio's images come from the mirror when there is one.
 */
export function meshArgs(
  c: Pick<RampartConfig, "images"> & { readonly mesh: MeshConfig },
  secret: SecretReader = requireSecret,
): Omit<ServiceMeshArgs, "kubeProvider"> {
  const { mesh } = c;
  return {
    version: mesh.version ?? "",
    imageHub: c.images.mirror ? `${c.images.mirror}/istio` : undefined,
    ca: caArgs(mesh.ca, secret),
    mtls: mesh.mtls,
    outboundTrafficPolicy: mesh.outboundTrafficPolicy,
    proxyResources: mesh.proxyResources,
    proxyImage: mesh.proxyImage,
    jwt: mesh.jwt,
    gateway: mesh.gateway ?? { hosts: [] },
  };
}

/** Names of the edge's resources (load balancer, `aws-waf-logs-<prefix>`, bucket): the stack's. */
export function edgeNamePrefixOf(project: string, stack: string): string {
  return `${project}-${stack}`;
}

/** The edge's name prefixes the KeyRing's logs key admits (its WAF log group): none without an edge. */
export function edgeNamePrefixesOf(
  c: Pick<RampartConfig, "edge"> | Partial<RampartConfig>,
  project: string,
  stack: string,
): string[] {
  return enabledEdge(c.edge) ? [edgeNamePrefixOf(project, stack)] : [];
}

/** The fields of `PublicEdgeArgs` that come from config; the VPC, cluster and KeyRing give the rest. */
export function edgeArgs(
  c: Pick<RampartConfig, "logging" | "protect" | "tags"> & { readonly edge: EdgeConfig },
  project: string,
  stack: string,
): EdgeConfigArgs {
  return {
    certificateArn: c.edge.certificateArn ?? "",
    sslPolicy: c.edge.sslPolicy,
    waf: c.edge.waf,
    wafLogs: { retentionDays: c.logging.retentionDays },
    accessLogRetentionDays: c.edge.accessLogRetentionDays,
    namePrefix: edgeNamePrefixOf(project, stack),
    deletionProtection: c.edge.deletionProtection ?? c.protect,
    protect: c.protect,
    tags: c.tags,
  };
}

/**
 * A namespace's `NamespaceMeshArgs` but the gateway identity; the issuer and the Istio version (which
 * pins its rate-limit filter) are the mesh's. None without an enabled mesh (the stack rules refuse a
 * namespace `mesh` then).
 */
export function namespaceMeshArgs(
  ns: NamespaceConfig,
  mesh: MeshConfig | undefined,
): NamespaceMeshConfigArgs | undefined {
  if (!ns.mesh || !enabledMesh(mesh)) return undefined;
  const endpoints: InferenceEndpoint[] = ns.mesh.endpoints;
  const dependencies: MeshDependency[] = ns.mesh.dependencies;
  return { meshVersion: mesh.version ?? "", jwt: mesh.jwt, endpoints, dependencies };
}

/**
 * The ports the gateway reaches model servers on (`SegmentedVpcArgs.meshServicePorts`): the distinct
 * endpoint ports of every namespace, with where each was first written; none without an endpoint
 * (the VPC's default applies).
 */
export function meshServicePortsOf(namespaces: readonly NamespaceConfig[]): {
  ports: number[] | undefined;
  origins: ArgPath[];
} {
  const ports: number[] = [];
  const origins: ArgPath[] = [];
  namespaces.forEach((ns, i) =>
    (ns.mesh?.endpoints ?? []).forEach((e, j) => {
      const port = e.port ?? DEFAULT_MODEL_PORT;
      if (ports.includes(port)) return;
      ports.push(port);
      origins.push(["namespaces", i, "mesh", "endpoints", j, "port"]);
    }),
  );
  return { ports: ports.length > 0 ? ports : undefined, origins };
}

/** Where an Args path comes from in the config: a `rampart:` path, or another key. */
export type KeyMap = (path: ArgPath) => ArgPath | string;

function starts(path: ArgPath, prefix: ArgPath): boolean {
  return prefix.every((p, i) => path[i] === p);
}

export const MESH_KEYS: KeyMap = (path) => {
  if (path[0] === "imageHub") return ["images", "mirror"];
  if (starts(path, ["ca", "intermediateKeyPem"])) return `${NAMESPACE}:${MESH_CA_KEY}`;
  if (path[0] === "tolerateTaints" || path[0] === "kubeProvider")
    return `ServiceMesh ${formatPath(path)} (set by the stack)`;
  return ["mesh", ...path];
};

export const EDGE_KEYS: KeyMap = (path) => {
  if (starts(path, ["wafLogs", "retentionDays"])) return ["logging", "retentionDays"];
  if (path[0] === "namePrefix") return "the Pulumi stack name";
  if (path[0] === "protect") return ["protect"];
  if (path[0] === "tags") return ["tags", ...path.slice(1)];
  if (
    ["certificateArn", "sslPolicy", "waf", "accessLogRetentionDays", "deletionProtection"].includes(
      String(path[0]),
    )
  )
    return ["edge", ...path];
  return `PublicEdge ${formatPath(path)} (set by the stack)`;
};

/** A namespace's `mesh.*` paths: the issuer is the mesh's, the gateway and scraper the stack's. */
export function namespaceMeshKey(i: number, path: ArgPath): ArgPath | string {
  if (starts(path, ["mesh", "jwt"])) return ["mesh", ...path.slice(1)];
  if (starts(path, ["mesh", "meshVersion"])) return ["mesh", "version"];
  if (starts(path, ["mesh", "gateway"]) || starts(path, ["mesh", "scraper"]))
    return `InferenceNamespace ${formatPath(path)} (set by the stack from ServiceMesh)`;
  if (starts(path, ["mesh", "controlPlaneNamespace"]))
    return `InferenceNamespace ${formatPath(path)} (set by the stack)`;
  return ["namespaces", i, ...path];
}

export function mapLines(problems: readonly ArgProblem[], map: KeyMap): string[] {
  return problems.map((p) => {
    const key = map(p.path);
    return formatProblem(p, typeof key === "string" ? key : keyOf(key));
  });
}

/**
 * The mesh and edge components' value checks on the Args the stack would give them, as config lines.
 * An enabled mesh without a version or gateway, or an edge without a certificate, is the stack rules'
 * to report (one "missing" line), so those Args are not checked for them.
 */
export function meshComponentProblems(c: Partial<RampartConfig>, project: string, stack: string): string[] {
  const out: string[] = [];
  const { mesh, edge } = c;
  if (enabledMesh(mesh) && c.images) {
    const args = meshArgs({ images: c.images, mesh }, () => pulumi.secret(""));
    const problems = validateServiceMeshArgs(args).filter(
      (p) =>
        !(mesh.version === undefined && p.path[0] === "version") &&
        !(mesh.gateway === undefined && p.path[0] === "gateway") &&
        !(p.path[0] === "ca" && (mesh.ca as Record<string, unknown>)[String(p.path[1])] === undefined),
    );
    out.push(...mapLines(problems, MESH_KEYS));
  }
  if (enabledEdge(edge) && c.logging) {
    const args = edgeArgs(
      { edge, logging: c.logging, protect: c.protect ?? true, tags: c.tags ?? {} },
      project,
      stack,
    );
    // The Auto Scaling groups are the cluster's output: one stands in, so only config values are judged.
    const shape = { ...args, targetAutoScalingGroupNames: ["(the system node group's)"] };
    const problems = validatePublicEdgeArgs(shape).filter(
      (p) => !(edge.certificateArn === undefined && p.path[0] === "certificateArn"),
    );
    out.push(...mapLines(problems, EDGE_KEYS));
  }
  return out;
}
