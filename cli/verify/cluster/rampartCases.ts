/**
 * The cluster cases for Rampart's own stacks, derived from the export: for every inference namespace
 * with mesh objects and every endpoint the gateway routes to, who must reach the model server and who
 * must not (issue #12). Endpoints come from the VirtualServices (destination host, port and path
 * prefix), else from the ALLOW policies naming the gateway; the gateway's identity from its Helm
 * release, else the design's `istio-ingress/istio-ingress`.
 */
import { MONITORING_POD_LABELS } from "../../../components/observability/securityMonitoring.logic";
import { MESH_GATEWAY_IDENTITY, MESH_NAMES } from "../../../components/mesh/serviceMesh.logic";
import { DEFAULT_MODEL_PORT } from "../../../components/shared/ports";
import { NAMESPACE_MESH_DEFAULTS } from "../../../components/workloads/inferenceNamespace.mesh.defaults";
import {
  KYVERNO_ADMISSION_POD_LABELS,
  KYVERNO_NAMES,
} from "../../../components/supplychain/supplyChain.admission.logic";
import { isKyvernoChart, kyvernoWebhookPort } from "../images/kyverno";
import { parseCidr } from "../network/ip";
import { isObject, objs, props, str, type Props } from "../network/props";
import type { ExportResource } from "../network/types";
import { desired } from "../images/workloads";
import { buildClusterModel, selects, type ClusterModel, type KObject } from "./model";
import { principalOf } from "./peerAuthentication";
import { quarantineCases } from "./quarantineCases";
import type { ClusterCase } from "./types";

const CITE = {
  authz: "https://istio.io/latest/docs/reference/config/security/authorization-policy/",
  jwt: "https://istio.io/latest/docs/tasks/security/authorization/authz-jwt/",
  mtls: "https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/",
  netpol: "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
  metrics: "https://istio.io/latest/docs/ops/integrations/prometheus/",
  ports: "https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio",
  issue: "issue #12 (nothing reaches the model server but the gateway, and the scraper on its metrics port)",
} as const;

/** The design's gateway and scraper identities and API prefix: ServiceMesh's and the namespace's defaults. */
const DEFAULT_GATEWAY = {
  namespace: MESH_GATEWAY_IDENTITY.namespace,
  serviceAccount: MESH_GATEWAY_IDENTITY.serviceAccount,
};
const DEFAULT_SCRAPER = NAMESPACE_MESH_DEFAULTS.scraper;
const DEFAULT_PATH_PREFIX = NAMESPACE_MESH_DEFAULTS.endpoint.pathPrefix;

export interface MeshEndpoint {
  readonly namespace: string;
  readonly name: string;
  readonly port: number;
  readonly metricsPort: number;
  readonly pathPrefix: string;
  readonly host?: string;
}

/** The gateway chart's release: its namespace and service account (`serviceAccount.name`, else the release name). */
export function gatewayIdentity(resources: readonly ExportResource[]): {
  namespace: string;
  serviceAccount: string;
} {
  for (const r of resources) {
    if (!/^kubernetes:helm\.sh\/v[34]:(Release|Chart)$/.test(r.type)) continue;
    const i = desired(r);
    if (str(i.chart) !== "gateway") continue;
    const values = isObject(i.values) ? i.values : {};
    const sa = isObject(values.serviceAccount) ? str(values.serviceAccount.name) : undefined;
    const ns = str(i.namespace);
    if (ns) return { namespace: ns, serviceAccount: sa ?? str(i.name) ?? DEFAULT_GATEWAY.serviceAccount };
  }
  return DEFAULT_GATEWAY;
}

/** `llm`, `llm.ns`, `llm.ns.svc`, `llm.ns.svc.cluster.local` -> service and namespace. */
function serviceOf(host: string, vsNamespace: string): { name: string; namespace: string } | undefined {
  const parts = host.split(".");
  if (parts.length === 1) return { name: parts[0]!, namespace: vsNamespace };
  if (parts.length === 2 || (parts[2] === "svc" && parts.length <= 5))
    return { name: parts[0]!, namespace: parts[1]! };
  return undefined; // an external host (ServiceEntry)
}

function fromVirtualServices(model: ClusterModel): Omit<MeshEndpoint, "metricsPort">[] {
  const out: Omit<MeshEndpoint, "metricsPort">[] = [];
  for (const vs of model.virtualServices) {
    const host = Array.isArray(vs.spec.hosts) ? str(vs.spec.hosts[0]) : undefined;
    for (const http of objs(vs.spec.http)) {
      const prefix = objs(http.match)
        .map((m) => (isObject(m.uri) ? str(m.uri.prefix) : undefined))
        .find((p) => p !== undefined);
      for (const route of objs(http.route)) {
        const d = isObject(route.destination) ? route.destination : {};
        const svc = str(d.host) ? serviceOf(str(d.host)!, vs.namespace) : undefined;
        if (!svc) continue;
        const port =
          isObject(d.port) && typeof d.port.number === "number" ? d.port.number : DEFAULT_MODEL_PORT;
        out.push({ ...svc, port, pathPrefix: prefix ?? DEFAULT_PATH_PREFIX, ...(host ? { host } : {}) });
      }
    }
  }
  return out;
}

const rulesOf = (p: KObject): Props[] => objs(p.spec.rules);
const sourcesOf = (rule: Props): Props[] => objs(rule.from).map((f) => (isObject(f.source) ? f.source : {}));
const operationsOf = (rule: Props): Props[] =>
  objs(rule.to).map((t) => (isObject(t.operation) ? t.operation : {}));
const namesPrincipal = (rule: Props, principal: string) =>
  sourcesOf(rule).some((s) => Array.isArray(s.principals) && s.principals.includes(principal));
const firstPort = (rule: Props) =>
  operationsOf(rule)
    .flatMap((o): unknown[] => (Array.isArray(o.ports) ? o.ports : []))
    .map((p) => Number(p))
    .find((n) => Number.isInteger(n));

/** Without VirtualServices: the ALLOW rules naming the gateway, selecting `app: <name>`. */
function fromAllowPolicies(model: ClusterModel, gateway: string): Omit<MeshEndpoint, "metricsPort">[] {
  const out: Omit<MeshEndpoint, "metricsPort">[] = [];
  for (const p of model.authorizationPolicies) {
    const sel =
      isObject(p.spec.selector) && isObject(p.spec.selector.matchLabels) ? p.spec.selector.matchLabels : {};
    const app = str(sel.app);
    if (!app || (p.spec.action ?? "ALLOW") !== "ALLOW") continue;
    for (const rule of rulesOf(p).filter((r) => namesPrincipal(r, gateway))) {
      const path = operationsOf(rule)
        .flatMap((o): unknown[] => (Array.isArray(o.paths) ? o.paths : []))
        .map(String)
        .find((x) => x.endsWith("*"));
      out.push({
        namespace: p.namespace,
        name: app,
        port: firstPort(rule) ?? DEFAULT_MODEL_PORT,
        pathPrefix: path ? path.slice(0, -1) : DEFAULT_PATH_PREFIX,
      });
    }
  }
  return out;
}

/** The mesh endpoints of every namespace that has AuthorizationPolicies (the root and gateway namespaces aside). */
export function meshEndpoints(
  resources: readonly ExportResource[],
  model = buildClusterModel(resources),
): MeshEndpoint[] {
  const gw = gatewayIdentity(resources);
  const meshNamespaces = new Set(
    model.authorizationPolicies
      .map((p) => p.namespace)
      .filter((ns) => ns !== model.rootNamespace && ns !== gw.namespace),
  );
  const vs = fromVirtualServices(model).filter((e) => meshNamespaces.has(e.namespace));
  const found = vs.length > 0 ? vs : fromAllowPolicies(model, principalOf(gw.namespace, gw.serviceAccount));
  const scraper = principalOf(DEFAULT_SCRAPER.namespace, DEFAULT_SCRAPER.serviceAccount);
  const seen = new Set<string>();
  const out: MeshEndpoint[] = [];
  for (const e of found) {
    const key = `${e.namespace}/${e.name}:${e.port}`;
    if (seen.has(key) || !meshNamespaces.has(e.namespace)) continue;
    seen.add(key);
    const scrape = model.authorizationPolicies
      .filter((p) => p.namespace === e.namespace && selects(p.spec.selector, { app: e.name }) === true)
      .flatMap(rulesOf)
      .filter((r) => namesPrincipal(r, scraper))
      .map(firstPort)
      .find((n) => n !== undefined);
    out.push({ ...e, metricsPort: scrape ?? e.port });
  }
  return out;
}

/** Whether a RequestAuthentication covers the namespace (its own, or the root namespace's). */
function jwtRequired(model: ClusterModel, ns: string): boolean {
  return model.requestAuthentications.some((r) => r.namespace === ns || r.namespace === model.rootNamespace);
}

export function rampartClusterCases(resources: readonly ExportResource[]): ClusterCase[] {
  const model = buildClusterModel(resources);
  const gw = gatewayIdentity(resources);
  const gateway = {
    namespace: gw.namespace,
    serviceAccount: gw.serviceAccount,
    labels: MESH_NAMES.gatewaySelector,
  };
  // The Prometheus pods SecurityMonitoring deploys (the operator labels them).
  const scraper = { ...DEFAULT_SCRAPER, labels: { ...MONITORING_POD_LABELS.prometheus } };
  const cases: ClusterCase[] = [];
  for (const e of meshEndpoints(resources, model)) {
    const id = `${e.namespace}-${e.name}`;
    const api = {
      namespace: e.namespace,
      labels: { app: e.name },
      port: e.port,
      method: "POST",
      path: `${e.pathPrefix}chat/completions`,
      ...(e.host ? { host: e.host } : {}),
    };
    const metrics = {
      namespace: e.namespace,
      labels: { app: e.name },
      port: e.metricsPort,
      method: "GET",
      path: "/metrics",
    };
    const add = (c: ClusterCase) => cases.push(c);
    const where = `${e.namespace}/${e.name} ${e.pathPrefix} on ${e.port}`;
    if (jwtRequired(model, e.namespace)) {
      add({
        id: `${id}-gateway-with-jwt`,
        description: `the gateway with a valid token reaches ${where}`,
        from: { ...gateway, jwt: true },
        to: api,
        expect: "allow",
        cite: CITE.jwt,
      });
      add({
        id: `${id}-gateway-without-jwt`,
        description: `the gateway without a token is refused by ${where}`,
        from: gateway,
        to: api,
        expect: "deny",
        cite: CITE.jwt,
      });
    } else {
      add({
        id: `${id}-gateway`,
        description: `the gateway reaches ${where} (no RequestAuthentication: unauthenticated API)`,
        from: gateway,
        to: api,
        expect: "allow",
        cite: CITE.authz,
      });
    }
    add({
      id: `${id}-scraper-metrics`,
      description: `the metrics scraper reads GET /metrics on ${e.metricsPort}`,
      from: scraper,
      to: metrics,
      expect: "allow",
      cite: CITE.metrics,
    });
    add({
      id: `${id}-scraper-inference`,
      description: `the metrics scraper cannot call the inference API`,
      from: { ...scraper, jwt: true },
      to: api,
      expect: "deny",
      cite: CITE.authz,
    });
    add({
      id: `${id}-other-namespace`,
      description: `a meshed pod in another namespace, with a token, is refused`,
      from: { namespace: "default", labels: { app: "client" }, jwt: true },
      to: api,
      expect: "deny",
      cite: CITE.issue,
    });
    add({
      id: `${id}-same-namespace`,
      description: `another workload of ${e.namespace}, with a token, is refused`,
      from: { namespace: e.namespace, labels: { app: "rampart-verify-other" }, jwt: true },
      to: api,
      expect: "deny",
      cite: CITE.issue,
    });
    add({
      id: `${id}-no-sidecar`,
      description: `a client without a sidecar (plaintext) in the gateway's namespace is refused`,
      from: { ...gateway, sidecar: false, jwt: true },
      to: api,
      expect: "deny",
      cite: CITE.mtls,
    });
  }
  cases.push(...controlPlaneCases(model, meshEndpoints(resources, model)));
  cases.push(...quarantineCases(model, meshEndpoints(resources, model), gateway));
  cases.push(...kyvernoCases(resources, model));
  return cases;
}

const KYVERNO_CITE =
  "https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/ (the API server calls the webhook; Kyverno's chart: admissionController.webhookServer.port)";

/** An address of the API server's interfaces: one in the first management-tier subnet (EKS puts its ENIs in the cluster's subnets). */
function apiServerAddress(resources: readonly ExportResource[]): string | undefined {
  for (const r of resources) {
    if (r.type !== "aws:ec2/subnet:Subnet") continue;
    const p = props(r);
    const tier = isObject(p.tags) ? str(p.tags["rampart:tier"]) : undefined;
    const cidr = str(p.cidrBlock) ? parseCidr(str(p.cidrBlock)!) : undefined;
    if (tier !== "management" || !cidr || cidr.last - cidr.first < 16) continue;
    const ip = cidr.first + 10;
    return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join(".");
  }
  return undefined;
}

/**
 * When the export holds a Kyverno release and polices its namespace: the API server's address reaches the
 * admission controller's webhook port (allow), and a pod of each namespace the Kyverno policies match
 * (the inference namespaces) does not (deny): nothing but the API server may call the webhook.
 */
export function kyvernoCases(
  resources: readonly ExportResource[],
  model = buildClusterModel(resources),
): ClusterCase[] {
  const release = resources.find(
    (r) => /^kubernetes:helm\.sh\/v[34]:(Release|Chart)$/.test(r.type) && isKyvernoChart(desired(r)),
  );
  if (!release) return [];
  const ns = str(desired(release).namespace) ?? KYVERNO_NAMES.namespace;
  if (!model.networkPolicies.some((p) => p.namespace === ns)) return [];
  const port = kyvernoWebhookPort(release) ?? 9443;
  const webhook = {
    namespace: ns,
    labels: { ...KYVERNO_ADMISSION_POD_LABELS },
    port,
    method: "POST",
    path: "/validate",
  };
  const cases: ClusterCase[] = [];
  const api = apiServerAddress(resources);
  if (api)
    cases.push({
      id: `api-server-to-kyverno-${port}`,
      description: `the API server (${api}, a management-tier address) calls Kyverno's admission webhook on ${port}`,
      from: { namespace: "control-plane", ip: api },
      to: webhook,
      expect: "allow",
      cite: KYVERNO_CITE,
    });
  const inference = new Set<string>();
  for (const r of resources) {
    if (!/^kubernetes:kyverno\.io\/v[0-9a-z]+:ClusterPolicy$/.test(r.type)) continue;
    const spec = desired(r).spec;
    for (const rule of objs(isObject(spec) ? spec.rules : undefined)) {
      const match = isObject(rule.match) ? rule.match : {};
      for (const block of [...objs(match.any), ...objs(match.all), match]) {
        const res = isObject(block.resources) ? block.resources : {};
        for (const n of Array.isArray(res.namespaces) ? res.namespaces : [])
          if (typeof n === "string") inference.add(n);
      }
    }
  }
  for (const n of [...inference].sort())
    cases.push({
      id: `${n}-to-kyverno-${port}`,
      description: `a pod of ${n} cannot call Kyverno's admission webhook (the API server's only)`,
      from: { namespace: n, labels: { app: "rampart-verify-other" } },
      to: webhook,
      expect: "deny",
      cite: KYVERNO_CITE,
    });
  return cases;
}

/** istiod's ports no pod may reach: debug and plaintext xDS, and the webhook (the API server's only). */
const ISTIOD_CLOSED_PORTS = [
  { port: 8080, what: "its debug interface" },
  { port: 15010, what: "plaintext xDS" },
  { port: 15017, what: "the injection webhook (the API server's only)" },
] as const;

/**
 * When the export polices istiod's namespace (Istio's root namespace), its model servers' sidecars must
 * still reach istiod for config and certificates (15012), and no pod may reach istiod's other ports.
 */
function controlPlaneCases(model: ClusterModel, endpoints: readonly MeshEndpoint[]): ClusterCase[] {
  const root = model.rootNamespace;
  if (!model.networkPolicies.some((p) => p.namespace === root)) return [];
  const istiod = (port: number) => ({ namespace: root, labels: { app: "istiod" }, port });
  const cases: ClusterCase[] = [];
  for (const e of endpoints) {
    const pod = { namespace: e.namespace, labels: { app: e.name } };
    cases.push({
      id: `${e.namespace}-${e.name}-sidecar-to-istiod`,
      description: `the sidecar of ${e.namespace}/${e.name} fetches config and certificates from istiod on 15012`,
      from: pod,
      to: istiod(15012),
      expect: "allow",
      cite: CITE.ports,
    });
    for (const closed of ISTIOD_CLOSED_PORTS)
      cases.push({
        id: `${e.namespace}-${e.name}-to-istiod-${closed.port}`,
        description: `a pod of ${e.namespace} cannot reach istiod's ${closed.port}, ${closed.what}`,
        from: pod,
        to: istiod(closed.port),
        expect: "deny",
        cite: CITE.ports,
      });
  }
  return cases;
}

/** The ports model servers listen on, as the mesh objects name them (the VPC must open them from the gateway). */
export function meshServicePorts(resources: readonly ExportResource[]): number[] {
  return [...new Set(meshEndpoints(resources).map((e) => e.port))].sort((a, b) => a - b);
}
