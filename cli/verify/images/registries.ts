/**
 * What Rampart knows about registries, each fact cited: the hosts a pull from a public registry contacts
 * (so that all of them must pass the firewall), the registries whose hosts are not published (so a
 * listing cannot be verified), ECR's private registry host form, and the registries serving the EKS
 * add-ons' images.
 */
import { DOCKER_HUB } from "./reference";

export const CITE = {
  ecrEndpoints: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html",
  ecrRegistry: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html",
  addonImages: "https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html",
  dockerHub: "https://docs.docker.com/desktop/setup/allow-list/",
  k8sRegistry: "https://github.com/kubernetes/registry.k8s.io#stability",
  firewallDomains:
    "https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-domain-names.html",
} as const;

export type RegistryHosts =
  | { readonly kind: "hosts"; readonly hosts: readonly string[]; readonly cite?: string }
  | { readonly kind: "unverified"; readonly why: string; readonly cite?: string };

/**
 * The hosts a pull contacts, per registry. A registry not listed here is taken to serve everything from
 * its own host; a registry known to redirect layer downloads elsewhere is listed with those hosts, or as
 * unverified when its owner publishes no stable list (then it counts as unreachable: mirror it to ECR).
 */
const KNOWN: Readonly<Record<string, RegistryHosts>> = {
  // Docker's allow-list for pulls: the registry API, token service, and the two layer stores (paid
  // plans; personal and anonymous pulls, which is what nodes without credentials make).
  [DOCKER_HUB]: {
    kind: "hosts",
    hosts: [
      "registry-1.docker.io",
      "auth.docker.io",
      "production.cloudflare.docker.com",
      "docker-images-prod.6aa30f8b08e16409b46e0173d6de2f56.r2.cloudflarestorage.com",
    ],
    cite: CITE.dockerHub,
  },
  "nvcr.io": {
    kind: "unverified",
    why: "NVIDIA publishes no list of the hosts nvcr.io serves image layers from, so an allow-list cannot be shown to admit a pull",
  },
  "registry.k8s.io": {
    kind: "unverified",
    why: "registry.k8s.io redirects to cloud storage hosts it declares unstable, and asks restricted networks to mirror",
    cite: CITE.k8sRegistry,
  },
};

export function registryHosts(registry: string): RegistryHosts {
  return KNOWN[registry.toLowerCase()] ?? { kind: "hosts", hosts: [registry.replace(/:\d+$/, "")] };
}

/** `<account>.dkr.ecr[-fips].<region>.amazonaws.com` (`.com.cn` in China, `.eu` in the European Sovereign Cloud). */
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.(?:com|com\.cn|eu)$/;

export function ecrRegistry(registry: string): { account: string; region: string } | undefined {
  const m = ECR_HOST.exec(registry.toLowerCase());
  return m ? { account: m[1]!, region: m[2]! } : undefined;
}

/** The account serving the EKS add-ons' images in each Region (the AWS table, as of 2026). */
const EKS_ADDON_ACCOUNTS: Readonly<Record<string, string>> = {
  "af-south-1": "877085696533",
  "ap-east-1": "800184023465",
  "ap-east-2": "533267051163",
  "ap-southeast-3": "296578399912",
  "ap-south-2": "900889452093",
  "ap-southeast-4": "491585149902",
  "ap-southeast-6": "333609536671",
  "ap-southeast-7": "121268973566",
  "cn-north-1": "918309763551",
  "cn-northwest-1": "961992271922",
  "eu-south-1": "590381155156",
  "eu-south-2": "455263428931",
  "eu-central-2": "900612956339",
  "il-central-1": "066635153087",
  "mx-central-1": "730335286997",
  "me-south-1": "558608220178",
  "me-central-1": "759879836304",
  "ca-west-1": "761377655185",
  "us-gov-east-1": "151742754352",
  "us-gov-west-1": "013241004608",
  "eusc-de-east-1": "877088126301",
};
const EKS_ADDON_DEFAULT_ACCOUNT = "602401143452";
const EKS_ADDON_DEFAULT_REGIONS = new Set(
  (
    "ap-south-1 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-southeast-1 ap-southeast-2 ca-central-1 " +
    "eu-central-1 eu-north-1 eu-west-1 eu-west-2 eu-west-3 sa-east-1 us-east-1 us-east-2 us-west-1 us-west-2"
  ).split(" "),
);

export function eksAddonAccount(region: string): string | undefined {
  return (
    EKS_ADDON_ACCOUNTS[region] ??
    (EKS_ADDON_DEFAULT_REGIONS.has(region) ? EKS_ADDON_DEFAULT_ACCOUNT : undefined)
  );
}

export function eksAddonRegistry(region: string): string | undefined {
  const account = eksAddonAccount(region);
  if (!account) return undefined;
  const suffix = region.startsWith("cn-")
    ? "amazonaws.com.cn"
    : region.startsWith("eusc-")
      ? "amazonaws.eu"
      : "amazonaws.com";
  return `${account}.dkr.ecr.${region}.${suffix}`;
}

/**
 * EKS add-ons whose images come from the Region's EKS add-on registry (the AWS-authored add-ons Rampart
 * installs). Another add-on (a partner's, GuardDuty's, ADOT's) pulls from elsewhere: undecidable.
 */
export const EKS_REGISTRY_ADDONS: ReadonlySet<string> = new Set([
  "vpc-cni",
  "coredns",
  "kube-proxy",
  "aws-ebs-csi-driver",
  "eks-pod-identity-agent",
]);
