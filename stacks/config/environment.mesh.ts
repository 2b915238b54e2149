import type { ArgPath } from "../../components/shared/problems";
import { domainMatches } from "../../components/shared/rules";
import { NAMESPACE_MESH_DEFAULTS } from "../../components/workloads/inferenceNamespace.mesh.defaults";
import { enabledEdge, enabledMesh } from "./components.mesh";
import type { ParsedSections } from "./components";
import { ACM_ARN } from "../../components/edge/publicEdge.logic";
import { keyOf, line } from "./messages";
import { MESH_CA_KEY } from "./schema.mesh";
import { NAMESPACE } from "./schema";

/**
 * The stack rules of the mesh and the edge: what an enabled mesh or edge needs, the rules that tie
 * them to the namespaces and the VPC's egress, and what prod refuses. Called by environment.ts.
 */

/** Does a Gateway host (`api.example.com`, or `*.example.com`) serve `host`? Istio's wildcard is one label or more. */
function gatewayServes(gatewayHost: string, host: string): boolean {
  if (gatewayHost.startsWith("*."))
    return host.endsWith(gatewayHost.slice(1)) && host.length > gatewayHost.length - 1;
  return gatewayHost === host;
}

const PROD_WHY = {
  mesh: "prod runs every service in the mesh (mutual TLS, allow-nothing authorization)",
  edge: "prod serves inference only through the edge: TLS 1.2+ and AWS WAF in front of the mesh gateway",
} as const;

/**
 * `unparsed`: sections written but refused by the schema (already reported): the rules that need one
 * do not report it again as missing.
 */
export function meshEnvironmentProblems(
  c: ParsedSections,
  region: string | undefined,
  prod: boolean,
  hasMeshCaKey: boolean,
  unparsed: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const at = (path: ArgPath, value: unknown, message: string) => problems.push(line(path, value, message));
  const missing = (path: ArgPath, expected: string) =>
    problems.push(`${keyOf(path)}: missing (expected ${expected})`);
  const mesh = enabledMesh(c.mesh) ? c.mesh : undefined;
  const edge = enabledEdge(c.edge) ? c.edge : undefined;
  const caKey = `${NAMESPACE}:${MESH_CA_KEY}`;

  if (mesh) {
    if (mesh.version === undefined)
      missing(["mesh", "version"], 'the Istio release, e.g. "1.30.5", when the mesh is enabled');
    if (mesh.gateway === undefined)
      missing(
        ["mesh", "gateway"],
        "{hosts: [...]}, the gateway's public host names, when the mesh is enabled",
      );
    const pems = ["rootCertPem", "intermediateCertPem", "certChainPem"] as const;
    if (mesh.ca.mode === "provided") {
      for (const k of pems)
        if (mesh.ca[k] === undefined) missing(["mesh", "ca", k], 'a PEM, with ca.mode "provided"');
      if (!hasMeshCaKey)
        problems.push(
          `${caKey}: missing (expected the intermediate CA's private key with ca.mode "provided": pulumi config set --secret ${caKey} < ca-key.pem)`,
        );
    } else {
      for (const k of pems)
        if (mesh.ca[k] !== undefined)
          at(
            ["mesh", "ca", k],
            mesh.ca[k],
            'is set but ca.mode is "generated" (remove it, or set mode: provided)',
          );
    }
  }
  // The key is a secret: its value is never shown.
  if (hasMeshCaKey && mesh?.ca.mode !== "provided" && !unparsed.has("mesh"))
    problems.push(
      `${caKey}: (secret) is set but not used (expected only with rampart:mesh.ca.mode "provided")`,
    );

  if (edge) {
    if (edge.certificateArn === undefined)
      missing(
        ["edge", "certificateArn"],
        'an ACM certificate ARN ("arn:aws:acm:<region>:<account>:certificate/<id>") when the edge is enabled',
      );
    const certRegion = ACM_ARN.exec(edge.certificateArn ?? "")?.[1];
    // ACM certificates are regional: a load balancer uses one from its own region.
    // @see https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
    if (certRegion && region && certRegion !== region)
      at(
        ["edge", "certificateArn"],
        edge.certificateArn,
        `is in ${certRegion}, not in aws:region=${region} (ACM certificates are regional; request or import one in ${region})`,
      );
    if (!mesh && !unparsed.has("mesh"))
      at(
        ["edge", "enabled"],
        true,
        "needs the service mesh (rampart:mesh, enabled): the load balancer targets the mesh ingress gateway",
      );
  }

  const gatewayHosts = mesh?.gateway?.hosts;
  const egress = c.network?.egress;
  // Every VirtualService binds to the one gateway: two namespaces routing the same host and prefix
  // would leave the route to Istio's merge order. (Within a namespace the component refuses it.)
  const routed = new Map<string, number>();
  (c.namespaces ?? []).forEach((ns, i) =>
    (ns.mesh?.endpoints ?? []).forEach((e, j) =>
      e.hosts.forEach((h, k) => {
        const route = `${h.toLowerCase()} ${e.pathPrefix ?? NAMESPACE_MESH_DEFAULTS.endpoint.pathPrefix}`;
        const first = routed.get(route);
        if (first === undefined) routed.set(route, i);
        else if (first !== i)
          at(
            ["namespaces", i, "mesh", "endpoints", j, "hosts", k],
            h,
            `is routed with the same pathPrefix by rampart:namespaces[${first}] (expected each host and prefix in one namespace)`,
          );
      }),
    ),
  );
  (c.namespaces ?? []).forEach((ns, i) => {
    if (!ns.mesh) return;
    if (!mesh) {
      if (!unparsed.has("mesh"))
        at(["namespaces", i, "mesh"], ns.mesh, "needs the service mesh (rampart:mesh, enabled)");
      return;
    }
    ns.mesh.endpoints.forEach((e, j) =>
      e.hosts.forEach((h, k) => {
        if (gatewayHosts && !gatewayHosts.some((g) => gatewayServes(g, h)))
          at(
            ["namespaces", i, "mesh", "endpoints", j, "hosts", k],
            h,
            `is not served by the gateway (expected one of rampart:mesh.gateway.hosts: ${gatewayHosts.join(", ")})`,
          );
      }),
    );
    ns.mesh.dependencies.forEach((d, j) => {
      if (!d.external) return;
      const path: ArgPath = ["namespaces", i, "mesh", "dependencies", j];
      // Private tiers reach outside the VPC only through the firewall, on HTTPS (443), for allow-listed
      // domains (SNI), and only from namespaces whose NetworkPolicy admits HTTPS outside the VPC.
      if (egress && egress.mode !== "firewall")
        at(
          [...path, "host"],
          d.host,
          `is unreachable: private tiers reach outside the VPC only in egress mode "firewall" (rampart:network.egress.mode is "${egress.mode}")`,
        );
      else if (egress && !egress.allowedDomains.some((t) => domainMatches(t, d.host)))
        at(
          [...path, "host"],
          d.host,
          "is not on rampart:network.egress.allowedDomains (expected an allow-listed domain; adding one is a security decision)",
        );
      if (d.port !== undefined && d.port !== 443)
        at(
          [...path, "port"],
          d.port,
          "is not 443 (the firewall and the NetworkPolicy admit HTTPS on 443 only)",
        );
      if (!ns.egressOutsideVpc)
        at(
          ["namespaces", i, "egressOutsideVpc"],
          false,
          `must be true: dependency "${d.name}" is outside the VPC`,
        );
    });
  });

  if (!prod) return problems;
  if (c.mesh === undefined) {
    if (!unparsed.has("mesh")) missing(["mesh"], `the service mesh in prod: ${PROD_WHY.mesh}`);
  } else if (!c.mesh.enabled) at(["mesh", "enabled"], false, `must be true in prod (${PROD_WHY.mesh})`);
  if (mesh?.mtls === "PERMISSIVE")
    at(
      ["mesh", "mtls"],
      mesh.mtls,
      'must be "STRICT" in prod (PERMISSIVE accepts plaintext between services)',
    );
  if (mesh?.outboundTrafficPolicy === "ALLOW_ANY")
    at(
      ["mesh", "outboundTrafficPolicy"],
      mesh.outboundTrafficPolicy,
      'must be "REGISTRY_ONLY" in prod (ALLOW_ANY lets sidecars reach any host)',
    );
  if (c.edge === undefined) {
    if (!unparsed.has("edge")) missing(["edge"], `the edge in prod: ${PROD_WHY.edge}`);
  } else if (!c.edge.enabled) at(["edge", "enabled"], false, `must be true in prod (${PROD_WHY.edge})`);
  // An ssl policy that allows TLS below 1.2 is refused in every environment, by PublicEdge's rule.
  if (edge?.deletionProtection === false)
    at(
      ["edge", "deletionProtection"],
      false,
      "must be true in prod (the load balancer is protected from deletion)",
    );
  const open = (c.namespaces ?? []).flatMap((ns) =>
    (ns.mesh?.endpoints ?? []).map((e) => `${ns.name}/${e.name}`),
  );
  if (mesh && !mesh.jwt && open.length > 0)
    missing(
      ["mesh", "jwt"],
      `the SSO issuer in prod: without it the inference APIs ${open.join(", ")} are unauthenticated`,
    );
  return problems;
}
