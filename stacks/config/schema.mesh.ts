import { z } from "zod";
import { DEFAULT_MODEL_PORT } from "../../components/shared/ports";
import { PUBLIC_EDGE_DEFAULTS } from "../../components/edge/publicEdge.logic";
import { SERVICE_MESH_DEFAULTS } from "../../components/mesh/serviceMesh.logic";

/**
 * The shape of `rampart:mesh`, `rampart:edge` and `rampart:namespaces[].mesh` (keys, types, defaults,
 * meaning); stacks/config/schema.ts composes them. Values are checked by the components' validators
 * and the stack rules (stacks/config/components.mesh.ts, environment.mesh.ts), not here.
 */

/**
 * The secret config key holding the intermediate CA's private key in `provided` CA mode. It is read
 * with `config.requireSecret` and stays an Output secret: it is never part of the typed config object.
 */
export const MESH_CA_KEY = "meshCaKey";

const strings = z.array(z.string());
const m = SERVICE_MESH_DEFAULTS;

const ca = z
  .strictObject({
    mode: z
      .enum(["generated", "provided"])
      .default("generated")
      .describe(
        `\`generated\`: a root and an intermediate from @pulumi/tls (only the intermediate's key enters the cluster); \`provided\`: bring your own (an enterprise CA, Vault PKI), the PEMs below and the intermediate's key in the secret \`rampart:${MESH_CA_KEY}\` (\`pulumi config set --secret rampart:${MESH_CA_KEY} < ca-key.pem\`)`,
      ),
    organization: z
      .string()
      .default(m.generatedCa.organization)
      .describe("generated: the certificates' subject organisation"),
    rootValidityDays: z
      .number()
      .default(m.generatedCa.rootValidityDays)
      .describe("generated: the root's lifetime"),
    intermediateValidityDays: z
      .number()
      .default(m.generatedCa.intermediateValidityDays)
      .describe("generated: the intermediate's lifetime (at most the root's)"),
    renewBeforeDays: z
      .number()
      .default(m.generatedCa.renewBeforeDays)
      .describe("generated: `pulumi up` replaces the intermediate (same root) this close to its expiry"),
    rootCertPem: z.string().optional().describe("provided: the root certificate (PEM)"),
    intermediateCertPem: z.string().optional().describe("provided: the intermediate certificate (PEM)"),
    certChainPem: z
      .string()
      .optional()
      .describe("provided: the intermediate, then up to and including the root (PEM)"),
  })
  .default({ mode: "generated", ...m.generatedCa });

const gateway = z.strictObject({
  hosts: strings.describe("the public host names the gateway serves; required when the mesh is enabled"),
  replicas: z.number().default(m.replicas).describe("gateway pods"),
  rateLimitPerUser: z
    .strictObject({
      requestsPerMinute: z.number(),
      burst: z.number().default(m.rateLimitPerUser.burst),
    })
    .default({ ...m.rateLimitPerUser })
    .describe("local rate limit per JWT subject or API key, per gateway pod: `requestsPerMinute`, `burst`"),
  maxRequestBytes: z
    .number()
    .default(m.maxRequestBytes)
    .describe("the largest request body (prompt) the gateway accepts"),
});

export const meshSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe(
      "install the service mesh (Istio); must be `true` in prod, and for the edge and mesh namespaces",
    ),
  version: z
    .string()
    .optional()
    .describe(
      'the Istio release, pinned `"X.Y.Z"` (the `base`, `cni`, `istiod` and `gateway` charts share it); required when enabled',
    ),
  mtls: z
    .enum(["STRICT", "PERMISSIVE"])
    .default(m.mtls)
    .describe("mesh-wide PeerAuthentication mode; `PERMISSIVE` accepts plaintext and is refused in prod"),
  outboundTrafficPolicy: z
    .enum(["REGISTRY_ONLY", "ALLOW_ANY"])
    .default(m.outboundTrafficPolicy)
    .describe(
      "sidecars reach registered services only (`REGISTRY_ONLY`) or any host (`ALLOW_ANY`, refused in prod)",
    ),
  proxyImage: z
    .string()
    .optional()
    .describe(
      "the proxy istiod injects (sidecars, their `istio-validation` init container, gateways), named in full by digest: `<account>.dkr.ecr.<aws:region>.amazonaws.com/<project>-<stack>/<repository>@sha256:<64 hex>`, Istio's `proxyv2` of the mesh's version copied and signed; required when image admission covers a meshed inference namespace. Default: `proxyv2` from the mirror (`<rampart:images.mirror>/istio`) or docker.io/istio",
    ),
  proxyResources: z
    .strictObject({
      cpuRequest: z.string(),
      memoryRequest: z.string(),
      cpuLimit: z.string(),
      memoryLimit: z.string(),
    })
    .default({ ...m.proxyResources })
    .describe("sidecar and gateway proxy requests and limits (Kubernetes quantities)"),
  ca,
  jwt: z
    .strictObject({ issuer: z.string(), jwksUri: z.string(), audiences: strings })
    .optional()
    .describe(
      "the organisation's OIDC/SSO issuer: `issuer` and `jwksUri` (https), `audiences`; the gateway and the inference APIs require its tokens (prod refuses mesh endpoints without it)",
    ),
  gateway: gateway.optional(),
});

const e = PUBLIC_EDGE_DEFAULTS;
const waf = z.strictObject({
  rateLimitPerIp: z
    .number()
    .default(e.waf.rateLimitPerIp)
    .describe("requests per client IP per window before WAF blocks"),
  rateLimitPerKey: z
    .number()
    .default(e.waf.rateLimitPerKey)
    .describe("requests per API key or user (the `keyHeader` value) per window"),
  keyHeader: z.string().default(e.waf.keyHeader).describe("the header identifying the caller"),
  evaluationWindowSeconds: z
    .literal([60, 120, 300, 600])
    .default(e.waf.evaluationWindowSeconds)
    .describe("the rate-based rules' window: 60, 120, 300 or 600"),
  maxBodyBytes: z
    .number()
    .default(e.waf.maxBodyBytes)
    .describe("the largest body WAF lets through (the ALB shows WAF at most the first 8 KB)"),
  jsonPathPrefixes: strings
    .default([...e.waf.jsonPathPrefixes])
    .describe("path prefixes whose bodies must be valid JSON"),
});

export const edgeSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe(
      "the internet-facing load balancer and AWS WAF in front of the mesh gateway; must be `true` in prod",
    ),
  certificateArn: z
    .string()
    .optional()
    .describe("the ACM certificate of the HTTPS listener, in the stack's region; required when enabled"),
  sslPolicy: z
    .string()
    .default(e.sslPolicy)
    .describe("the listener's ELB security policy: one without TLS 1.0/1.1 (PublicEdge's list)"),
  // WAF is always on with the edge (the component has no switch); its logs keep rampart:logging.retentionDays.
  waf: waf.default({ ...e.waf, jsonPathPrefixes: [...e.waf.jsonPathPrefixes] }),
  accessLogRetentionDays: z
    .number()
    .default(e.accessLogRetentionDays)
    .describe("days the load balancer's access logs are kept"),
  deletionProtection: z
    .boolean()
    .optional()
    .describe("ELB deletion protection; defaults to `rampart:protect`; must be `true` in prod"),
});

const endpoint = z.strictObject({
  name: z.string(),
  port: z.number().optional(),
  metricsPort: z.number().optional(),
  hosts: strings,
  pathPrefix: z.string().optional(),
  timeoutSeconds: z.number().optional(),
  requestsPerSecondPerPod: z.number().optional(),
  maxConcurrentRequests: z.number().optional(),
  consecutiveErrors: z.number().optional(),
});

const dependency = z.strictObject({
  name: z.string(),
  host: z.string(),
  port: z.number().optional(),
  external: z.boolean(),
  maxConnections: z.number().optional(),
  consecutiveErrors: z.number().optional(),
});

export const namespaceMeshSchema = z.strictObject({
  endpoints: z.array(endpoint).default([]),
  dependencies: z.array(dependency).default([]),
});

/** What the namespaces' description says of `mesh`. */
export const NAMESPACE_MESH_DOC = `\`mesh\` {\`endpoints\`: the inference APIs (\`name\` of the Service, \`port\` (${DEFAULT_MODEL_PORT}), \`hosts\`, each one of \`rampart:mesh.gateway.hosts\`, \`pathPrefix\`, \`timeoutSeconds\`, \`requestsPerSecondPerPod\`, \`maxConcurrentRequests\`, \`consecutiveErrors\`), \`dependencies\`: services the workloads call (\`name\`, \`host\`, \`port\`, \`external\`; an external host must be on the egress allow-list)}`;
