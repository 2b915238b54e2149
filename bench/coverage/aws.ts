/**
 * The AWS flaws of the coverage comparison (`npm run bench -- coverage`): per flaw, a hardened minimal
 * resource set (GOOD) and the same set with one flaw (BAD), written the way `@pulumi/aws` v7 takes them
 * (type tokens and property names from node_modules/@pulumi/aws/<service>/*.d.ts and types/input.d.ts).
 * Catalog IDs are the public checks each flaw is (Checkov: /tmp/ck/checkov sources; Trivy: AVD index).
 */
import { type Flaw, type Res, mutate, pair } from "./model";

const ACCOUNT = "123456789012";
export const KMS_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/8f1e2d3c-4b5a-4c6d-9e8f-0a1b2c3d4e5f`;
const LOG_BUCKET = "rampart-coverage-access-logs";
const VPC = "vpc-0a1b2c3d4e5f60718";
const SUBNETS = ["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722"];
const SG = "sg-0a1b2c3d4e5f60733";
const CERT = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`;
const tags = { project: "rampart", environment: "coverage", owner: "platform" };

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement });

// ---- S3 -------------------------------------------------------------------------------------------

/** A hardened bucket: SSE-KMS, public access block, versioning and access logging, each its own resource. */
function s3Set(id: string, type = "aws:s3/bucket:Bucket"): Res[] {
  const bucket = `rampart-coverage-${id}`;
  return [
    { role: "bucket", type, id: bucket, inputs: { bucket, forceDestroy: false, tags } },
    {
      role: "sse",
      type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      inputs: {
        bucket,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KMS_ARN },
            bucketKeyEnabled: true,
          },
        ],
      },
    },
    {
      role: "pab",
      type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      inputs: {
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
    },
    {
      role: "versioning",
      type: "aws:s3/bucketVersioning:BucketVersioning",
      inputs: { bucket, versioningConfiguration: { status: "Enabled" } },
    },
    {
      role: "logging",
      type: "aws:s3/bucketLogging:BucketLogging",
      inputs: { bucket, targetBucket: LOG_BUCKET, targetPrefix: `${bucket}/` },
    },
  ];
}

/** The same bucket written with the deprecated inline blocks of the old BucketV2 type. */
function s3V2Inline(id: string): Res[] {
  const bucket = `rampart-coverage-${id}`;
  return [
    {
      role: "bucket",
      type: "aws:s3/bucketV2:BucketV2",
      id: bucket,
      inputs: {
        bucket,
        serverSideEncryptionConfigurations: [
          {
            rules: [
              {
                applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: KMS_ARN }],
                bucketKeyEnabled: true,
              },
            ],
          },
        ],
        versionings: [{ enabled: true }],
        loggings: [{ targetBucket: LOG_BUCKET, targetPrefix: `${bucket}/` }],
        tags,
      },
    },
    s3Set(id).find((r) => r.role === "pab")!,
  ];
}

const without = (set: Res[], role: string) => set.filter((r) => r.role !== role);
const publicRead = (bucket: string) =>
  doc({
    Sid: "PublicRead",
    Effect: "Allow",
    Principal: "*",
    Action: "s3:GetObject",
    Resource: `arn:aws:s3:::${bucket}/*`,
  });
const tlsOnly = (bucket: string) =>
  doc({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  });

const s3: Flaw[] = [
  pair("s3-sse-missing", "S3", "separate resource omitted", ["CKV_AWS_145", "AVD-AWS-0132"], (id) => {
    const good = s3Set(id);
    return { good, bad: without(good, "sse") };
  }),
  pair("s3-sse-aes256", "S3", "separate resource", ["CKV_AWS_145", "AVD-AWS-0132"], (id) => {
    const good = s3Set(id);
    return {
      good,
      bad: mutate(good, "sse", (i) => {
        i.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }];
      }),
    };
  }),
  pair("s3-sse-aes256-v2-inline", "S3", "old type, inline", ["CKV_AWS_145", "AVD-AWS-0132"], (id) => {
    const good = s3V2Inline(id);
    return {
      good,
      bad: mutate(good, "bucket", (i) => {
        i.serverSideEncryptionConfigurations = [
          { rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] }] },
        ];
      }),
    };
  }),
  pair(
    "s3-sse-aes256-inline",
    "S3",
    "new type, deprecated inline block",
    ["CKV_AWS_145", "AVD-AWS-0132"],
    (id) => {
      const good = mutate(without(s3Set(id), "sse"), "bucket", (i) => {
        i.serverSideEncryptionConfiguration = {
          rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KMS_ARN } },
        };
      });
      return {
        good,
        bad: mutate(good, "bucket", (i) => {
          i.serverSideEncryptionConfiguration = {
            rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
          };
        }),
      };
    },
  ),
  pair("s3-pab-missing", "S3", "separate resource omitted", ["CKV2_AWS_6", "AVD-AWS-0094"], (id) => {
    const good = s3Set(id);
    return { good, bad: without(good, "pab") };
  }),
  pair("s3-pab-policy-off", "S3", "separate resource", ["CKV_AWS_54", "AVD-AWS-0087"], (id) => {
    const good = s3Set(id);
    return { good, bad: mutate(good, "pab", (i) => (i.blockPublicPolicy = false)) };
  }),
  pair("s3-pab-acls-off", "S3", "separate resource", ["CKV_AWS_53", "AVD-AWS-0086"], (id) => {
    const good = s3Set(id);
    return { good, bad: mutate(good, "pab", (i) => (i.blockPublicAcls = false)) };
  }),
  pair("s3-acl-public-inline", "S3", "inline", ["CKV_AWS_20", "AVD-AWS-0092"], (id) => {
    const good = s3Set(id);
    return { good, bad: mutate(good, "bucket", (i) => (i.acl = "public-read")) };
  }),
  pair("s3-acl-public-separate", "S3", "separate resource", ["CKV_AWS_20", "AVD-AWS-0092"], (id) => {
    const good = s3Set(id);
    const bucket = `rampart-coverage-${id}`;
    return {
      good: [
        ...good,
        { role: "acl", type: "aws:s3/bucketAcl:BucketAcl", inputs: { bucket, acl: "private" } },
      ],
      bad: [
        ...good,
        { role: "acl", type: "aws:s3/bucketAcl:BucketAcl", inputs: { bucket, acl: "public-read" } },
      ],
    };
  }),
  pair("s3-policy-public-string", "S3", "separate resource, JSON string", ["CKV_AWS_70"], (id) => {
    const good = s3Set(id);
    const bucket = `rampart-coverage-${id}`;
    const policy = (d: unknown) => ({
      role: "policy",
      type: "aws:s3/bucketPolicy:BucketPolicy",
      inputs: { bucket, policy: JSON.stringify(d) },
    });
    return { good: [...good, policy(tlsOnly(bucket))], bad: [...good, policy(publicRead(bucket))] };
  }),
  pair("s3-policy-public-object", "S3", "separate resource, JSON object", ["CKV_AWS_70"], (id) => {
    const good = s3Set(id);
    const bucket = `rampart-coverage-${id}`;
    const policy = (d: unknown) => ({
      role: "policy",
      type: "aws:s3/bucketPolicy:BucketPolicy",
      inputs: { bucket, policy: d },
    });
    return { good: [...good, policy(tlsOnly(bucket))], bad: [...good, policy(publicRead(bucket))] };
  }),
  pair("s3-policy-public-inline", "S3", "inline, JSON string", ["CKV_AWS_70"], (id) => {
    const good = s3Set(id);
    const bucket = `rampart-coverage-${id}`;
    return {
      good: mutate(good, "bucket", (i) => (i.policy = JSON.stringify(tlsOnly(bucket)))),
      bad: mutate(good, "bucket", (i) => (i.policy = JSON.stringify(publicRead(bucket)))),
    };
  }),
  pair("s3-versioning-missing", "S3", "separate resource omitted", ["CKV_AWS_21", "AVD-AWS-0090"], (id) => {
    const good = s3Set(id);
    return { good, bad: without(good, "versioning") };
  }),
  pair("s3-versioning-suspended", "S3", "separate resource", ["CKV_AWS_21", "AVD-AWS-0090"], (id) => {
    const good = s3Set(id);
    return {
      good,
      bad: mutate(good, "versioning", (i) => (i.versioningConfiguration = { status: "Suspended" })),
    };
  }),
  pair("s3-versioning-v2-inline-off", "S3", "old type, inline", ["CKV_AWS_21", "AVD-AWS-0090"], (id) => {
    const good = s3V2Inline(id);
    return { good, bad: mutate(good, "bucket", (i) => (i.versionings = [{ enabled: false }])) };
  }),
  pair("s3-logging-missing", "S3", "separate resource omitted", ["CKV_AWS_18", "AVD-AWS-0089"], (id) => {
    const good = s3Set(id);
    return { good, bad: without(good, "logging") };
  }),
  pair(
    "s3-logging-v2-inline-missing",
    "S3",
    "old type, inline omitted",
    ["CKV_AWS_18", "AVD-AWS-0089"],
    (id) => {
      const good = s3V2Inline(id);
      return { good, bad: mutate(good, "bucket", (i) => delete i.loggings) };
    },
  ),
];

// ---- KMS ------------------------------------------------------------------------------------------

const keyPolicy = (principal: unknown) =>
  JSON.stringify(
    doc({
      Sid: "KeyAdministration",
      Effect: "Allow",
      Principal: principal,
      Action: "kms:*",
      Resource: "*",
    }),
  );
const kmsKey = (): Res[] => [
  {
    role: "key",
    type: "aws:kms/key:Key",
    inputs: {
      description: "coverage key",
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      policy: keyPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
      tags,
    },
  },
];

const kms: Flaw[] = [
  pair("kms-rotation-off", "KMS", "explicit", ["CKV_AWS_7", "AVD-AWS-0065"], () => {
    const good = kmsKey();
    return { good, bad: mutate(good, "key", (i) => (i.enableKeyRotation = false)) };
  }),
  pair("kms-rotation-omitted", "KMS", "default omitted", ["CKV_AWS_7", "AVD-AWS-0065"], () => {
    const good = kmsKey();
    return { good, bad: mutate(good, "key", (i) => delete i.enableKeyRotation) };
  }),
  pair("kms-policy-wildcard-principal", "KMS", "JSON string", ["CKV_AWS_33"], () => {
    const good = kmsKey();
    return { good, bad: mutate(good, "key", (i) => (i.policy = keyPolicy("*"))) };
  }),
  pair("kms-policy-wildcard-aws", "KMS", "JSON string, {AWS: *}", ["CKV_AWS_33"], () => {
    const good = kmsKey();
    return { good, bad: mutate(good, "key", (i) => (i.policy = keyPolicy({ AWS: "*" }))) };
  }),
];

// ---- EC2: instances, launch templates, launch configurations, volumes, subnets ---------------------

const AMI = "ami-0a1b2c3d4e5f60789";
const instance = (): Res[] => [
  {
    role: "instance",
    type: "aws:ec2/instance:Instance",
    inputs: {
      ami: AMI,
      instanceType: "g5.xlarge",
      subnetId: SUBNETS[0],
      vpcSecurityGroupIds: [SG],
      associatePublicIpAddress: false,
      monitoring: true,
      ebsOptimized: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { encrypted: true, kmsKeyId: KMS_ARN, volumeSize: 200, volumeType: "gp3" },
      tags,
    },
  },
];
const launchTemplate = (): Res[] => [
  {
    role: "lt",
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    inputs: {
      namePrefix: "gpu-",
      imageId: AMI,
      instanceType: "g5.xlarge",
      vpcSecurityGroupIds: [SG],
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: { encrypted: "true", kmsKeyId: KMS_ARN, volumeSize: 200, volumeType: "gp3" },
        },
      ],
      monitoring: { enabled: true },
      tags,
    },
  },
];
const launchConfiguration = (): Res[] => [
  {
    role: "lc",
    type: "aws:ec2/launchConfiguration:LaunchConfiguration",
    inputs: {
      namePrefix: "gpu-",
      imageId: AMI,
      instanceType: "g5.xlarge",
      securityGroups: [SG],
      associatePublicIpAddress: false,
      enableMonitoring: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { encrypted: true, volumeSize: 200, volumeType: "gp3" },
    },
  },
];
const volume = (): Res[] => [
  {
    role: "volume",
    type: "aws:ebs/volume:Volume",
    inputs: {
      availabilityZone: "us-east-1a",
      size: 500,
      type: "gp3",
      encrypted: true,
      kmsKeyId: KMS_ARN,
      tags,
    },
  },
];
const subnet = (): Res[] => [
  {
    role: "subnet",
    type: "aws:ec2/subnet:Subnet",
    inputs: {
      vpcId: VPC,
      cidrBlock: "10.40.8.0/24",
      availabilityZone: "us-east-1a",
      mapPublicIpOnLaunch: false,
      tags,
    },
  },
];

const ec2: Flaw[] = [
  pair("ec2-instance-imdsv1", "EC2", "instance", ["CKV_AWS_79", "AVD-AWS-0028"], () => {
    const good = instance();
    return {
      good,
      bad: mutate(good, "instance", (i) => ((i.metadataOptions as Obj).httpTokens = "optional")),
    };
  }),
  pair(
    "ec2-instance-imds-omitted",
    "EC2",
    "instance, default omitted",
    ["CKV_AWS_79", "AVD-AWS-0028"],
    () => {
      const good = instance();
      return { good, bad: mutate(good, "instance", (i) => delete i.metadataOptions) };
    },
  ),
  pair("ec2-instance-root-unencrypted", "EC2", "instance", ["CKV_AWS_8", "AVD-AWS-0131"], () => {
    const good = instance();
    return {
      good,
      bad: mutate(
        good,
        "instance",
        (i) => (i.rootBlockDevice = { volumeSize: 200, volumeType: "gp3", encrypted: false }),
      ),
    };
  }),
  pair("ec2-instance-public-ip", "EC2", "instance", ["CKV_AWS_88"], () => {
    const good = instance();
    return { good, bad: mutate(good, "instance", (i) => (i.associatePublicIpAddress = true)) };
  }),
  pair("ec2-lt-imdsv1", "EC2", "launch template", ["CKV_AWS_79", "AVD-AWS-0130"], () => {
    const good = launchTemplate();
    return { good, bad: mutate(good, "lt", (i) => ((i.metadataOptions as Obj).httpTokens = "optional")) };
  }),
  pair(
    "ec2-lt-imds-omitted",
    "EC2",
    "launch template, default omitted",
    ["CKV_AWS_79", "AVD-AWS-0130"],
    () => {
      const good = launchTemplate();
      return { good, bad: mutate(good, "lt", (i) => delete i.metadataOptions) };
    },
  ),
  pair("ec2-lt-hop-limit", "EC2", "launch template", ["CKV_AWS_341"], () => {
    const good = launchTemplate();
    return {
      good,
      bad: mutate(good, "lt", (i) => ((i.metadataOptions as Obj).httpPutResponseHopLimit = 3)),
    };
  }),
  // No public catalog check judges a launch template's EBS encryption (Checkov's CKV_AWS_8 and Trivy's
  // AVD-AWS-0008 cover launch configurations and instances only), so that form is not here.
  pair(
    "ec2-lc-ebs-block-device-unencrypted",
    "EC2",
    "launch configuration ebsBlockDevices",
    ["CKV_AWS_8", "AVD-AWS-0008"],
    () => {
      const device = { deviceName: "/dev/sdf", volumeSize: 500, volumeType: "gp3" };
      const good = mutate(
        launchConfiguration(),
        "lc",
        (i) => (i.ebsBlockDevices = [{ ...device, encrypted: true }]),
      );
      return {
        good,
        bad: mutate(good, "lc", (i) => (i.ebsBlockDevices = [{ ...device, encrypted: false }])),
      };
    },
  ),
  pair("ec2-lc-imdsv1", "EC2", "launch configuration", ["CKV_AWS_79", "AVD-AWS-0130"], () => {
    const good = launchConfiguration();
    return { good, bad: mutate(good, "lc", (i) => ((i.metadataOptions as Obj).httpTokens = "optional")) };
  }),
  pair("ec2-lc-root-unencrypted", "EC2", "launch configuration", ["CKV_AWS_8", "AVD-AWS-0008"], () => {
    const good = launchConfiguration();
    return { good, bad: mutate(good, "lc", (i) => ((i.rootBlockDevice as Obj).encrypted = false)) };
  }),
  pair("ec2-lc-public-ip", "EC2", "launch configuration", ["AVD-AWS-0009"], () => {
    const good = launchConfiguration();
    return { good, bad: mutate(good, "lc", (i) => (i.associatePublicIpAddress = true)) };
  }),
  pair("ec2-ebs-unencrypted", "EC2", "volume", ["CKV_AWS_3", "AVD-AWS-0026"], () => {
    const good = volume();
    return { good, bad: mutate(good, "volume", (i) => ((i.encrypted = false), delete i.kmsKeyId)) };
  }),
  pair("ec2-ebs-encryption-omitted", "EC2", "volume, default omitted", ["CKV_AWS_3", "AVD-AWS-0026"], () => {
    const good = volume();
    return { good, bad: mutate(good, "volume", (i) => (delete i.encrypted, delete i.kmsKeyId)) };
  }),
  pair("ec2-subnet-public-ip", "EC2", "subnet", ["CKV_AWS_130", "AVD-AWS-0164"], () => {
    const good = subnet();
    return { good, bad: mutate(good, "subnet", (i) => (i.mapPublicIpOnLaunch = true)) };
  }),
];

// ---- Security groups --------------------------------------------------------------------------------

const HTTPS_IN = {
  protocol: "tcp",
  fromPort: 443,
  toPort: 443,
  cidrBlocks: ["10.40.0.0/16"],
  description: "https from the VPC",
};
const HTTPS_OUT = {
  protocol: "tcp",
  fromPort: 443,
  toPort: 443,
  cidrBlocks: ["10.40.0.0/16"],
  description: "https to the VPC",
};
const sgInline = (ingress: unknown[], egress: unknown[] = [HTTPS_OUT]): Res => ({
  role: "sg",
  type: "aws:ec2/securityGroup:SecurityGroup",
  inputs: { vpcId: VPC, description: "inference tier", ingress, egress, revokeRulesOnDelete: true, tags },
});
/** A security group with no inline rules and one separate rule resource. */
const sgWithRule = (id: string, rule: Res): Res[] => [
  {
    role: "sg",
    type: "aws:ec2/securityGroup:SecurityGroup",
    id: `sg-${id}`,
    inputs: { vpcId: VPC, description: "inference tier", revokeRulesOnDelete: true, tags },
  },
  { ...rule, inputs: { securityGroupId: `sg-${id}`, ...rule.inputs } },
];
const sgRule = (inputs: Obj): Res => ({
  role: "rule",
  type: "aws:ec2/securityGroupRule:SecurityGroupRule",
  inputs: { type: "ingress", protocol: "tcp", description: "rule", ...inputs },
});
const vpcIngress = (inputs: Obj): Res => ({
  role: "rule",
  type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  inputs: { ipProtocol: "tcp", description: "rule", ...inputs },
});
const vpcEgress = (inputs: Obj): Res => ({
  role: "rule",
  type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  inputs: { ipProtocol: "tcp", description: "rule", ...inputs },
});
const ssh = { protocol: "tcp", fromPort: 22, toPort: 22, description: "ssh" };

const sgs: Flaw[] = [
  pair("sg-ssh-inline-ipv4", "Security groups", "inline, IPv4", ["CKV_AWS_24", "AVD-AWS-0107"], () => ({
    good: [sgInline([HTTPS_IN, { ...ssh, cidrBlocks: ["10.40.0.0/16"] }])],
    bad: [sgInline([HTTPS_IN, { ...ssh, cidrBlocks: ["0.0.0.0/0"] }])],
  })),
  pair("sg-ssh-inline-ipv6", "Security groups", "inline, IPv6", ["CKV_AWS_24", "AVD-AWS-0107"], () => ({
    good: [sgInline([HTTPS_IN, { ...ssh, ipv6CidrBlocks: ["2600:1f18:aaaa:bb00::/56"] }])],
    bad: [sgInline([HTTPS_IN, { ...ssh, ipv6CidrBlocks: ["::/0"] }])],
  })),
  pair(
    "sg-ssh-inline-port-range",
    "Security groups",
    "inline, port range",
    ["CKV_AWS_24", "AVD-AWS-0107"],
    () => ({
      good: [
        sgInline([HTTPS_IN, { protocol: "tcp", fromPort: 8000, toPort: 8100, cidrBlocks: ["10.40.0.0/16"] }]),
      ],
      bad: [sgInline([HTTPS_IN, { protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }])],
    }),
  ),
  pair(
    "sg-all-traffic-inline",
    "Security groups",
    "inline, protocol -1",
    ["CKV_AWS_277", "AVD-AWS-0107"],
    () => ({
      good: [sgInline([HTTPS_IN])],
      bad: [sgInline([HTTPS_IN, { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }])],
    }),
  ),
  pair(
    "sg-rdp-rule-ipv4",
    "Security groups",
    "SecurityGroupRule, IPv4",
    ["CKV_AWS_25", "AVD-AWS-0107"],
    (id) => ({
      good: sgWithRule(id, sgRule({ fromPort: 3389, toPort: 3389, cidrBlocks: ["10.40.0.0/16"] })),
      bad: sgWithRule(id, sgRule({ fromPort: 3389, toPort: 3389, cidrBlocks: ["0.0.0.0/0"] })),
    }),
  ),
  pair(
    "sg-ssh-rule-ipv6",
    "Security groups",
    "SecurityGroupRule, IPv6",
    ["CKV_AWS_24", "AVD-AWS-0107"],
    (id) => ({
      good: sgWithRule(
        id,
        sgRule({ fromPort: 22, toPort: 22, ipv6CidrBlocks: ["2600:1f18:aaaa:bb00::/56"] }),
      ),
      bad: sgWithRule(id, sgRule({ fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/0"] })),
    }),
  ),
  pair(
    "sg-ssh-vpc-rule-ipv4",
    "Security groups",
    "vpc.SecurityGroupIngressRule, IPv4",
    ["CKV_AWS_24", "AVD-AWS-0107"],
    (id) => ({
      good: sgWithRule(id, vpcIngress({ fromPort: 22, toPort: 22, cidrIpv4: "10.40.0.0/16" })),
      bad: sgWithRule(id, vpcIngress({ fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" })),
    }),
  ),
  pair(
    "sg-ssh-vpc-rule-ipv6",
    "Security groups",
    "vpc.SecurityGroupIngressRule, IPv6",
    ["CKV_AWS_24", "AVD-AWS-0107"],
    (id) => ({
      good: sgWithRule(id, vpcIngress({ fromPort: 22, toPort: 22, cidrIpv6: "2600:1f18:aaaa:bb00::/56" })),
      bad: sgWithRule(id, vpcIngress({ fromPort: 22, toPort: 22, cidrIpv6: "::/0" })),
    }),
  ),
  pair(
    "sg-all-traffic-vpc-rule",
    "Security groups",
    "vpc.SecurityGroupIngressRule, protocol -1",
    ["CKV_AWS_277", "AVD-AWS-0107"],
    (id) => ({
      good: sgWithRule(id, vpcIngress({ fromPort: 443, toPort: 443, cidrIpv4: "10.40.0.0/16" })),
      bad: sgWithRule(id, vpcIngress({ ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" })),
    }),
  ),
  pair("sg-egress-all-inline", "Security groups", "inline egress", ["AVD-AWS-0104"], () => ({
    good: [sgInline([HTTPS_IN])],
    bad: [sgInline([HTTPS_IN], [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }])],
  })),
  pair(
    "sg-egress-all-vpc-rule-ipv6",
    "Security groups",
    "vpc.SecurityGroupEgressRule, IPv6",
    ["AVD-AWS-0104"],
    (id) => ({
      good: sgWithRule(id, vpcEgress({ fromPort: 443, toPort: 443, cidrIpv6: "2600:1f18:aaaa:bb00::/56" })),
      bad: sgWithRule(id, vpcEgress({ ipProtocol: "-1", cidrIpv6: "::/0" })),
    }),
  ),
];

// ---- Load balancers -----------------------------------------------------------------------------------

const alb = (type = "aws:lb/loadBalancer:LoadBalancer"): Res => ({
  role: "lb",
  type,
  inputs: {
    loadBalancerType: "application",
    internal: true,
    subnets: SUBNETS,
    securityGroups: [SG],
    dropInvalidHeaderFields: true,
    desyncMitigationMode: "strictest",
    enableDeletionProtection: true,
    accessLogs: { bucket: LOG_BUCKET, prefix: "alb", enabled: true },
    tags,
  },
});
const LB_ARN = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/coverage/0123456789abcdef`;
const TG_ARN = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/vllm/0123456789abcdef`;
const httpsListener = (type = "aws:lb/listener:Listener"): Res => ({
  role: "listener",
  type,
  inputs: {
    loadBalancerArn: LB_ARN,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    certificateArn: CERT,
    defaultActions: [{ type: "forward", targetGroupArn: TG_ARN }],
  },
});
const httpForward = (type = "aws:lb/listener:Listener"): Res => ({
  role: "listener",
  type,
  inputs: {
    loadBalancerArn: LB_ARN,
    port: 80,
    protocol: "HTTP",
    defaultActions: [{ type: "forward", targetGroupArn: TG_ARN }],
  },
});
const httpRedirect = (type = "aws:lb/listener:Listener"): Res => ({
  role: "listener",
  type,
  inputs: {
    loadBalancerArn: LB_ARN,
    port: 80,
    protocol: "HTTP",
    defaultActions: [
      { type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } },
    ],
  },
});
const classicElb = (type = "aws:elb/loadBalancer:LoadBalancer"): Res => ({
  role: "elb",
  type,
  inputs: {
    internal: true,
    subnets: SUBNETS,
    securityGroups: [SG],
    crossZoneLoadBalancing: true,
    listeners: [
      {
        instancePort: 8443,
        instanceProtocol: "https",
        lbPort: 443,
        lbProtocol: "https",
        sslCertificateId: CERT,
      },
    ],
    accessLogs: { bucket: LOG_BUCKET, bucketPrefix: "elb", enabled: true, interval: 5 },
    tags,
  },
});

const lbs: Flaw[] = [
  pair("lb-listener-http", "Load balancers", "lb.Listener", ["CKV_AWS_2", "AVD-AWS-0054"], () => ({
    good: [httpRedirect()],
    bad: [httpForward()],
  })),
  pair(
    "lb-listener-http-alb-alias",
    "Load balancers",
    "alb.Listener (alias type)",
    ["CKV_AWS_2", "AVD-AWS-0054"],
    () => ({
      good: [httpRedirect("aws:alb/listener:Listener")],
      bad: [httpForward("aws:alb/listener:Listener")],
    }),
  ),
  pair(
    "lb-listener-http-elbv2-token",
    "Load balancers",
    "elasticloadbalancingv2.Listener (old type)",
    ["CKV_AWS_2", "AVD-AWS-0054"],
    () => ({
      good: [httpRedirect("aws:elasticloadbalancingv2/listener:Listener")],
      bad: [httpForward("aws:elasticloadbalancingv2/listener:Listener")],
    }),
  ),
  pair("lb-listener-old-tls", "Load balancers", "lb.Listener", ["CKV_AWS_103", "AVD-AWS-0047"], () => {
    const good = [httpsListener()];
    return { good, bad: mutate(good, "listener", (i) => (i.sslPolicy = "ELBSecurityPolicy-2016-08")) };
  }),
  pair("lb-drop-headers-off", "Load balancers", "lb.LoadBalancer", ["CKV_AWS_131", "AVD-AWS-0052"], () => {
    const good = [alb()];
    return { good, bad: mutate(good, "lb", (i) => (i.dropInvalidHeaderFields = false)) };
  }),
  pair(
    "lb-drop-headers-omitted-alb-alias",
    "Load balancers",
    "alb.LoadBalancer (alias), default omitted",
    ["CKV_AWS_131", "AVD-AWS-0052"],
    () => {
      const good = [alb("aws:alb/loadBalancer:LoadBalancer")];
      return { good, bad: mutate(good, "lb", (i) => delete i.dropInvalidHeaderFields) };
    },
  ),
  pair("lb-access-logs-missing", "Load balancers", "lb.LoadBalancer", ["CKV_AWS_91"], () => {
    const good = [alb()];
    return { good, bad: mutate(good, "lb", (i) => delete i.accessLogs) };
  }),
  pair(
    "lb-access-logs-missing-elbv2-token",
    "Load balancers",
    "elasticloadbalancingv2.LoadBalancer (old type)",
    ["CKV_AWS_91"],
    () => {
      const good = [alb("aws:elasticloadbalancingv2/loadBalancer:LoadBalancer")];
      return { good, bad: mutate(good, "lb", (i) => delete i.accessLogs) };
    },
  ),
  pair("lb-deletion-protection-off", "Load balancers", "lb.LoadBalancer", ["CKV_AWS_150"], () => {
    const good = [alb()];
    return { good, bad: mutate(good, "lb", (i) => (i.enableDeletionProtection = false)) };
  }),
  pair("elb-classic-http-listener", "Load balancers", "classic elb.LoadBalancer", ["CKV_AWS_376"], () => {
    const good = [classicElb()];
    return {
      good,
      bad: mutate(
        good,
        "elb",
        (i) =>
          (i.listeners = [{ instancePort: 8000, instanceProtocol: "http", lbPort: 80, lbProtocol: "http" }]),
      ),
    };
  }),
  pair(
    "elb-classic-access-logs-missing",
    "Load balancers",
    "classic elb.LoadBalancer",
    ["CKV_AWS_92"],
    () => {
      const good = [classicElb()];
      return { good, bad: mutate(good, "elb", (i) => delete i.accessLogs) };
    },
  ),
  pair(
    "elb-classic-access-logs-missing-old-token",
    "Load balancers",
    "elasticloadbalancing.LoadBalancer (old type)",
    ["CKV_AWS_92"],
    () => {
      const good = [classicElb("aws:elasticloadbalancing/loadBalancer:LoadBalancer")];
      return { good, bad: mutate(good, "elb", (i) => delete i.accessLogs) };
    },
  ),
];

// ---- CloudTrail and CloudWatch Logs -------------------------------------------------------------------

const trail = (): Res[] => [
  {
    role: "trail",
    type: "aws:cloudtrail/trail:Trail",
    inputs: {
      name: "org-trail",
      s3BucketName: LOG_BUCKET,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: KMS_ARN,
      cloudWatchLogsGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/cloudtrail:*`,
      cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/cloudtrail-to-cloudwatch`,
      tags,
    },
  },
];
const logGroup = (): Res[] => [
  {
    role: "lg",
    type: "aws:cloudwatch/logGroup:LogGroup",
    inputs: { name: "/rampart/coverage", retentionInDays: 365, kmsKeyId: KMS_ARN, tags },
  },
];

const logs: Flaw[] = [
  pair("trail-log-validation-off", "CloudTrail", "explicit", ["CKV_AWS_36", "AVD-AWS-0016"], () => {
    const good = trail();
    return { good, bad: mutate(good, "trail", (i) => (i.enableLogFileValidation = false)) };
  }),
  pair("trail-kms-missing", "CloudTrail", "omitted", ["CKV_AWS_35", "AVD-AWS-0015"], () => {
    const good = trail();
    return { good, bad: mutate(good, "trail", (i) => delete i.kmsKeyId) };
  }),
  pair("trail-single-region", "CloudTrail", "default omitted", ["CKV_AWS_67", "AVD-AWS-0014"], () => {
    const good = trail();
    return { good, bad: mutate(good, "trail", (i) => delete i.isMultiRegionTrail) };
  }),
  pair(
    "trail-cloudwatch-missing",
    "CloudTrail",
    "omitted",
    ["CKV2_AWS_10", "AVD-AWS-0162", "CIS AWS 3.4"],
    () => {
      const good = trail();
      return {
        good,
        bad: mutate(good, "trail", (i) => (delete i.cloudWatchLogsGroupArn, delete i.cloudWatchLogsRoleArn)),
      };
    },
  ),
  pair("logs-kms-missing", "CloudWatch Logs", "omitted", ["CKV_AWS_158", "AVD-AWS-0017"], () => {
    const good = logGroup();
    return { good, bad: mutate(good, "lg", (i) => delete i.kmsKeyId) };
  }),
  pair("logs-retention-short", "CloudWatch Logs", "explicit", ["CKV_AWS_338"], () => {
    const good = logGroup();
    return { good, bad: mutate(good, "lg", (i) => (i.retentionInDays = 7)) };
  }),
];

// ---- Databases: RDS, DynamoDB ---------------------------------------------------------------------------

const rdsInstance = (): Res[] => [
  {
    role: "db",
    type: "aws:rds/instance:Instance",
    inputs: {
      engine: "postgres",
      engineVersion: "16.4",
      instanceClass: "db.r6g.large",
      allocatedStorage: 100,
      dbSubnetGroupName: "private",
      vpcSecurityGroupIds: [SG],
      username: "app",
      manageMasterUserPassword: true,
      storageEncrypted: true,
      kmsKeyId: KMS_ARN,
      publiclyAccessible: false,
      multiAz: true,
      backupRetentionPeriod: 14,
      deletionProtection: true,
      copyTagsToSnapshot: true,
      iamDatabaseAuthenticationEnabled: true,
      autoMinorVersionUpgrade: true,
      monitoringInterval: 60,
      monitoringRoleArn: `arn:aws:iam::${ACCOUNT}:role/rds-monitoring`,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: KMS_ARN,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      tags,
    },
  },
];
const rdsCluster = (): Res[] => [
  {
    role: "cluster",
    type: "aws:rds/cluster:Cluster",
    inputs: {
      engine: "aurora-postgresql",
      engineVersion: "16.4",
      dbSubnetGroupName: "private",
      vpcSecurityGroupIds: [SG],
      masterUsername: "app",
      manageMasterUserPassword: true,
      storageEncrypted: true,
      kmsKeyId: KMS_ARN,
      backupRetentionPeriod: 14,
      deletionProtection: true,
      copyTagsToSnapshot: true,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ["postgresql"],
      tags,
    },
  },
];
const table = (): Res[] => [
  {
    role: "table",
    type: "aws:dynamodb/table:Table",
    inputs: {
      name: "sessions",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "id",
      attributes: [{ name: "id", type: "S" }],
      serverSideEncryption: { enabled: true, kmsKeyArn: KMS_ARN },
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
      tags,
    },
  },
];

const dbs: Flaw[] = [
  pair("rds-unencrypted", "RDS", "instance", ["CKV_AWS_16", "AVD-AWS-0080"], () => {
    const good = rdsInstance();
    return { good, bad: mutate(good, "db", (i) => ((i.storageEncrypted = false), delete i.kmsKeyId)) };
  }),
  pair("rds-public", "RDS", "instance", ["CKV_AWS_17", "AVD-AWS-0180"], () => {
    const good = rdsInstance();
    return { good, bad: mutate(good, "db", (i) => (i.publiclyAccessible = true)) };
  }),
  pair("rds-backup-off", "RDS", "instance", ["CKV_AWS_133", "AVD-AWS-0077"], () => {
    const good = rdsInstance();
    return { good, bad: mutate(good, "db", (i) => (i.backupRetentionPeriod = 0)) };
  }),
  pair("rds-cluster-unencrypted", "RDS", "cluster, default omitted", ["CKV_AWS_96", "AVD-AWS-0079"], () => {
    const good = rdsCluster();
    return { good, bad: mutate(good, "cluster", (i) => (delete i.storageEncrypted, delete i.kmsKeyId)) };
  }),
  pair("dynamodb-cmk-missing", "DynamoDB", "omitted", ["CKV_AWS_119", "AVD-AWS-0025"], () => {
    const good = table();
    return { good, bad: mutate(good, "table", (i) => delete i.serverSideEncryption) };
  }),
  pair("dynamodb-pitr-off", "DynamoDB", "explicit", ["CKV_AWS_28", "AVD-AWS-0024"], () => {
    const good = table();
    return { good, bad: mutate(good, "table", (i) => (i.pointInTimeRecovery = { enabled: false })) };
  }),
];

// ---- EKS ----------------------------------------------------------------------------------------------

const eksCluster = (id: string): Res[] => [
  {
    role: "cluster",
    type: "aws:eks/cluster:Cluster",
    inputs: {
      name: id,
      version: "1.33",
      roleArn: `arn:aws:iam::${ACCOUNT}:role/eks-cluster`,
      vpcConfig: {
        subnetIds: SUBNETS,
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
        securityGroupIds: [SG],
      },
      encryptionConfig: { provider: { keyArn: KMS_ARN }, resources: ["secrets"] },
      enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      tags,
    },
  },
];
const nodeGroup = (): Res[] => [
  {
    role: "ng",
    type: "aws:eks/nodeGroup:NodeGroup",
    inputs: {
      clusterName: "inference-gpu",
      nodeRoleArn: `arn:aws:iam::${ACCOUNT}:role/eks-node`,
      subnetIds: SUBNETS,
      instanceTypes: ["g5.xlarge"],
      scalingConfig: { desiredSize: 2, maxSize: 4, minSize: 1 },
      launchTemplate: { id: "lt-0a1b2c3d4e5f60789", version: "1" },
      tags,
    },
  },
];

const eks: Flaw[] = [
  pair(
    "eks-public-endpoint",
    "EKS",
    "explicit, open CIDR",
    ["CKV_AWS_39", "CKV_AWS_38", "AVD-AWS-0040", "AVD-AWS-0041"],
    (id) => {
      const good = eksCluster(id);
      return {
        good,
        bad: mutate(good, "cluster", (i) => {
          Object.assign(i.vpcConfig as Obj, { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] });
        }),
      };
    },
  ),
  pair("eks-public-endpoint-default", "EKS", "default omitted", ["CKV_AWS_39", "AVD-AWS-0040"], (id) => {
    const good = eksCluster(id);
    return {
      good,
      bad: mutate(good, "cluster", (i) => {
        i.vpcConfig = { subnetIds: SUBNETS, securityGroupIds: [SG] };
      }),
    };
  }),
  pair("eks-secrets-encryption-missing", "EKS", "omitted", ["CKV_AWS_58", "AVD-AWS-0039"], (id) => {
    const good = eksCluster(id);
    return { good, bad: mutate(good, "cluster", (i) => delete i.encryptionConfig) };
  }),
  pair("eks-control-plane-logs-missing", "EKS", "omitted", ["CKV_AWS_37", "AVD-AWS-0038"], (id) => {
    const good = eksCluster(id);
    return { good, bad: mutate(good, "cluster", (i) => delete i.enabledClusterLogTypes) };
  }),
  pair("eks-nodegroup-open-ssh", "EKS", "node group remoteAccess", ["CKV_AWS_100"], () => {
    const good = nodeGroup();
    return {
      good,
      bad: mutate(good, "ng", (i) => {
        delete i.launchTemplate;
        i.remoteAccess = { ec2SshKey: "ops" };
      }),
    };
  }),
];

// ---- IAM ----------------------------------------------------------------------------------------------

const admin = doc({ Effect: "Allow", Action: "*", Resource: "*" });
const scoped = doc({
  Effect: "Allow",
  Action: ["s3:GetObject", "s3:ListBucket"],
  Resource: ["arn:aws:s3:::rampart-models", "arn:aws:s3:::rampart-models/*"],
});
const trust = (principal: unknown) =>
  JSON.stringify(doc({ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }));
const role = (id: string): Res => ({
  role: "role",
  type: "aws:iam/role:Role",
  id,
  inputs: {
    name: id,
    assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }),
    maxSessionDuration: 3600,
    permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
    tags,
  },
});

const iam: Flaw[] = [
  pair(
    "iam-policy-admin-string",
    "IAM",
    "iam.Policy, JSON string",
    ["CKV_AWS_62", "AVD-AWS-0057", "CIS AWS 1.16"],
    () => ({
      good: [
        {
          role: "policy",
          type: "aws:iam/policy:Policy",
          inputs: { name: "models-read", policy: JSON.stringify(scoped) },
        },
      ],
      bad: [
        {
          role: "policy",
          type: "aws:iam/policy:Policy",
          inputs: { name: "models-read", policy: JSON.stringify(admin) },
        },
      ],
    }),
  ),
  pair(
    "iam-policy-admin-object",
    "IAM",
    "iam.Policy, JSON object",
    ["CKV_AWS_62", "AVD-AWS-0057", "CIS AWS 1.16"],
    () => ({
      good: [
        { role: "policy", type: "aws:iam/policy:Policy", inputs: { name: "models-read", policy: scoped } },
      ],
      bad: [
        { role: "policy", type: "aws:iam/policy:Policy", inputs: { name: "models-read", policy: admin } },
      ],
    }),
  ),
  pair(
    "iam-role-policy-admin",
    "IAM",
    "iam.RolePolicy, JSON string",
    ["CKV_AWS_62", "AVD-AWS-0057"],
    (id) => ({
      good: [
        role(id),
        {
          role: "rp",
          type: "aws:iam/rolePolicy:RolePolicy",
          inputs: { role: id, policy: JSON.stringify(scoped) },
        },
      ],
      bad: [
        role(id),
        {
          role: "rp",
          type: "aws:iam/rolePolicy:RolePolicy",
          inputs: { role: id, policy: JSON.stringify(admin) },
        },
      ],
    }),
  ),
  pair("iam-role-inline-admin", "IAM", "iam.Role inlinePolicies", ["AVD-AWS-0057"], (id) => {
    const good = [role(id)];
    return {
      good: mutate(
        good,
        "role",
        (i) => (i.inlinePolicies = [{ name: "models", policy: JSON.stringify(scoped) }]),
      ),
      bad: mutate(
        good,
        "role",
        (i) => (i.inlinePolicies = [{ name: "models", policy: JSON.stringify(admin) }]),
      ),
    };
  }),
  pair("iam-role-open-trust", "IAM", "iam.Role, Principal AWS *", ["CKV_AWS_60"], (id) => {
    const good = [role(id)];
    return { good, bad: mutate(good, "role", (i) => (i.assumeRolePolicy = trust({ AWS: "*" }))) };
  }),
  pair("iam-role-open-trust-star", "IAM", "iam.Role, Principal *", ["CKV_AWS_60"], (id) => {
    const good = [role(id)];
    return { good, bad: mutate(good, "role", (i) => (i.assumeRolePolicy = trust("*"))) };
  }),
];

// ---- ECR, Secrets Manager, SNS, SQS ---------------------------------------------------------------------

const repo = (id: string): Res[] => [
  {
    role: "repo",
    type: "aws:ecr/repository:Repository",
    id,
    inputs: {
      name: id,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KMS_ARN }],
      tags,
    },
  },
];
const pull = (principal: unknown) =>
  JSON.stringify(
    doc({
      Sid: "Pull",
      Effect: "Allow",
      Principal: principal,
      Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
    }),
  );
const secret = (): Res[] => [
  {
    role: "secret",
    type: "aws:secretsmanager/secret:Secret",
    inputs: { name: "hf-token", kmsKeyId: KMS_ARN, recoveryWindowInDays: 30, tags },
  },
];
const topicArn = (id: string) => `arn:aws:sns:us-east-1:${ACCOUNT}:${id}`;
const topic = (id: string): Res[] => [
  {
    role: "topic",
    type: "aws:sns/topic:Topic",
    id: topicArn(id),
    arn: topicArn(id),
    inputs: { name: id, kmsMasterKeyId: KMS_ARN, tags },
  },
];
const queueArn = (id: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${id}`;
const queue = (id: string): Res[] => [
  {
    role: "queue",
    type: "aws:sqs/queue:Queue",
    arn: queueArn(id),
    inputs: { name: id, kmsMasterKeyId: KMS_ARN, tags },
  },
];
const openPolicy = (action: string, resource: string) =>
  JSON.stringify(doc({ Effect: "Allow", Principal: "*", Action: action, Resource: resource }));
const accountPolicy = (action: string, resource: string) =>
  JSON.stringify(
    doc({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: action,
      Resource: resource,
    }),
  );

const messaging: Flaw[] = [
  pair("ecr-tags-mutable", "ECR", "explicit", ["CKV_AWS_51", "AVD-AWS-0031"], (id) => {
    const good = repo(id);
    return { good, bad: mutate(good, "repo", (i) => (i.imageTagMutability = "MUTABLE")) };
  }),
  pair("ecr-scan-on-push-off", "ECR", "explicit", ["CKV_AWS_163", "AVD-AWS-0030"], (id) => {
    const good = repo(id);
    return { good, bad: mutate(good, "repo", (i) => (i.imageScanningConfiguration = { scanOnPush: false })) };
  }),
  pair("ecr-kms-missing", "ECR", "omitted", ["CKV_AWS_136", "AVD-AWS-0033"], (id) => {
    const good = repo(id);
    return { good, bad: mutate(good, "repo", (i) => delete i.encryptionConfigurations) };
  }),
  pair("ecr-policy-public", "ECR", "RepositoryPolicy, JSON string", ["CKV_AWS_32", "AVD-AWS-0032"], (id) => ({
    good: [
      ...repo(id),
      {
        role: "policy",
        type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
        inputs: { repository: id, policy: pull({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) },
      },
    ],
    bad: [
      ...repo(id),
      {
        role: "policy",
        type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
        inputs: { repository: id, policy: pull("*") },
      },
    ],
  })),
  pair("secret-cmk-missing", "Secrets Manager", "omitted", ["CKV_AWS_149", "AVD-AWS-0098"], () => {
    const good = secret();
    return { good, bad: mutate(good, "secret", (i) => delete i.kmsKeyId) };
  }),
  pair("sns-kms-missing", "SNS/SQS", "SNS, omitted", ["CKV_AWS_26", "AVD-AWS-0095"], (id) => {
    const good = topic(id);
    return { good, bad: mutate(good, "topic", (i) => delete i.kmsMasterKeyId) };
  }),
  pair("sns-policy-public", "SNS/SQS", "sns.TopicPolicy, JSON string", ["CKV_AWS_169"], (id) => {
    const policy = (text: string): Res => ({
      role: "policy",
      type: "aws:sns/topicPolicy:TopicPolicy",
      inputs: { arn: topicArn(id), policy: text },
    });
    return {
      good: [...topic(id), policy(accountPolicy("sns:Publish", topicArn(id)))],
      bad: [...topic(id), policy(openPolicy("sns:Publish", topicArn(id)))],
    };
  }),
  pair("sqs-encryption-off", "SNS/SQS", "SQS, explicit", ["CKV_AWS_27", "AVD-AWS-0096"], (id) => {
    const good = queue(id);
    return {
      good,
      bad: mutate(good, "queue", (i) => (delete i.kmsMasterKeyId, (i.sqsManagedSseEnabled = false))),
    };
  }),
  pair("sqs-policy-public", "SNS/SQS", "SQS inline policy, JSON string", ["CKV_AWS_168"], (id) => {
    const good = queue(id);
    return {
      good: mutate(good, "queue", (i) => (i.policy = accountPolicy("sqs:SendMessage", queueArn(id)))),
      bad: mutate(good, "queue", (i) => (i.policy = openPolicy("sqs:SendMessage", queueArn(id)))),
    };
  }),
];

// ---- OpenSearch, Backup -----------------------------------------------------------------------------------

const domain = (): Res[] => [
  {
    role: "domain",
    type: "aws:opensearch/domain:Domain",
    inputs: {
      domainName: "rag",
      engineVersion: "OpenSearch_2.17",
      clusterConfig: {
        instanceType: "r6g.large.search",
        instanceCount: 3,
        zoneAwarenessEnabled: true,
        zoneAwarenessConfig: { availabilityZoneCount: 3 },
        dedicatedMasterEnabled: true,
        dedicatedMasterType: "m6g.large.search",
        dedicatedMasterCount: 3,
      },
      vpcOptions: { subnetIds: SUBNETS, securityGroupIds: [SG] },
      encryptAtRest: { enabled: true, kmsKeyId: KMS_ARN },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" },
      advancedSecurityOptions: {
        enabled: true,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: `arn:aws:iam::${ACCOUNT}:role/search-admin` },
      },
      logPublishingOptions: [
        {
          logType: "AUDIT_LOGS",
          cloudwatchLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/opensearch/rag/audit`,
          enabled: true,
        },
        {
          logType: "ES_APPLICATION_LOGS",
          cloudwatchLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/opensearch/rag/app`,
          enabled: true,
        },
      ],
      tags,
    },
  },
];
const vault = (): Res[] => [
  { role: "vault", type: "aws:backup/vault:Vault", inputs: { name: "primary", kmsKeyArn: KMS_ARN, tags } },
];

const search: Flaw[] = [
  pair("opensearch-encryption-at-rest-off", "OpenSearch", "explicit", ["CKV_AWS_5", "AVD-AWS-0048"], () => {
    const good = domain();
    return { good, bad: mutate(good, "domain", (i) => (i.encryptAtRest = { enabled: false })) };
  }),
  pair("opensearch-node-to-node-off", "OpenSearch", "explicit", ["CKV_AWS_6", "AVD-AWS-0043"], () => {
    const good = domain();
    return { good, bad: mutate(good, "domain", (i) => (i.nodeToNodeEncryption = { enabled: false })) };
  }),
  pair("opensearch-https-not-enforced", "OpenSearch", "explicit", ["CKV_AWS_83", "AVD-AWS-0046"], () => {
    const good = domain();
    return {
      good,
      bad: mutate(
        good,
        "domain",
        (i) =>
          (i.domainEndpointOptions = {
            enforceHttps: false,
            tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07",
          }),
      ),
    };
  }),
  pair("opensearch-old-tls", "OpenSearch", "explicit", ["CKV_AWS_228", "AVD-AWS-0126"], () => {
    const good = domain();
    return {
      good,
      bad: mutate(
        good,
        "domain",
        (i) =>
          (i.domainEndpointOptions = { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" }),
      ),
    };
  }),
  pair("opensearch-audit-logs-missing", "OpenSearch", "omitted", ["CKV_AWS_317"], () => {
    const good = domain();
    return {
      good,
      bad: mutate(
        good,
        "domain",
        (i) =>
          (i.logPublishingOptions = (i.logPublishingOptions as Obj[]).filter(
            (o) => o.logType !== "AUDIT_LOGS",
          )),
      ),
    };
  }),
  pair(
    "elasticsearch-encryption-at-rest-off",
    "OpenSearch",
    "elasticsearch.Domain (old service)",
    ["CKV_AWS_5", "AVD-AWS-0048"],
    () => {
      const good = mutate(domain(), "domain", (i) => {
        delete i.engineVersion;
        i.elasticsearchVersion = "7.10";
      }).map((r) => ({ ...r, type: "aws:elasticsearch/domain:Domain" }));
      return { good, bad: mutate(good, "domain", (i) => (i.encryptAtRest = { enabled: false })) };
    },
  ),
  pair("backup-vault-cmk-missing", "Backup", "omitted", ["CKV_AWS_166"], () => {
    const good = vault();
    return { good, bad: mutate(good, "vault", (i) => delete i.kmsKeyArn) };
  }),
];

type Obj = Record<string, unknown>;

export const AWS_FLAWS: Flaw[] = [
  ...s3,
  ...kms,
  ...ec2,
  ...sgs,
  ...lbs,
  ...logs,
  ...dbs,
  ...eks,
  ...iam,
  ...messaging,
  ...search,
];
