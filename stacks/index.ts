import { loadConfig } from "./load";
import { buildPlatform } from "./platform";

// Entry point of the Pulumi program (Pulumi.yaml `main`). Config is validated in full before any
// resource is registered; the stack outputs are exported here, in one place.
const platform = buildPlatform(loadConfig());

export const environment = platform.environment;
export const region = platform.region;
export const subnetPlan = platform.subnetPlan;
export const keyArns = platform.keyArns;
export const vpcId = platform.vpcId;
export const subnetIds = platform.subnetIds;
export const securityGroupIds = platform.securityGroupIds;
export const endpointSecurityGroupId = platform.endpointSecurityGroupId;
export const flowLogGroupName = platform.flowLogGroupName;
// The networks admitted to the private API (rampart verify proves each reaches it on 443).
export const operatorCidrs = platform.operatorCidrs;
export const clusterName = platform.cluster.clusterName;
export const oidcProviderArn = platform.cluster.oidcProviderArn;
// Secret: it carries the cluster's endpoint and CA, and is how operators reach the private API.
export const kubeconfig = platform.cluster.kubeconfig;
// The public entry point (point the DNS names of rampart:mesh.gateway.hosts at it) and its WAF.
export const loadBalancerDnsName = platform.edge?.dnsName;
export const webAclArn = platform.edge?.webAclArn;
// The mesh's root certificate (public): what clients of the mesh's gateway certificate trust.
export const meshRootCertPem = platform.mesh?.rootCertPem;
// The access roles' IAM ARNs (the identity provider maps groups to them) and Vault's address and CA.
export const accessRoleArns = platform.access?.roleArns;
export const vaultAddress = platform.vaultServer?.address;
export const vaultCaCertPem = platform.vaultServer?.caCertPem;
// The supply chain: where images are pushed and signed, and where model versions are published.
export const repositoryUrls = platform.supplyChain?.repositoryUrls;
export const signingKeyArn = platform.supplyChain?.signingKeyArn;
export const cosignKeyRef = platform.supplyChain?.cosignKeyRef;
export const signingPublicKeyPem = platform.supplyChain?.signingPublicKeyPem;
export const modelBucketName = platform.supplyChain?.modelBucketName;
// Recovery: the Backup vault, and the security group the runbooks attach to a compromised node.
export const backupVaultName = platform.recovery?.vaultName;
export const isolationSecurityGroupId = platform.recovery?.isolationSecurityGroupId;
