/**
 * The flow cases for Rampart's own stacks, derived from the export (subnet tier tags, the tier security
 * groups the stack outputs, the endpoints and the firewall allow-list present), so the same function
 * serves dev and prod. Required flows cite the document they come from; forbidden flows cite the design
 * rule they enforce (issue #11).
 */
import { kyvernoWebhookPort } from "../images/kyverno";
import { edgeFlows, hasEdge } from "./edgeFlows";
import { isObject, props, str, strs, urnName } from "./props";
import type { Endpoint, ExportResource, FlowCase, Protocol } from "./types";

export interface RampartFlowOptions {
  /**
   * Networks that must reach the private API (config `rampart:cluster.operatorCidrs`). When absent, the
   * stack output `operatorCidrs` (or `cluster.operatorCidrs`) is read; when that is absent too, the
   * documentation network 192.0.2.0/24 stands in, so the case shows that no operator network is admitted.
   */
  readonly operatorCidrs?: readonly string[];
  /**
   * Webhook ports the API server calls on system nodes.
   * @default [15017] — istiod's sidecar injector and config validation webhooks (istiod runs on the system
   * nodes) — plus, for each Kyverno release in the export, its admission controller's webhook port
   * (`admissionController.webhookServer.port`, 9443 by default; Kyverno runs on the system nodes too).
   */
  readonly webhookPorts?: readonly number[];
  /** Ports the inference tier uses in the data tier. @default [443 (OpenSearch), 6379 (ElastiCache)] */
  readonly dataPorts?: readonly number[];
}

const TIER_TAG = "rampart:tier";
const CITE = {
  eksSg: "https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html",
  k8sPorts: "https://kubernetes.io/docs/reference/networking/ports-and-protocols/",
  endpoint: "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
  privateClusters: "https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html",
  ecrEndpoints: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html",
  coredns: "https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html",
  istioPorts: "https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio",
  webhooks: "https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/",
  kyverno:
    "https://kyverno.io/docs/installation/customization/#webhooks (the chart's admissionController.webhookServer.port)",
  elbHealth:
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html",
  albSg:
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html",
  edge: "issue #12 (the edge reaches model servers only through the mesh gateway on the system nodes)",
  issue: "issue #11 (DESIGN.md: SegmentedVpc tiers; private tiers have no general internet route)",
  hfFirewall: "https://huggingface.co/docs/hub/models-downloading (Downloading behind a proxy or firewall)",
} as const;

/**
 * Where Hugging Face serves model weights besides huggingface.co (its Xet storage and CDN hosts): an
 * allow-list that names the hub must admit these too, or downloads stop after the metadata.
 */
const HUGGING_FACE_STORAGE_HOSTS = ["transfer.xethub.hf.co", "cas-server.xethub.hf.co", "us.aws.cdn.hf.co"];

/** Interface endpoints nodes of a private cluster need (EKS private-cluster requirements). */
const NODE_ENDPOINTS = ["ecr.api", "ecr.dkr", "sts", "ec2", "logs", "eks-auth", "elasticloadbalancing"];

/** The webhook ports of the Kyverno releases in the export (cli/verify/images/kyverno.ts reads their values). */
export function kyvernoWebhookPorts(resources: readonly ExportResource[]): number[] {
  return resources
    .filter((r) => /^kubernetes:helm\.sh\/v[34]:(Release|Chart)$/.test(r.type))
    .map((r) => kyvernoWebhookPort(r))
    .filter((p): p is number => p !== undefined);
}

export function tiersOf(resources: readonly ExportResource[]): Set<string> {
  const tiers = new Set<string>();
  for (const r of resources) {
    if (r.type !== "aws:ec2/subnet:Subnet") continue;
    const tags = props(r).tags;
    const tier = isObject(tags) ? str(tags[TIER_TAG]) : undefined;
    if (tier) tiers.add(tier);
  }
  return tiers;
}

function stackOutputs(resources: readonly ExportResource[]): Record<string, unknown> {
  const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
  return stack?.outputs ?? {};
}

/** The stack's security group for a tier: output `securityGroupIds.<tier>`, else a group named `*-<tier>-sg`. */
function tierGroup(resources: readonly ExportResource[], tier: string): string | undefined {
  const out = stackOutputs(resources).securityGroupIds;
  const fromOutput = isObject(out) ? str(out[tier]) : undefined;
  if (fromOutput) return fromOutput;
  const sg = resources.find(
    (r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && urnName(r.urn).endsWith(`-${tier}-sg`),
  );
  return sg ? str(sg.id) : undefined;
}

function operatorCidrs(
  resources: readonly ExportResource[],
  given?: readonly string[],
): { cidrs: string[]; standIn: boolean } {
  if (given && given.length > 0) return { cidrs: [...given], standIn: false };
  const out = stackOutputs(resources);
  const cluster = isObject(out.cluster) ? out.cluster : {};
  const read = [...strs(out.operatorCidrs), ...strs(cluster.operatorCidrs)];
  return read.length > 0 ? { cidrs: read, standIn: false } : { cidrs: ["192.0.2.0/24"], standIn: true };
}

function allowListedDomains(resources: readonly ExportResource[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    if (r.type !== "aws:networkfirewall/ruleGroup:RuleGroup") continue;
    const g = props(r).ruleGroup;
    const src = isObject(g) && isObject(g.rulesSource) ? g.rulesSource : {};
    const list = isObject(src.rulesSourceList) ? src.rulesSourceList : undefined;
    if (list && str(list.generatedRulesType) === "ALLOWLIST")
      out.push(...strs(list.targets).map((d) => d.replace(/^\./, "")));
  }
  return [...new Set(out)];
}

/** A tier's workloads: its node groups when it has some, else an interface with the tier's own group. */
export function rampartTierEndpoint(resources: readonly ExportResource[], tier: string): Endpoint {
  const subnets = { tags: { [TIER_TAG]: tier } };
  const hasNodes = resources.some(
    (r) =>
      r.type === "aws:eks/nodeGroup:NodeGroup" &&
      strs(props(r).subnetIds).some((id) => subnetTier(resources, id) === tier),
  );
  if (hasNodes) return { kind: "nodes", subnets };
  const sg = tierGroup(resources, tier);
  return { kind: "subnets", subnets, ...(sg ? { securityGroups: [sg] } : {}) };
}

function subnetTier(resources: readonly ExportResource[], id: string): string | undefined {
  const s = resources.find((r) => r.type === "aws:ec2/subnet:Subnet" && r.id === id);
  const tags = s ? props(s).tags : undefined;
  return isObject(tags) ? str(tags[TIER_TAG]) : undefined;
}

export function rampartFlows(
  resources: readonly ExportResource[],
  options: RampartFlowOptions = {},
): FlowCase[] {
  const cases: FlowCase[] = [];
  const tiers = tiersOf(resources);
  const tierSubnets = (tier: string) => ({ tags: { [TIER_TAG]: tier } });
  const nodesIn = (tier: string): Endpoint => ({ kind: "nodes", subnets: tierSubnets(tier) });
  /** A workload interface of a tier with the tier's own group (tiers whose workloads are not in the export). */
  const tierEni = (tier: string): Endpoint => {
    const sg = tierGroup(resources, tier);
    return { kind: "subnets", subnets: tierSubnets(tier), ...(sg ? { securityGroups: [sg] } : {}) };
  };
  const nodeTiers = ["management", "inference"].filter((t) => tiers.has(t));
  const add = (
    id: string,
    from: Endpoint,
    to: Endpoint,
    protocol: Protocol,
    port: number,
    expect: "allow" | "deny",
    cite: string,
    description: string,
    layers?: FlowCase["layers"],
  ) => cases.push({ id, description, from, to, protocol, port, expect, cite, ...(layers ? { layers } : {}) });
  const api: Endpoint = { kind: "eksControlPlane" };

  for (const tier of nodeTiers) {
    add(
      `${tier}-nodes-to-api`,
      nodesIn(tier),
      api,
      "tcp",
      443,
      "allow",
      CITE.eksSg,
      `kubelets and pods on ${tier} nodes reach the API server`,
    );
    add(
      `api-to-${tier}-kubelet`,
      api,
      nodesIn(tier),
      "tcp",
      10250,
      "allow",
      CITE.k8sPorts,
      `the API server reaches kubelets on ${tier} nodes (logs, exec, port-forward)`,
    );
    for (const proto of ["udp", "tcp"] as const)
      add(
        `${tier}-nodes-to-coredns-${proto}`,
        nodesIn(tier),
        nodesIn("management"),
        proto,
        53,
        "allow",
        CITE.coredns,
        `pods on ${tier} nodes resolve names through CoreDNS on the system nodes`,
      );
    for (const service of NODE_ENDPOINTS)
      add(
        `${tier}-nodes-to-${service}-endpoint`,
        nodesIn(tier),
        { kind: "interfaceEndpoint", service },
        "tcp",
        443,
        "allow",
        service.startsWith("ecr") ? CITE.ecrEndpoints : CITE.privateClusters,
        `${tier} nodes call ${service} through its interface endpoint`,
      );
    add(
      `${tier}-nodes-to-s3-gateway`,
      nodesIn(tier),
      { kind: "gatewayEndpoint", service: "s3" },
      "tcp",
      443,
      "allow",
      CITE.ecrEndpoints,
      `${tier} nodes download ECR image layers from S3 through the gateway endpoint`,
    );
  }
  const kyverno = new Set(kyvernoWebhookPorts(resources));
  for (const port of options.webhookPorts ?? [...new Set([15017, ...kyverno])])
    add(
      `api-to-webhook-${port}`,
      api,
      nodesIn("management"),
      "tcp",
      port,
      "allow",
      port === 15017 ? CITE.istioPorts : kyverno.has(port) ? CITE.kyverno : CITE.webhooks,
      `the API server calls admission webhooks on port ${port}${
        port === 15017
          ? " (istiod's injector and validation on the system nodes)"
          : kyverno.has(port)
            ? " (Kyverno's admission controller on the system nodes: image signatures)"
            : ""
      }`,
    );
  const op = operatorCidrs(resources, options.operatorCidrs);
  for (const cidr of op.cidrs)
    add(
      `operator-${cidr}-to-api`,
      { kind: "cidr", cidr },
      api,
      "tcp",
      443,
      "allow",
      CITE.endpoint,
      op.standIn
        ? `an operator network reaches the private API (none configured: ${cidr} stands in for rampart:cluster.operatorCidrs)`
        : `operator network ${cidr} reaches the private API`,
    );

  if (tiers.has("ingress") && tiers.has("management") && hasEdge(resources))
    cases.push(...edgeFlows(resources, tierEni, nodesIn, tiers.has("inference")));
  if (tiers.has("data") && tiers.has("inference"))
    for (const port of options.dataPorts ?? [443, 6379])
      add(
        `inference-to-data-${port}`,
        nodesIn("inference"),
        tierEni("data"),
        "tcp",
        port,
        "allow",
        CITE.issue,
        `inference workloads use the data tier on ${port}`,
      );
  if (tiers.has("logging"))
    for (const tier of nodeTiers)
      add(
        `${tier}-nodes-to-logging`,
        nodesIn(tier),
        tierEni("logging"),
        "tcp",
        443,
        "allow",
        CITE.issue,
        `log shipping from ${tier} nodes to the in-VPC SIEM`,
      );

  // Forbidden: nothing outside the VPC for data and logging; the internet only through the firewall's
  // allow-list for inference; no ingress-tier access to data; no SSH to nodes; NACLs narrow on their own.
  const domains = allowListedDomains(resources);
  for (const tier of ["data", "logging"].filter((t) => tiers.has(t))) {
    add(
      `${tier}-to-internet`,
      tierEni(tier),
      { kind: "internet" },
      "tcp",
      443,
      "deny",
      CITE.issue,
      `the ${tier} tier reaches nothing outside the VPC`,
    );
    if (domains[0])
      add(
        `${tier}-to-allow-listed-domain`,
        tierEni(tier),
        { kind: "internet", domain: domains[0] },
        "tcp",
        443,
        "deny",
        CITE.issue,
        `the ${tier} tier cannot use the firewall allow-list either`,
      );
  }
  if (tiers.has("inference")) {
    for (const port of [443, 80, 22])
      add(
        `inference-to-internet-${port}`,
        nodesIn("inference"),
        { kind: "internet" },
        "tcp",
        port,
        "deny",
        CITE.issue,
        `inference reaches the internet only through the firewall allow-list (tcp ${port} to an unlisted host)`,
      );
    if (domains.some((d) => d === "huggingface.co" || d === ".huggingface.co"))
      for (const host of HUGGING_FACE_STORAGE_HOSTS)
        add(
          `inference-to-${host}`,
          nodesIn("inference"),
          { kind: "internet", domain: host },
          "tcp",
          443,
          "allow",
          CITE.hfFirewall,
          `Hugging Face model weights from ${host} pass the firewall allow-list (the hub is listed)`,
        );
    for (const d of domains.slice(0, 2))
      add(
        `inference-to-${d}`,
        nodesIn("inference"),
        { kind: "internet", domain: d },
        "tcp",
        443,
        "allow",
        CITE.issue,
        `model downloads from ${d} pass the firewall allow-list`,
      );
  }
  if (tiers.has("ingress") && tiers.has("data"))
    for (const port of [443, 6379])
      add(
        `ingress-to-data-${port}`,
        tierEni("ingress"),
        tierEni("data"),
        "tcp",
        port,
        "deny",
        CITE.issue,
        `the ingress tier never reaches the data tier (tcp ${port})`,
      );
  const sshSources: [string, Endpoint][] = [
    ["internet", { kind: "internet" }],
    ...[...tiers].filter((t) => t !== "firewall").map((t): [string, Endpoint] => [t, tierEni(t)]),
    ...nodeTiers.map((t): [string, Endpoint] => [`${t}-nodes`, nodesIn(t)]),
  ];
  for (const tier of nodeTiers)
    for (const [name, from] of sshSources)
      add(
        `${name}-to-${tier}-nodes-ssh`,
        from,
        nodesIn(tier),
        "tcp",
        22,
        "deny",
        CITE.issue,
        `no SSH to ${tier} nodes from ${name}`,
      );
  // NACLs are stateless, so reply rules admit new connections too; narrowed to the ephemeral range, they
  // refuse connections to lower ports (8080 stands for any service port below 32768) between tiers that
  // have no such flow.
  const naclPairs: [string, string][] = [
    ["data", "management"],
    ["data", "inference"],
    ["logging", "management"],
    ["logging", "inference"],
  ];
  for (const [a, b] of naclPairs.filter(([x, y]) => tiers.has(x) && tiers.has(y)))
    add(
      `nacl-${a}-to-${b}-8080`,
      { kind: "subnets", subnets: tierSubnets(a), securityGroups: [] },
      { kind: "subnets", subnets: tierSubnets(b), securityGroups: [] },
      "tcp",
      8080,
      "deny",
      CITE.issue,
      `the NACLs alone refuse new connections from ${a} to ${b} on tcp 8080`,
      ["nacl"],
    );
  return cases;
}
