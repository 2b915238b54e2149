import type { PublicEdgeArgs } from "../../components/edge/publicEdge.args";
import type { ServiceMeshArgs } from "../../components/mesh/serviceMesh.args";
import { type ArgPath, type ArgProblem, Problems } from "../../components/shared/problems";
import { dnsLabelProblem } from "../../components/shared/rules";
import type { NamespaceMeshArgs } from "../../components/workloads/inferenceNamespace.mesh.args";
import { parseQuantity } from "../../components/workloads/inferenceNamespace.logic";

/**
 * INTERIM, to be deleted when ServiceMesh, PublicEdge and InferenceNamespace's mesh merge: the
 * contracts' `@default` values and value checks, written against the contracts' Args so that each
 * `interimValidate*` is replaced by the component's own validator (`validateServiceMeshArgs`,
 * `validatePublicEdgeArgs`, `validateInferenceNamespaceArgs`) and each constant by the component's
 * exported defaults, with no change to the key maps (stacks/config/components.mesh.ts). Until then the
 * config still refuses bad mesh and edge values before any resource is registered.
 */

/**
 * `ServiceMeshArgs`' defaults (components/mesh/serviceMesh.args.ts), keyed as ServiceMesh's
 * `SERVICE_MESH_DEFAULTS` keys them, so the swap is an import.
 */
export const MESH_DEFAULTS = {
  mtls: "STRICT",
  outboundTrafficPolicy: "REGISTRY_ONLY",
  proxyResources: { cpuRequest: "100m", memoryRequest: "128Mi", cpuLimit: "1", memoryLimit: "512Mi" },
  generatedCa: {
    organization: "Rampart",
    rootValidityDays: 3650,
    intermediateValidityDays: 365,
    renewBeforeDays: 60,
  },
  replicas: 2,
  rateLimitPerUser: { requestsPerMinute: 60, burst: 20 },
  maxRequestBytes: 1048576,
} as const;

/** `PublicEdgeArgs`' defaults (components/edge/publicEdge.args.ts), keyed as PublicEdge's `PUBLIC_EDGE_DEFAULTS`. */
export const EDGE_DEFAULTS = {
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  waf: {
    rateLimitPerIp: 1000,
    rateLimitPerKey: 300,
    keyHeader: "authorization",
    evaluationWindowSeconds: 300,
    maxBodyBytes: 8192,
    jsonPathPrefixes: ["/v1/"],
  },
  accessLogRetentionDays: 90,
} as const;

/**
 * ELB security policies that negotiate TLS 1.2 and newer only (no TLS 1.0/1.1): the TLS 1.3 policies
 * with a 1-2 or 1-3 floor, their FIPS and post-quantum variants, and the TLS 1.2-only policies. Any
 * other (an unknown name included) is refused, in every environment, as PublicEdge refuses it; the
 * same list as PublicEdge's `TLS12_PLUS_SSL_POLICIES`, which replaces it.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export const TLS12_SSL_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS-1-2-2017-01",
  "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
  "ELBSecurityPolicy-FS-1-2-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
] as const;

/**
 * AWS WAF's bounds on a rate-based rule's limit.
 * @see https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html
 */
export const WAF_RATE_LIMIT_RANGE = [10, 2_000_000_000] as const;

/** The fields of `PublicEdgeArgs` the config decides (the rest are other components' outputs). */
export type EdgeConfigArgs = Pick<
  PublicEdgeArgs,
  "sslPolicy" | "waf" | "accessLogRetentionDays" | "namePrefix" | "deletionProtection" | "protect" | "tags"
> & { readonly certificateArn: string; readonly wafLogs: { readonly retentionDays: number } };

/** `NamespaceMeshArgs` without the gateway (ServiceMesh's output, not config). */
export type NamespaceMeshConfigArgs = Omit<NamespaceMeshArgs, "gateway">;

const HOST = /^(\*\.)?(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CLUSTER_HOST = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function whole(p: Problems, path: ArgPath, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) return;
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
  p.at(path, v, `is out of range (expected a whole number ${range})`);
}

function httpsUrl(p: Problems, path: ArgPath, v: string) {
  let ok = false;
  try {
    const u = new URL(v);
    ok = u.protocol === "https:" && u.hostname !== "";
  } catch {
    ok = false;
  }
  if (!ok) p.at(path, v, 'is not an https URL (expected e.g. "https://login.example.com/")');
}

export function interimValidateServiceMeshArgs(args: Omit<ServiceMeshArgs, "kubeProvider">): ArgProblem[] {
  const p = new Problems();
  if (!/^\d+\.\d+\.\d+$/.test(args.version))
    p.at(["version"], args.version, 'is not a pinned Istio release (expected "X.Y.Z", e.g. "1.30.5")');
  if (args.jwt) {
    httpsUrl(p, ["jwt", "issuer"], args.jwt.issuer);
    httpsUrl(p, ["jwt", "jwksUri"], args.jwt.jwksUri);
    if (args.jwt.audiences.length === 0)
      p.at(["jwt", "audiences"], [], "is empty (expected at least one accepted audience)");
  }
  const g = args.gateway;
  if (g.hosts.length === 0) p.at(["gateway", "hosts"], [], "is empty (expected at least one host name)");
  g.hosts.forEach((h, i) => {
    if (!HOST.test(h))
      p.at(["gateway", "hosts", i], h, 'is not a host name (expected e.g. "api.example.com")');
  });
  if (g.replicas !== undefined) whole(p, ["gateway", "replicas"], g.replicas, 1, 100);
  if (g.rateLimitPerUser) {
    whole(p, ["gateway", "rateLimitPerUser", "requestsPerMinute"], g.rateLimitPerUser.requestsPerMinute, 1);
    if (g.rateLimitPerUser.burst !== undefined)
      whole(p, ["gateway", "rateLimitPerUser", "burst"], g.rateLimitPerUser.burst, 0);
  }
  if (g.maxRequestBytes !== undefined) whole(p, ["gateway", "maxRequestBytes"], g.maxRequestBytes, 1);
  const r = args.proxyResources;
  if (r)
    for (const k of ["cpuRequest", "memoryRequest", "cpuLimit", "memoryLimit"] as const)
      if (parseQuantity(r[k]) === undefined)
        p.at(["proxyResources", k], r[k], 'is not a Kubernetes quantity (expected e.g. "500m", "4", "16Gi")');
  const ca = args.ca;
  if (ca?.mode === "generated") {
    const root = ca.rootValidityDays ?? MESH_DEFAULTS.generatedCa.rootValidityDays;
    const inter = ca.intermediateValidityDays ?? MESH_DEFAULTS.generatedCa.intermediateValidityDays;
    whole(p, ["ca", "rootValidityDays"], root, 1);
    whole(p, ["ca", "intermediateValidityDays"], inter, 1);
    const renew = ca.renewBeforeDays ?? MESH_DEFAULTS.generatedCa.renewBeforeDays;
    whole(p, ["ca", "renewBeforeDays"], renew, 0);
    if (inter > root)
      p.at(
        ["ca", "intermediateValidityDays"],
        inter,
        `outlives the root (expected at most rootValidityDays, ${root})`,
      );
    if (renew >= inter)
      p.at(
        ["ca", "renewBeforeDays"],
        renew,
        `leaves no time before renewal (expected fewer than intermediateValidityDays, ${inter})`,
      );
  } else if (ca?.mode === "provided") {
    for (const k of ["rootCertPem", "intermediateCertPem", "certChainPem"] as const) {
      const v = ca[k];
      if (typeof v === "string" && !v.includes("-----BEGIN CERTIFICATE-----"))
        p.at(["ca", k], v, 'is not a PEM certificate (expected "-----BEGIN CERTIFICATE-----" ...)');
    }
  }
  return p.list;
}

/** An ACM certificate ARN: `arn:<partition>:acm:<region>:<account>:certificate/<id>`. */
export const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;

export function interimValidatePublicEdgeArgs(args: EdgeConfigArgs): ArgProblem[] {
  const p = new Problems();
  if (!ACM_ARN.test(args.certificateArn))
    p.at(
      ["certificateArn"],
      args.certificateArn,
      'is not an ACM certificate ARN (expected "arn:aws:acm:<region>:<account>:certificate/<id>")',
    );
  if (args.sslPolicy !== undefined && !(TLS12_SSL_POLICIES as readonly string[]).includes(args.sslPolicy))
    p.at(
      ["sslPolicy"],
      args.sslPolicy,
      `is not an ELB policy limited to TLS 1.2 and newer (expected one of ${TLS12_SSL_POLICIES.join(", ")})`,
    );
  const w = args.waf ?? {};
  const [lo, hi] = WAF_RATE_LIMIT_RANGE;
  if (w.rateLimitPerIp !== undefined) whole(p, ["waf", "rateLimitPerIp"], w.rateLimitPerIp, lo, hi);
  if (w.rateLimitPerKey !== undefined) whole(p, ["waf", "rateLimitPerKey"], w.rateLimitPerKey, lo, hi);
  // An HTTP field name is a token (RFC 9110 section 5.1).
  if (w.keyHeader !== undefined && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(w.keyHeader))
    p.at(["waf", "keyHeader"], w.keyHeader, 'is not an HTTP header name (expected e.g. "x-api-key")');
  if (w.maxBodyBytes !== undefined) whole(p, ["waf", "maxBodyBytes"], w.maxBodyBytes, 1);
  (w.jsonPathPrefixes ?? []).forEach((x, i) => {
    if (!x.startsWith("/"))
      p.at(["waf", "jsonPathPrefixes", i], x, 'is not a path prefix (expected e.g. "/v1/")');
  });
  if (args.accessLogRetentionDays !== undefined)
    whole(p, ["accessLogRetentionDays"], args.accessLogRetentionDays, 1);
  return p.list;
}

/** The namespace's mesh values, under `mesh` as `validateInferenceNamespaceArgs` will report them. */
export function interimValidateNamespaceMesh(mesh: NamespaceMeshConfigArgs): ArgProblem[] {
  const p = new Problems();
  const names = new Set<string>();
  mesh.endpoints.forEach((e, i) => {
    const at = (...k: (string | number)[]) => ["mesh", "endpoints", i, ...k];
    const label = dnsLabelProblem(e.name);
    if (label) p.at(at("name"), e.name, label);
    if (names.has(e.name)) p.at(at("name"), e.name, "is used by another endpoint (expected unique names)");
    names.add(e.name);
    if (e.port !== undefined) whole(p, at("port"), e.port, 1, 65535);
    if (e.metricsPort !== undefined) whole(p, at("metricsPort"), e.metricsPort, 1, 65535);
    if (e.hosts.length === 0) p.at(at("hosts"), [], "is empty (expected at least one host name)");
    e.hosts.forEach((h, j) => {
      if (!HOST.test(h)) p.at(at("hosts", j), h, 'is not a host name (expected e.g. "api.example.com")');
    });
    if (e.pathPrefix !== undefined && !e.pathPrefix.startsWith("/"))
      p.at(at("pathPrefix"), e.pathPrefix, 'is not a path prefix (expected e.g. "/v1/")');
    for (const k of [
      "timeoutSeconds",
      "requestsPerSecondPerPod",
      "maxConcurrentRequests",
      "consecutiveErrors",
    ] as const)
      if (e[k] !== undefined) whole(p, at(k), e[k], 1);
  });
  const deps = new Set<string>();
  (mesh.dependencies ?? []).forEach((d, i) => {
    const at = (...k: (string | number)[]) => ["mesh", "dependencies", i, ...k];
    const label = dnsLabelProblem(d.name);
    if (label) p.at(at("name"), d.name, label);
    if (deps.has(d.name)) p.at(at("name"), d.name, "is used by another dependency (expected unique names)");
    deps.add(d.name);
    if (!(d.external ? HOST : CLUSTER_HOST).test(d.host) || d.host.startsWith("*"))
      p.at(
        at("host"),
        d.host,
        d.external
          ? 'is not a host name (expected e.g. "api.vendor.com")'
          : 'is not an in-cluster service name (expected "<service>.<namespace>.svc.cluster.local")',
      );
    if (d.port === undefined && !d.external)
      p.at(at("port"), undefined, "is required for an in-cluster dependency (expected its Service port)");
    if (d.port !== undefined) whole(p, at("port"), d.port, 1, 65535);
    for (const k of ["maxConnections", "consecutiveErrors"] as const)
      if (d[k] !== undefined) whole(p, at(k), d[k], 1);
  });
  return p.list;
}
