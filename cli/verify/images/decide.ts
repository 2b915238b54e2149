/**
 * Whether the nodes can pull from a registry, decided from the export alone:
 * - a private ECR registry (this stack's account, or the Region's EKS add-on registry) in the stack's
 *   Region is reachable when every node VPC has the interface endpoints for ecr.api and ecr.dkr (with
 *   private DNS, so the registry's name resolves to them) and the S3 gateway endpoint, where the layers
 *   are stored; the endpoint policies are the access cases' job (`node-ecr/*`, `ecr-layer-download/*`);
 * - any other registry only when every host a pull contacts is on the TLS domain allow-list of every
 *   node VPC's Network Firewall (".example.com" covers its subdomains), and those hosts are known.
 * No firewall and not ECR: not reachable (private tiers have no general internet route).
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 */
import { domainMatches } from "../network/firewall";
import type { Egress, VpcEgress } from "./egress";
import { CITE, ecrRegistry, eksAddonAccount, registryHosts } from "./registries";
import type { ImageVerdictKind } from "./types";

export interface Decision {
  readonly verdict: ImageVerdictKind;
  readonly reason: string;
  readonly cite?: string;
}

const ECR_ENDPOINTS = [
  { suffix: "ecr.api", type: "Interface", what: "the ECR API interface endpoint (ecr.api)" },
  { suffix: "ecr.dkr", type: "Interface", what: "the ECR registry interface endpoint (ecr.dkr)" },
  { suffix: "s3", type: "Gateway", what: "the S3 gateway endpoint (image layers)" },
] as const;

function missingEcrEndpoints(vpc: VpcEgress, region: string): string[] {
  const missing: string[] = [];
  for (const need of ECR_ENDPOINTS) {
    const found = vpc.endpoints.filter(
      (e) => e.serviceName.endsWith(`.${region}.${need.suffix}`) && e.type === need.type,
    );
    if (found.length === 0) missing.push(need.what);
    else if (need.type === "Interface" && !found.some((e) => e.privateDns))
      missing.push(`${need.what} with private DNS (${found.map((e) => e.name).join(", ")} has it off)`);
  }
  return missing;
}

function decideEcr(registry: string, ecr: { account: string; region: string }, egress: Egress): Decision {
  const cite = CITE.ecrEndpoints;
  if (!egress.region)
    return {
      verdict: "undecidable",
      reason: "the export names no AWS Region (no aws provider with a region)",
      cite,
    };
  if (ecr.region !== egress.region)
    return {
      verdict: "deny",
      reason: `${registry} is in ${ecr.region}, the stack in ${egress.region}: its endpoints cannot be in the stack's VPC`,
      cite,
    };
  const addon = eksAddonAccount(ecr.region) === ecr.account;
  let owner: string;
  if (addon) owner = "the Region's EKS add-on registry (AWS-owned)";
  else if (!egress.account)
    return {
      verdict: "undecidable",
      reason: `the export holds no ARN naming the stack's account, to compare with ${ecr.account}`,
      cite,
    };
  else if (ecr.account !== egress.account)
    return {
      verdict: "deny",
      reason: `${registry} belongs to account ${ecr.account}, not the stack's (${egress.account}) nor the EKS add-on registry`,
      cite: CITE.ecrRegistry,
    };
  else owner = `this stack's account (${ecr.account})`;
  const gaps = egress.vpcs.flatMap((v) =>
    missingEcrEndpoints(v, ecr.region).map((m) => `${v.name} lacks ${m}`),
  );
  if (gaps.length > 0)
    return { verdict: "deny", reason: `private ECR of ${owner}, but ${gaps.join("; ")}`, cite };
  return {
    verdict: "allow",
    reason: `private ECR of ${owner}, through the ecr.api, ecr.dkr and S3 endpoints of ${egress.vpcs.map((v) => v.name).join(", ")}`,
    cite,
  };
}

function decideAllowListed(registry: string, egress: Egress): Decision {
  const known = registryHosts(registry);
  if (known.kind === "unverified")
    return {
      verdict: "deny",
      reason: `not verified: ${known.why}; mirror the image to ECR`,
      cite: known.cite,
    };
  const cite = known.cite ?? CITE.firewallDomains;
  const problems: string[] = [];
  const passed: string[] = [];
  let unreadable = false;
  for (const vpc of egress.vpcs) {
    if (vpc.allowLists.length === 0) {
      problems.push(
        `${vpc.name} has no Network Firewall allow-list and ${registry} is not a private ECR registry`,
      );
      continue;
    }
    for (const list of vpc.allowLists) {
      const missing = known.hosts.filter((h) => !list.tlsDomains.some((t) => domainMatches(t, h)));
      if (missing.length === 0) passed.push(list.firewall);
      else if (list.missingGroups.length > 0) {
        // A rule group we cannot read might list the host: neither allow nor deny.
        unreadable = true;
        problems.push(
          `${list.firewall} references rule groups not in the export (${list.missingGroups.join(", ")})`,
        );
      } else problems.push(`${list.firewall}'s TLS allow-list does not admit ${missing.join(", ")}`);
    }
  }
  if (problems.length > 0)
    return { verdict: unreadable ? "undecidable" : "deny", reason: problems.join("; "), cite };
  return {
    verdict: "allow",
    reason: `${known.hosts.join(", ")} on the TLS allow-list of ${passed.join(", ")}`,
    cite,
  };
}

export function decideRegistry(registry: string, egress: Egress): Decision {
  if (egress.vpcs.length === 0)
    return {
      verdict: "undecidable",
      reason: "the export holds no VPC: where the nodes pull from is not in it",
    };
  const ecr = ecrRegistry(registry);
  return ecr ? decideEcr(registry, ecr, egress) : decideAllowListed(registry, egress);
}
