import { type ArgPath, type ArgProblem, Problems } from "../shared/problems";
import { cidrProblem } from "../network/subnetPlan";
import { DEFAULT_MODEL_PORT } from "../shared/ports";
import { dnsLabelProblem, labelKeyProblem } from "../shared/rules";
import { parseQuantity } from "../workloads/inferenceNamespace.logic";
import type { MeshCaArgs, MeshGatewayIdentity, ProxyResources, ServiceMeshArgs } from "./serviceMesh.args";

/**
 * Pure logic for `ServiceMesh`: names, defaults and validation. The charts' values are in
 * serviceMesh.values.ts, the Istio objects (PeerAuthentication, Gateway, EnvoyFilters, ...) in
 * serviceMesh.manifests.ts.
 */

/** Where Istio publishes its charts; the chart version is the Istio version. */
export const ISTIO_CHART_REPO = "https://istio-release.storage.googleapis.com/charts";

/**
 * Istio minors accepted: 1.30 and 1.31 support Kubernetes 1.32-1.36 (our clusters run 1.33).
 * https://istio.io/latest/docs/releases/supported-releases/#support-status-of-istio-releases
 */
export const SUPPORTED_ISTIO_MINORS = ["1.30", "1.31"] as const;

/**
 * The Istio release Rampart pins (the stack's config default): 1.30.5, the newest 1.30 patch, released
 * 2026-09-21 (https://istio.io/latest/news/releases/1.30.x/announcing-1.30.5/); 1.30.4 fixed Envoy RBAC
 * bypasses and an EnvoyFilter proxyVersion regex issue (ISTIO-SECURITY-2026-006), so nothing older
 * should be deployed. The charts, values and filter names were read at tag 1.30.3 of
 * github.com/istio/istio (commit 56df41f63e513f834c9a3af33d8aed82d1d961f2; the newest tag in the
 * snapshot we could read); the 1.30.4 and 1.30.5 notes change no chart value we set. Its proxy is built
 * on the Envoy API of go-control-plane v1.37.1-0.20260409083702-98966259b99a (go.mod), which has the
 * local rate limit's dynamic descriptors.
 */
export const TESTED_ISTIO_VERSION = "1.30.5";

/** Namespaces, service account and object names the mesh owns; other components refer to them. */
export const MESH_NAMES = {
  controlPlaneNamespace: "istio-system",
  cniNamespace: "istio-cni",
  gatewayNamespace: "istio-ingress",
  /** Release name of the gateway chart: also its Deployment, Service and service account name. */
  gatewayRelease: "istio-ingressgateway",
  /** The chart's `istio` selector label: the release name without its `istio-` prefix. */
  gatewaySelector: { istio: "ingressgateway" } as Readonly<Record<string, string>>,
  gateway: "public-gateway",
  /** kubernetes.io/tls Secret (in the gateway namespace) holding the gateway's certificate. */
  gatewayCredential: "public-gateway-tls",
  cacerts: "cacerts",
} as const;

/** The ingress gateway's identity (`ServiceMesh.gatewayIdentity`), fixed by `MESH_NAMES`. */
export const MESH_GATEWAY_IDENTITY: MeshGatewayIdentity = {
  namespace: MESH_NAMES.gatewayNamespace,
  serviceAccount: MESH_NAMES.gatewayRelease,
  gatewayRef: `${MESH_NAMES.gatewayNamespace}/${MESH_NAMES.gateway}`,
};

/** The defaults of `ServiceMeshArgs`, resolved once. */
export const SERVICE_MESH_DEFAULTS = {
  imageHub: "docker.io/istio",
  ca: { mode: "generated" } as MeshCaArgs,
  generatedCa: {
    organization: "Rampart",
    rootValidityDays: 3650,
    intermediateValidityDays: 365,
    renewBeforeDays: 60,
  },
  mtls: "STRICT" as const,
  outboundTrafficPolicy: "REGISTRY_ONLY" as const,
  proxyResources: {
    cpuRequest: "100m",
    memoryRequest: "128Mi",
    cpuLimit: "1",
    memoryLimit: "512Mi",
  } as ProxyResources,
  tolerateTaints: ["nvidia.com/gpu"] as readonly string[],
  replicas: 2,
  rateLimitPerUser: { requestsPerMinute: 60, burst: 20 },
  maxRequestBytes: 1_048_576,
  /** Header carrying the verified JWT `sub` (set by the gateway from the token, never trusted from clients). */
  userHeader: "x-rampart-user",
  /** Header carrying an API key, the per-caller key when there is no JWT subject. */
  apiKeyHeader: "x-api-key",
  /** Distinct users/keys whose buckets each gateway pod keeps (Envoy's LRU of dynamic descriptors). */
  maxTrackedCallers: 10_000,
  /** Helm waits this long for each release's resources to become ready before failing (seconds). */
  helmTimeoutSeconds: 600,
  /** Without the VPC's CIDRs: the private ranges (RFC 1918, and RFC 6598 that EKS secondary CIDRs use). */
  vpcCidrs: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] as readonly string[],
  upstreamPorts: [DEFAULT_MODEL_PORT] as readonly number[],
  scraperNamespace: "monitoring",
} as const;

/** Upper bounds that keep a typo from disabling a control. */
const MAX_REQUESTS_PER_MINUTE = 60_000;
const MAX_REQUEST_BYTES = 64 * 1_048_576;

/** The plain (shape-deciding) part of the Args, which is what validation sees. */
export type ServiceMeshPlainArgs = Omit<ServiceMeshArgs, "kubeProvider">;

const HTTPS_URL = /^https:\/\/[^\s/?#]+[^\s]*$/;
/** A host name or a leading wildcard (`*.example.com`), as an Istio Gateway server's hosts take them. */
const HOST = /^(\*\.)?(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const REGISTRY = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9]([-a-z0-9._/]*[a-z0-9])?)*$/;
const PEM_BLOCK = (label: string) => new RegExp(`-----BEGIN ${label}-----[\\s\\S]+-----END ${label}-----`);

/** Every problem with the Args, each naming the field. Empty means valid. */
export function validateServiceMeshArgs(args: ServiceMeshPlainArgs): ArgProblem[] {
  const found = new Problems();
  const at = (path: ArgPath, value: unknown, message: string) => found.at(path, value, message);
  const d = SERVICE_MESH_DEFAULTS;

  const minor = /^(\d+\.\d+)\.\d+$/.exec(String(args.version))?.[1];
  if (!minor)
    at(["version"], args.version, 'is not a pinned Istio version (expected "X.Y.Z", e.g. "1.30.5")');
  else if (!(SUPPORTED_ISTIO_MINORS as readonly string[]).includes(minor))
    at(
      ["version"],
      args.version,
      `is not a supported Istio release for Kubernetes 1.33 (expected ${SUPPORTED_ISTIO_MINORS.join(" or ")}.x)`,
    );
  const hub = args.imageHub ?? d.imageHub;
  if (!REGISTRY.test(hub))
    at(
      ["imageHub"],
      hub,
      'is not a registry prefix (expected e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/istio")',
    );

  if (args.proxyImage !== undefined && !/^[^@\s]+\/[^@\s]+@sha256:[0-9a-f]{64}$/.test(args.proxyImage))
    at(
      ["proxyImage"],
      args.proxyImage,
      "is not an image named in full by digest (expected <registry>/<repository>@sha256:<64 hex>)",
    );

  caProblems(args.ca ?? d.ca, found);

  if (args.mtls !== undefined && !["STRICT", "PERMISSIVE"].includes(args.mtls))
    at(["mtls"], args.mtls, 'is not a mesh-wide mTLS mode (expected "STRICT" or "PERMISSIVE")');
  if (
    args.outboundTrafficPolicy !== undefined &&
    !["REGISTRY_ONLY", "ALLOW_ANY"].includes(args.outboundTrafficPolicy)
  )
    at(
      ["outboundTrafficPolicy"],
      args.outboundTrafficPolicy,
      'is not an outbound policy (expected "REGISTRY_ONLY" or "ALLOW_ANY")',
    );

  const res = args.proxyResources ?? d.proxyResources;
  const q = (field: keyof ProxyResources) => {
    const n = parseQuantity(String(res[field]));
    if (n === undefined || n <= 0)
      at(
        ["proxyResources", field],
        res[field],
        'is not a positive Kubernetes quantity (expected e.g. "100m", "1", "128Mi")',
      );
    return n;
  };
  const [cpuReq, memReq, cpuLim, memLim] = [
    q("cpuRequest"),
    q("memoryRequest"),
    q("cpuLimit"),
    q("memoryLimit"),
  ];
  if (cpuReq !== undefined && cpuLim !== undefined && cpuReq > cpuLim)
    at(
      ["proxyResources", "cpuRequest"],
      res.cpuRequest,
      `is above proxyResources.cpuLimit (${res.cpuLimit})`,
    );
  if (memReq !== undefined && memLim !== undefined && memReq > memLim)
    at(
      ["proxyResources", "memoryRequest"],
      res.memoryRequest,
      `is above proxyResources.memoryLimit (${res.memoryLimit})`,
    );

  if (args.jwt) {
    if (!HTTPS_URL.test(args.jwt.issuer))
      at(
        ["jwt", "issuer"],
        args.jwt.issuer,
        'is not an https URL (expected e.g. "https://login.example.com/")',
      );
    if (!HTTPS_URL.test(args.jwt.jwksUri))
      at(
        ["jwt", "jwksUri"],
        args.jwt.jwksUri,
        'is not an https URL (expected e.g. "https://login.example.com/.well-known/jwks.json")',
      );
    if (args.jwt.audiences.length === 0)
      at(["jwt", "audiences"], [], "is empty (expected at least one accepted aud value)");
    args.jwt.audiences.forEach((a, i) => {
      if (typeof a !== "string" || a.trim() === "")
        at(["jwt", "audiences", i], a, "is not an audience (expected a non-empty string)");
    });
  }

  const gw = args.gateway;
  if (gw.hosts.length === 0)
    at(["gateway", "hosts"], [], 'is empty (expected the public host names, e.g. "api.example.com")');
  const seen = new Set<string>();
  gw.hosts.forEach((h, i) => {
    if (!HOST.test(h))
      at(
        ["gateway", "hosts", i],
        h,
        'is not a host name (expected e.g. "api.example.com" or "*.example.com", lowercase)',
      );
    if (seen.has(h)) at(["gateway", "hosts", i], h, "is listed twice (expected each host once)");
    seen.add(h);
  });
  if (gw.replicas !== undefined && (!Number.isInteger(gw.replicas) || gw.replicas < 1 || gw.replicas > 50))
    at(["gateway", "replicas"], gw.replicas, "is not a replica count (expected a whole number from 1 to 50)");
  const rl = gw.rateLimitPerUser;
  if (rl) {
    if (
      !Number.isInteger(rl.requestsPerMinute) ||
      rl.requestsPerMinute < 1 ||
      rl.requestsPerMinute > MAX_REQUESTS_PER_MINUTE
    )
      at(
        ["gateway", "rateLimitPerUser", "requestsPerMinute"],
        rl.requestsPerMinute,
        `is out of range (expected a whole number from 1 to ${MAX_REQUESTS_PER_MINUTE})`,
      );
    if (
      rl.burst !== undefined &&
      (!Number.isInteger(rl.burst) || rl.burst < 1 || rl.burst > MAX_REQUESTS_PER_MINUTE)
    )
      at(
        ["gateway", "rateLimitPerUser", "burst"],
        rl.burst,
        `is out of range (expected a whole number from 1 to ${MAX_REQUESTS_PER_MINUTE})`,
      );
  }
  if (
    gw.maxRequestBytes !== undefined &&
    (!Number.isInteger(gw.maxRequestBytes) ||
      gw.maxRequestBytes < 1024 ||
      gw.maxRequestBytes > MAX_REQUEST_BYTES)
  )
    at(
      ["gateway", "maxRequestBytes"],
      gw.maxRequestBytes,
      `is out of range (expected a whole number of bytes from 1024 to ${MAX_REQUEST_BYTES}, 64 MiB)`,
    );

  (args.tolerateTaints ?? d.tolerateTaints).forEach((key, i) => {
    const bad = labelKeyProblem(key);
    if (bad) at(["tolerateTaints", i], key, bad.replace("label key", "taint key"));
  });
  networkProblems(args, found);
  return found.list;
}

/** The inputs of the mesh namespaces' NetworkPolicies (serviceMesh.networkPolicies.ts). */
function networkProblems(args: ServiceMeshPlainArgs, found: Problems): void {
  for (const field of ["vpcCidrs", "controlPlaneCidrs"] as const) {
    const cidrs = args[field];
    if (cidrs === undefined) continue;
    if (cidrs.length === 0)
      found.at([field], [], "is empty (list the CIDRs, or leave it unset for the default)");
    cidrs.forEach((c, i) => {
      const bad = typeof c === "string" ? cidrProblem(c) : "is not a CIDR string";
      if (bad) found.at([field, i], c, bad);
    });
  }
  (args.upstreamPorts ?? []).forEach((p, i) => {
    if (!Number.isInteger(p) || p < 1 || p > 65535)
      found.at(["upstreamPorts", i], p, "is not a TCP port (expected an integer from 1 to 65535)");
  });
  if (args.scraperNamespace !== undefined) {
    const bad = dnsLabelProblem(args.scraperNamespace);
    if (bad) found.at(["scraperNamespace"], args.scraperNamespace, bad);
  }
}

function caProblems(ca: MeshCaArgs, found: Problems): void {
  if (ca.mode === "generated") {
    const g = { ...SERVICE_MESH_DEFAULTS.generatedCa, ...ca };
    const days = (
      field: "rootValidityDays" | "intermediateValidityDays" | "renewBeforeDays",
      min: number,
    ) => {
      const v = g[field];
      const ok = Number.isInteger(v) && v >= min;
      if (!ok)
        found.at(["ca", field], v, `is not a lifetime (expected a whole number of days, at least ${min})`);
      return ok;
    };
    const rootOk = days("rootValidityDays", 365);
    const intOk = days("intermediateValidityDays", 30);
    const renewOk = days("renewBeforeDays", 1);
    if (rootOk && intOk && g.intermediateValidityDays >= g.rootValidityDays)
      found.at(
        ["ca", "intermediateValidityDays"],
        g.intermediateValidityDays,
        `outlives its root (expected fewer days than ca.rootValidityDays, ${g.rootValidityDays}: a CA cannot outlive its issuer)`,
      );
    if (intOk && renewOk && g.renewBeforeDays * 2 > g.intermediateValidityDays)
      found.at(
        ["ca", "renewBeforeDays"],
        g.renewBeforeDays,
        `is too long (expected at most half of ca.intermediateValidityDays, ${g.intermediateValidityDays}, or every run would renew)`,
      );
    if (typeof g.organization !== "string" || g.organization.trim() === "")
      found.at(
        ["ca", "organization"],
        g.organization,
        "is empty (expected the organisation named in the certificates)",
      );
    return;
  }
  if (ca.mode !== "provided") {
    found.at(
      ["ca", "mode"],
      (ca as { mode: unknown }).mode,
      'is not a CA mode (expected "generated" or "provided")',
    );
    return;
  }
  // Plain strings are checked here; Outputs (from Vault, a secret config value) are checked by istiod.
  const pem = (
    field: "rootCertPem" | "intermediateCertPem" | "certChainPem",
    label: RegExp,
    expected: string,
  ) => {
    const v: unknown = ca[field];
    if (typeof v === "string" && !label.test(v))
      found.at(["ca", field], "(PEM withheld)", `is not ${expected}`);
  };
  pem("rootCertPem", PEM_BLOCK("CERTIFICATE"), "a PEM certificate");
  pem("intermediateCertPem", PEM_BLOCK("CERTIFICATE"), "a PEM certificate");
  pem(
    "certChainPem",
    PEM_BLOCK("CERTIFICATE"),
    "a PEM certificate chain (intermediate first, then up to the root)",
  );
  // Istio parses EC, RSA (PKCS#1) and PKCS#8 keys (security/pkg/pki/util/crypto.go, ParsePemEncodedKey).
  // A plain string would put the key in the state unencrypted: Pulumi secrets are Outputs.
  if (typeof ca.intermediateKeyPem === "string")
    found.at(
      ["ca", "intermediateKeyPem"],
      "(key withheld)",
      "is a plain string (pass it as a Pulumi secret: pulumi.secret(...) or a secret config value)",
    );
}
