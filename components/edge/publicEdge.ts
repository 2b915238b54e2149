import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/logGroup";
import { MESH_GATEWAY_NODE_PORTS } from "../shared/ports";
import { assertValidArgs } from "../shared/problems";
import type { PublicEdgeArgs } from "./publicEdge.args";
import {
  ACCESS_LOG_PREFIX,
  accessLogBucketPolicy,
  PUBLIC_EDGE_DEFAULTS,
  redactedHeaders,
  validatePublicEdgeArgs,
  visibility,
  wafLogGroupName,
  wafRules,
} from "./publicEdge.logic";

export type { EdgeWafArgs, PublicEdgeArgs } from "./publicEdge.args";

/**
 * The internet-facing edge: an Application Load Balancer in the ingress tier (TLS 1.2+, HTTP only as a
 * redirect, invalid headers dropped, strictest desync mitigation, access logs to a bucket it owns) in
 * front of the mesh ingress gateway's node ports on the system nodes, and an AWS WAF web ACL on it
 * (rules in publicEdge.logic.ts) that logs to a KMS-encrypted log group with tokens redacted.
 */
export class PublicEdge extends pulumi.ComponentResource {
  public readonly loadBalancerArn: pulumi.Output<string>;
  public readonly dnsName: pulumi.Output<string>;
  public readonly webAclArn: pulumi.Output<string>;
  public readonly wafLogGroupName: pulumi.Output<string>;
  public readonly accessLogBucketName: pulumi.Output<string>;

  constructor(name: string, args: PublicEdgeArgs, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("PublicEdge", name, validatePublicEdgeArgs(args));
    super("rampart:edge:PublicEdge", name, {}, opts);
    const d = PUBLIC_EDGE_DEFAULTS;
    const parent = { parent: this };
    const tags = { ...args.tags };
    const protect = args.protect ?? d.protect;

    const identity = aws.getCallerIdentityOutput({}, parent);
    const region = aws.getRegionOutput({}, parent);
    const partition = aws.getPartitionOutput({}, parent);

    const logs = this.accessLogBucket(name, args, tags, protect, [
      partition.partition,
      region.region,
      identity.accountId,
    ]);

    // @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html
    const lb = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        name: args.namePrefix,
        loadBalancerType: "application",
        internal: false,
        subnets: args.subnetIds,
        securityGroups: [args.securityGroupId],
        // Headers that are not valid HTTP never reach the gateway (request smuggling, header injection).
        dropInvalidHeaderFields: true,
        // Requests that are ambiguous under RFC 7230 are closed, not forwarded.
        // @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#desync-mitigation-mode
        desyncMitigationMode: "strictest",
        // Fail closed: if WAF cannot answer, the request is refused rather than let through unfiltered.
        enableWafFailOpen: false,
        enableDeletionProtection: args.deletionProtection ?? d.deletionProtection,
        idleTimeout: d.idleTimeoutSeconds,
        accessLogs: { bucket: logs.bucket.bucket, prefix: ACCESS_LOG_PREFIX, enabled: true },
        tags: { ...tags, Name: `${name}-alb` },
      },
      // The load balancer checks that it may write to the bucket when access logs are turned on.
      { parent: this, dependsOn: [logs.policy] },
    );

    // The gateway's HTTPS node port on every system node; only nodes with a ready gateway pod pass the
    // health check (the Service uses externalTrafficPolicy Local). ALB does not verify the target's
    // certificate; the hop stays inside the VPC, between the ingress and management tiers.
    // @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
    const targets = new aws.lb.TargetGroup(
      `${name}-gateway`,
      {
        vpcId: args.vpcId,
        targetType: "instance",
        protocol: "HTTPS",
        port: MESH_GATEWAY_NODE_PORTS.https,
        // Long enough for a streamed generation in flight to finish when a node drains.
        deregistrationDelay: 300,
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          port: String(MESH_GATEWAY_NODE_PORTS.status),
          path: "/healthz/ready",
          matcher: "200",
          interval: 10,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 2,
        },
        tags: { ...tags, Name: `${name}-gateway` },
      },
      parent,
    );
    // One attachment per Auto Scaling group, known at construction (see PublicEdgeArgs): the ASG
    // registers every node it launches with the target group.
    // @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/attach-load-balancer-asg.html
    args.targetAutoScalingGroupNames.forEach(
      (asg, i) =>
        new aws.autoscaling.Attachment(
          `${name}-gateway-asg-${i}`,
          { autoscalingGroupName: asg, lbTargetGroupArn: targets.arn },
          parent,
        ),
    );

    new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: lb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: args.sslPolicy ?? d.sslPolicy,
        certificateArn: args.certificateArn,
        defaultActions: [{ type: "forward", targetGroupArn: targets.arn }],
        tags: { ...tags, Name: `${name}-https` },
      },
      parent,
    );
    // @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html#redirect-actions
    new aws.lb.Listener(
      `${name}-http-redirect`,
      {
        loadBalancerArn: lb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ],
        tags: { ...tags, Name: `${name}-http-redirect` },
      },
      parent,
    );

    const acl = new aws.wafv2.WebAcl(
      `${name}-waf`,
      {
        name: `${args.namePrefix}-edge`,
        description: "Rampart edge: rate limits, AWS managed rules, body size, control characters, JSON",
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rules: wafRules(args.waf),
        visibilityConfig: visibility(`${args.namePrefix}-edge`),
        tags,
      },
      parent,
    );
    new aws.wafv2.WebAclAssociation(
      `${name}-waf-association`,
      { resourceArn: lb.arn, webAclArn: acl.arn },
      parent,
    );

    // The log group exists first, encrypted with our key and retained as configured.
    const logGroup = encryptedLogGroup(
      `${name}-waf-logs`,
      {
        name: wafLogGroupName(args.namePrefix),
        kmsKeyArn: args.wafLogs.kmsKeyArn,
        retentionDays: args.wafLogs.retentionDays,
        tags,
      },
      parent,
    );
    new aws.wafv2.WebAclLoggingConfiguration(
      `${name}-waf-logging`,
      {
        resourceArn: acl.arn,
        logDestinationConfigs: [logGroup.arn],
        redactedFields: redactedHeaders(args.waf).map((header) => ({ singleHeader: { name: header } })),
      },
      parent,
    );

    this.loadBalancerArn = lb.arn;
    this.dnsName = lb.dnsName;
    this.webAclArn = acl.arn;
    this.wafLogGroupName = logGroup.name;
    this.accessLogBucketName = logs.bucket.bucket;
    this.registerOutputs({
      loadBalancerArn: this.loadBalancerArn,
      dnsName: this.dnsName,
      webAclArn: this.webAclArn,
      wafLogGroupName: this.wafLogGroupName,
      accessLogBucketName: this.accessLogBucketName,
    });
  }

  /**
   * The access-log bucket: SSE-S3 (access logs do not support SSE-KMS), public access blocked, ACLs off
   * (owner enforced), versioned, expiring logs after `accessLogRetentionDays`, TLS-only policy.
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
   */
  private accessLogBucket(
    name: string,
    args: PublicEdgeArgs,
    tags: Record<string, string>,
    protect: boolean,
    context: [pulumi.Output<string>, pulumi.Output<string>, pulumi.Output<string>],
  ) {
    const parent = { parent: this };
    const days = args.accessLogRetentionDays ?? PUBLIC_EDGE_DEFAULTS.accessLogRetentionDays;
    const bucket = new aws.s3.Bucket(
      `${name}-access-logs`,
      { bucketPrefix: `${args.namePrefix}-alb-logs-`, tags: { ...tags, Name: `${name}-access-logs` } },
      { parent: this, protect },
    );
    new aws.s3.BucketPublicAccessBlock(
      `${name}-access-logs-public-access`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      parent,
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-access-logs-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-access-logs-encryption`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      parent,
    );
    const versioning = new aws.s3.BucketVersioning(
      `${name}-access-logs-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      parent,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-access-logs-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: {},
            expiration: { days },
            // A current log expires after `days`; the noncurrent version it leaves goes a day later.
            noncurrentVersionExpiration: { noncurrentDays: 1 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );
    const policy = new aws.s3.BucketPolicy(
      `${name}-access-logs-policy`,
      {
        bucket: bucket.id,
        policy: pulumi
          .all([...context, bucket.arn])
          .apply(([partition, region, accountId, bucketArn]) =>
            JSON.stringify(
              accessLogBucketPolicy({ partition, region, accountId, bucketArn, prefix: ACCESS_LOG_PREFIX }),
            ),
          ),
      },
      parent,
    );
    return { bucket, policy };
  }
}
