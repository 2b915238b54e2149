import { type ArgPath, type ArgProblem, Problems } from "../shared/problems";
import { dnsLabelProblem } from "../shared/rules";
import type { NamespaceMeshArgs } from "./inferenceNamespace.mesh.args";
import {
  inClusterNamespace,
  ISTIO_PORTS,
  resolveDependency,
  resolveEndpoint,
  NAMESPACE_MESH_DEFAULTS,
} from "./inferenceNamespace.mesh.defaults";

/** What the mesh's validation needs to know about the rest of the namespace's Args. */
export interface MeshContext {
  readonly namespace: string;
  /** Whether pods may open HTTPS connections outside the VPC (external dependencies need it). */
  readonly outsideHttps: boolean;
}

const HOST = /^(\*\.)?(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const EXACT_HOST = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

function httpsUrlProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "is not an https URL";
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "" && !url.username && !url.password
      ? undefined
      : 'is not an https URL (expected e.g. "https://login.example.com/")';
  } catch {
    return 'is not an https URL (expected e.g. "https://login.example.com/")';
  }
}

function tcpPortProblem(port: unknown): string | undefined {
  return typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535
    ? undefined
    : "is not a TCP port (expected a whole number from 1 to 65535)";
}

/** A TCP port an application may listen on under Istio (its agents own 15000-15090). */
function appPortProblem(port: unknown): string | undefined {
  const bad = tcpPortProblem(port);
  if (bad || typeof port !== "number") return bad;
  if (port >= ISTIO_PORTS.reservedFrom && port <= ISTIO_PORTS.reservedTo)
    return "is in 15000-15090, which Istio's sidecar uses (choose another port)";
  return undefined;
}

function countProblem(value: unknown, max: number): string | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= max
    ? undefined
    : `is out of range (expected a whole number from 1 to ${max})`;
}

/** Every problem with `mesh`, each addressed under `mesh`. Empty means valid. */
export function validateNamespaceMeshArgs(mesh: NamespaceMeshArgs, ctx: MeshContext): ArgProblem[] {
  const found = new Problems();
  const at = (path: ArgPath, value: unknown, message: string) => found.at(["mesh", ...path], value, message);
  const label = (path: ArgPath, value: unknown) => {
    const bad = dnsLabelProblem(value);
    if (bad) at(path, value, bad);
  };

  if (typeof mesh.meshVersion !== "string" || !/^\d+\.\d+\.\d+$/.test(mesh.meshVersion))
    at(["meshVersion"], mesh.meshVersion, 'is not a pinned Istio version (expected "X.Y.Z", e.g. "1.30.5")');

  label(["gateway", "namespace"], mesh.gateway.namespace);
  label(["gateway", "serviceAccount"], mesh.gateway.serviceAccount);
  const ref = mesh.gateway.gatewayRef.split("/");
  if (ref.length !== 2 || ref.some((p) => dnsLabelProblem(p)))
    at(
      ["gateway", "gatewayRef"],
      mesh.gateway.gatewayRef,
      'is not an Istio Gateway reference (expected "<namespace>/<name>")',
    );
  const scraper = mesh.scraper ?? NAMESPACE_MESH_DEFAULTS.scraper;
  label(["scraper", "namespace"], scraper.namespace);
  label(["scraper", "serviceAccount"], scraper.serviceAccount);
  if (scraper.namespace === mesh.gateway.namespace && scraper.serviceAccount === mesh.gateway.serviceAccount)
    at(["scraper"], scraper, "is the gateway's identity (the scraper must have its own service account)");
  const controlPlane = mesh.controlPlaneNamespace ?? NAMESPACE_MESH_DEFAULTS.controlPlaneNamespace;
  label(["controlPlaneNamespace"], controlPlane);
  for (const [path, ns] of [
    [["gateway", "namespace"], mesh.gateway.namespace],
    [["controlPlaneNamespace"], controlPlane],
  ] as const) {
    if (ns === ctx.namespace)
      at(path, ns, "is the inference namespace itself (the mesh runs in namespaces of its own)");
  }

  if (mesh.jwt) {
    const bad = (path: ArgPath, value: unknown) => {
      const problem = httpsUrlProblem(value);
      if (problem) at(["jwt", ...path], value, problem);
    };
    bad(["issuer"], mesh.jwt.issuer);
    bad(["jwksUri"], mesh.jwt.jwksUri);
    if (mesh.jwt.audiences.length === 0)
      at(["jwt", "audiences"], [], "is empty (expected the audiences the inference API accepts)");
    mesh.jwt.audiences.forEach((a, i) => {
      if (typeof a !== "string" || a.trim() === "") at(["jwt", "audiences", i], a, "is empty");
    });
  }

  if (mesh.endpoints.length === 0)
    at(["endpoints"], [], "is empty (expected at least one inference endpoint)");
  const names = new Set<string>();
  const routes = new Map<string, number>();
  mesh.endpoints.forEach((raw, i) => {
    const e = resolveEndpoint(raw);
    const ep = (field: string, value: unknown, message: string) =>
      at(["endpoints", i, field], value, message);
    const bad = dnsLabelProblem(e.name);
    if (bad) ep("name", e.name, bad);
    else if (names.has(e.name)) ep("name", e.name, "is listed twice (expected each endpoint once)");
    names.add(e.name);
    for (const field of ["port", "metricsPort"] as const) {
      const problem = appPortProblem(e[field]);
      // metricsPort defaults to port: its problem is reported once, at port.
      if (problem && (field === "port" || raw.metricsPort !== undefined)) ep(field, e[field], problem);
    }
    if (e.hosts.length === 0) ep("hosts", [], "is empty (expected the public host names routed to it)");
    const prefix = e.pathPrefix;
    const prefixOk = typeof prefix === "string" && /^\/([A-Za-z0-9._~-]+\/)*$/.test(prefix);
    if (!prefixOk)
      ep(
        "pathPrefix",
        prefix,
        'is not a path prefix (expected "/" and segments each ending in "/", e.g. "/v1/")',
      );
    else if (e.metricsPort === e.port && "/metrics".startsWith(prefix))
      ep(
        "pathPrefix",
        prefix,
        "would let the gateway read /metrics on the API port (expected a narrower prefix, or a separate metricsPort)",
      );
    e.hosts.forEach((h, j) => {
      if (typeof h !== "string" || !HOST.test(h))
        at(["endpoints", i, "hosts", j], h, 'is not a host name (expected e.g. "api.example.com")');
      const key = `${h} ${prefix}`;
      const other = routes.get(key);
      if (other !== undefined && other !== i)
        at(
          ["endpoints", i, "hosts", j],
          h,
          `is routed with the same pathPrefix by endpoints[${other}] (expected each host and prefix once)`,
        );
      routes.set(key, i);
    });
    const problem = countProblem(e.timeoutSeconds, 3600);
    if (problem) ep("timeoutSeconds", e.timeoutSeconds, problem);
    for (const field of ["requestsPerSecondPerPod", "maxConcurrentRequests", "consecutiveErrors"] as const) {
      const p = countProblem(e[field], 100000);
      if (p) ep(field, e[field], p);
    }
  });

  const deps = new Set<string>();
  (mesh.dependencies ?? []).forEach((raw, i) => {
    const d = resolveDependency(raw);
    const dp = (field: string, value: unknown, message: string) =>
      at(["dependencies", i, field], value, message);
    const bad = dnsLabelProblem(d.name);
    if (bad) dp("name", d.name, bad);
    else if (deps.has(d.name)) dp("name", d.name, "is listed twice (expected each dependency once)");
    deps.add(d.name);
    if (d.external) {
      if (typeof d.host !== "string" || !EXACT_HOST.test(d.host) || d.host.endsWith(".cluster.local"))
        dp("host", d.host, 'is not a public host name (expected e.g. "api.vendor.com", no wildcard)');
      if (!ctx.outsideHttps)
        dp("external", true, "needs egress outside the VPC (set outsideHttps), or pods cannot reach it");
    } else if (inClusterNamespace(d.host) === undefined) {
      dp(
        "host",
        d.host,
        'is not an in-cluster Service host (expected "<service>.<namespace>.svc.cluster.local")',
      );
    }
    if (raw.port === undefined && !d.external)
      dp("port", undefined, "(expected the port its pods listen on: an in-cluster dependency needs one)");
    else {
      // A remote server's port is its own business; a meshed pod's must stay clear of Istio's.
      const problem = d.external ? tcpPortProblem(d.port) : appPortProblem(d.port);
      if (problem) dp("port", d.port, problem);
    }
    for (const field of ["maxConnections", "consecutiveErrors"] as const) {
      const p = countProblem(d[field], 100000);
      if (p) dp(field, d[field], p);
    }
  });
  return found.list;
}
