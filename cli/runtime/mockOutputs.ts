import type * as pulumi from "@pulumi/pulumi";

/**
 * What the mock "cloud" answers: the provider-computed outputs a real `pulumi up` would return (ids,
 * ARNs, endpoints), so that components can wire one resource's outputs into another's inputs. Values
 * are plausible and deterministic; the account is AWS's documentation account.
 */

export const MOCK_ACCOUNT_ID = "123456789012";

/** The mocked `aws.kms.getPublicKey` answer: a P-256 public key (SPKI), PEM and base64 DER. */
export const MOCK_SIGNING_PUBLIC_KEY_PEM = [
  "-----BEGIN PUBLIC KEY-----",
  "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvVXyYNnS712UuW4x9FrgvK6+2WNe",
  "948r6ZWF7fUh/QAE3p8xhe1IK+5USDqWXxmlgVKT6CsXtS09nAkuTPV+JA==",
  "-----END PUBLIC KEY-----",
  "",
].join("\n");
export const MOCK_SIGNING_PUBLIC_KEY_DER_B64 = MOCK_SIGNING_PUBLIC_KEY_PEM.split("\n")
  .filter((l) => l !== "" && !l.startsWith("-----"))
  .join("");

export interface MockContext {
  readonly region: string;
  readonly accountId: string;
}

/** ARN service segment per AWS module where it differs from the module name. */
const ARN_SERVICE: Record<string, string> = {
  cloudwatch: "logs",
  ec2transitgateway: "ec2",
  networkfirewall: "network-firewall",
  opensearch: "es",
  cloudtrail: "cloudtrail",
  guardduty: "guardduty",
};

/**
 * A bucket's name: `bucket` as given; with `bucketPrefix`, the prefix and 26 characters, as the provider
 * names it (a timestamp and a counter), so that policies granting on `<prefix>*` see a matching ARN.
 */
function bucketOutputs(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const prefix = typeof inputs.bucketPrefix === "string" ? inputs.bucketPrefix : undefined;
  const bucket = str(
    inputs.bucket,
    prefix !== undefined ? `${prefix}20261202000000000000000001` : `${name}-bucket`,
  );
  return { bucket, arn: `arn:aws:s3:::${bucket}` };
}

const str = (v: unknown, fallback: string): string => (typeof v === "string" ? v : fallback);

/** A PEM-shaped placeholder whose body names the mock resource: `mock:<name>`. */
export const mockPem = (label: string, name: string): string =>
  `-----BEGIN ${label}-----\nmock:${name}\n-----END ${label}-----\n`;

/** Outputs specific to a resource type, beyond `id`/`arn`. */
const TYPE_OUTPUTS: Record<
  string,
  (name: string, inputs: Record<string, unknown>, ctx: MockContext) => Record<string, unknown>
> = {
  "aws:kms/key:Key": (name, _i, ctx) => ({
    keyId: `${name}-key-id`,
    arn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${name}-key-id`,
  }),
  "aws:ec2/vpc:Vpc": (name) => ({
    defaultSecurityGroupId: `${name}-default-sg`,
    mainRouteTableId: `${name}-main-rtb`,
    defaultNetworkAclId: `${name}-default-nacl`,
  }),
  "aws:eks/cluster:Cluster": (name, inputs, ctx) => ({
    // EKS's ARN names the cluster by its name (`cluster/<name>`), which policies scope to.
    arn: `arn:aws:eks:${ctx.region}:${ctx.accountId}:cluster/${str(inputs.name, name)}`,
    endpoint: `https://${name}.gr7.${ctx.region}.eks.amazonaws.com`,
    certificateAuthority: { data: Buffer.from(`${name}-ca`).toString("base64") },
    identities: [
      {
        oidcs: [
          {
            issuer: `https://oidc.eks.${ctx.region}.amazonaws.com/id/${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
          },
        ],
      },
    ],
    clusterSecurityGroupId: `${name}-cluster-sg`,
    // The AWS provider reports the EKS-created security group inside vpcConfig.
    vpcConfig: { ...(inputs.vpcConfig as object | undefined), clusterSecurityGroupId: `${name}-cluster-sg` },
    name: inputs.name ?? name,
    version: inputs.version,
  }),
  "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1, defaultVersion: 1 }),
  // EKS names a managed node group's Auto Scaling group `eks-<node group>-<uuid>`.
  "aws:eks/nodeGroup:NodeGroup": (name, inputs) => ({
    nodeGroupName: inputs.nodeGroupName ?? name,
    resources: [{ autoscalingGroups: [{ name: `eks-${str(inputs.nodeGroupName, name)}-asg` }] }],
  }),
  "aws:iam/role:Role": (name, inputs, ctx) => ({
    arn: `arn:aws:iam::${ctx.accountId}:role/${str(inputs.name, name)}`,
    name: inputs.name ?? name,
  }),
  "aws:iam/policy:Policy": (name, inputs, ctx) => ({
    arn: `arn:aws:iam::${ctx.accountId}:policy/${str(inputs.name, name)}`,
  }),
  // IAM names the provider after its URL without the scheme, so a trust policy's Federated ARN and its
  // `<host>:sub` condition keys name the same issuer (aws-iam-role-require-federated-audience reads both).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (name, inputs, ctx) => ({
    arn: `arn:aws:iam::${ctx.accountId}:oidc-provider/${
      typeof inputs.url === "string" && inputs.url !== ""
        ? inputs.url.replace(/^https:\/\//, "")
        : `oidc.eks.${ctx.region}.amazonaws.com/id/${name}`
    }`,
  }),
  "aws:s3/bucket:Bucket": (name, inputs) => bucketOutputs(name, inputs),
  "aws:s3/bucketV2:BucketV2": (name, inputs) => bucketOutputs(name, inputs),
  "aws:cloudwatch/logGroup:LogGroup": (name, inputs, ctx) => ({
    name: inputs.name ?? name,
    arn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${str(inputs.name, name)}`,
  }),
  // ELB names an ALB's DNS record `<name>-<id>.<region>.elb.amazonaws.com`.
  "aws:lb/loadBalancer:LoadBalancer": (name, inputs, ctx) => ({
    dnsName: `${str(inputs.name, name)}-1234567890.${ctx.region}.elb.amazonaws.com`,
    arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:loadbalancer/app/${str(inputs.name, name)}/0123456789abcdef`,
  }),
  // OpenSearch names a domain's ARN and VPC endpoint after its domainName, not the Pulumi resource.
  "aws:opensearch/domain:Domain": (name, inputs, ctx) => ({
    arn: `arn:aws:es:${ctx.region}:${ctx.accountId}:domain/${str(inputs.domainName, name)}`,
    endpoint: `vpc-${str(inputs.domainName, name)}-abcdefghijklmnop.${ctx.region}.es.amazonaws.com`,
  }),
  "aws:ec2/vpcEndpoint:VpcEndpoint": (name, inputs) =>
    inputs.vpcEndpointType === "Gateway" ? { prefixListId: `pl-${name}` } : {},
  // @pulumi/tls: placeholder PEMs that name the resource, so tests can follow which key and certificate
  // went where (no X.509 is generated offline).
  "tls:index/privateKey:PrivateKey": (name) => ({
    privateKeyPem: mockPem("EC PRIVATE KEY", name),
    publicKeyPem: mockPem("PUBLIC KEY", name),
  }),
  "tls:index/certRequest:CertRequest": (name) => ({ certRequestPem: mockPem("CERTIFICATE REQUEST", name) }),
  "tls:index/selfSignedCert:SelfSignedCert": (name) => ({ certPem: mockPem("CERTIFICATE", name) }),
  "tls:index/locallySignedCert:LocallySignedCert": (name) => ({ certPem: mockPem("CERTIFICATE", name) }),
  // ECR names repositories by `name`; the URL is `<registry host>/<name>`.
  "aws:ecr/repository:Repository": (name, inputs, ctx) => ({
    arn: `arn:aws:ecr:${ctx.region}:${ctx.accountId}:repository/${str(inputs.name, name)}`,
    registryId: ctx.accountId,
    repositoryUrl: `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${str(inputs.name, name)}`,
  }),
  "aws:networkfirewall/firewall:Firewall": (name, inputs) => ({
    firewallStatuses: [
      {
        syncStates: ((inputs.subnetMappings as { subnetId: string }[] | undefined) ?? []).map((m, i) => ({
          availabilityZone: `zone-${i}`,
          attachments: [{ endpointId: `vpce-${name}-${i}`, subnetId: m.subnetId }],
        })),
      },
    ],
  }),
};

function arnFor(type: string, name: string, ctx: MockContext): string {
  const [pkg, mod = "", kind = ""] = type.split(":");
  const module = mod.split("/")[0] ?? mod;
  if (pkg !== "aws") return `${type}::${name}`;
  const service = ARN_SERVICE[module] ?? module;
  return `arn:aws:${service}:${ctx.region}:${ctx.accountId}:${kind.charAt(0).toLowerCase()}${kind.slice(1)}/${name}`;
}

export function mockOutputs(
  args: pulumi.runtime.MockResourceArgs,
  ctx: MockContext,
): pulumi.runtime.MockResourceResult {
  const inputs = (args.inputs ?? {}) as Record<string, unknown>;
  if (args.custom === false) return { id: undefined, state: inputs };
  const id = args.type.startsWith("pulumi:providers:") ? `${args.name}-provider-id` : `${args.name}-id`;
  const extra = TYPE_OUTPUTS[args.type]?.(args.name, inputs, ctx) ?? {};
  return { id, state: { arn: arnFor(args.type, args.name, ctx), ...inputs, ...extra } };
}

/** Invokes the program may make. Anything else is a bug in a component: fail loudly. */
export function mockCall(args: pulumi.runtime.MockCallArgs, ctx: MockContext): Record<string, unknown> {
  switch (args.token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: ctx.accountId,
        arn: `arn:aws:iam::${ctx.accountId}:user/rampart`,
        userId: "AIDAEXAMPLE",
        id: ctx.accountId,
      };
    case "aws:index/getRegion:getRegion":
      return {
        name: ctx.region,
        region: ctx.region,
        id: ctx.region,
        description: ctx.region,
        endpoint: `ec2.${ctx.region}.amazonaws.com`,
      };
    // Preflight lookups: offline, the account is assumed to have what the stack needs (the checks'
    // logic is tested on its own in test/components/shared/preflight.test.ts).
    case "aws:iam/getRoles:getRoles": {
      const inputs = args.inputs as { nameRegex?: string; pathPrefix?: string };
      const name = String(inputs.nameRegex ?? "").replace(/^\^|\$$/g, "");
      return {
        id: ctx.region,
        names: [name],
        arns: [`arn:aws:iam::${ctx.accountId}:role${String(inputs.pathPrefix ?? "/")}${name}`],
      };
    }
    case "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": {
      const filter = (n: string) =>
        (((args.inputs as { filters?: unknown }).filters ?? []) as { name: string; values: string[] }[]).find(
          (f) => f.name === n,
        )?.values ?? [];
      const pairs = filter("instance-type").flatMap((t) => filter("location").map((z) => [t, z] as const));
      return {
        id: ctx.region,
        instanceTypes: pairs.map(([t]) => t),
        locations: pairs.map(([, z]) => z),
        locationTypes: pairs.map(() => "availability-zone"),
        region: ctx.region,
      };
    }
    // The signing key's public half (SupplyChain's signing key): a real P-256 SubjectPublicKeyInfo, made
    // once with node's crypto; its private half was never kept. Only its shape matters offline.
    case "aws:kms/getPublicKey:getPublicKey": {
      const requested = (args.inputs as { keyId?: unknown }).keyId;
      const keyId = typeof requested === "string" ? requested : "";
      return {
        id: keyId,
        keyId,
        arn: keyId.startsWith("arn:") ? keyId : `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${keyId}`,
        customerMasterKeySpec: "ECC_NIST_P256",
        keyUsage: "SIGN_VERIFY",
        signingAlgorithms: ["ECDSA_SHA_256"],
        encryptionAlgorithms: [],
        publicKey: MOCK_SIGNING_PUBLIC_KEY_DER_B64,
        publicKeyPem: MOCK_SIGNING_PUBLIC_KEY_PEM,
      };
    }
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws", reverseDnsPrefix: "com.amazonaws" };
    default:
      throw new Error(
        `unmocked invoke ${args.token}: add it to cli/runtime/mockOutputs.ts or avoid the invoke`,
      );
  }
}
