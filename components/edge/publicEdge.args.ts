import type * as pulumi from "@pulumi/pulumi";

/**
 * The contract of `PublicEdge` (`rampart:edge:PublicEdge`): the internet-facing Application Load Balancer
 * in the ingress tier, in front of the mesh ingress gateway's node ports (`MESH_GATEWAY_NODE_PORTS`),
 * with AWS WAF. Types only; the component and its validation live beside this file.
 */

export interface EdgeWafArgs {
  /** Requests per client IP per evaluation window before WAF blocks (rate-based rule). @default 1000 */
  readonly rateLimitPerIp?: number;
  /** Requests per API key / user (value of `keyHeader`) per window. @default 300 */
  readonly rateLimitPerKey?: number;
  /** The header whose value identifies the caller for `rateLimitPerKey`. @default "authorization" */
  readonly keyHeader?: string;
  /** Rate-based rules' evaluation window in seconds (60, 120, 300 or 600). @default 300 */
  readonly evaluationWindowSeconds?: 60 | 120 | 300 | 600;
  /** Largest body WAF lets through, in bytes (ALB inspects at most the first 8 KB). @default 8192 */
  readonly maxBodyBytes?: number;
  /** Path prefixes of JSON endpoints whose bodies must be valid JSON. @default ["/v1/"] */
  readonly jsonPathPrefixes?: readonly string[];
}

export interface PublicEdgeArgs {
  readonly vpcId: pulumi.Input<string>;
  /** The ingress tier's subnets (one per zone). */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The ingress tier's security group (`SegmentedVpc.securityGroupIds.ingress`): the VPC owns the flows
   * from it to the gateway's node ports.
   */
  readonly securityGroupId: pulumi.Input<string>;
  /**
   * Auto Scaling groups of the nodes running the gateway (`HardenedCluster.systemNodeAutoScalingGroupNames`),
   * one entry per node group. A plain array, so that one target-group attachment per group is created
   * (and previewed) when the component is constructed; each name may still be an Output.
   */
  readonly targetAutoScalingGroupNames: readonly pulumi.Input<string>[];
  /** ACM certificate for the HTTPS listener. */
  readonly certificateArn: pulumi.Input<string>;
  /** ELB security policy. Must allow TLS 1.2 and newer only. @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
  readonly sslPolicy?: string;
  /** @default {} (every default above) */
  readonly waf?: EdgeWafArgs;
  /** WAF logs: KMS key (the KeyRing's `logs` key) and retention. */
  readonly wafLogs: { readonly kmsKeyArn: pulumi.Input<string>; readonly retentionDays: number };
  /** Days the load balancer's access logs are kept in their bucket. @default 90 */
  readonly accessLogRetentionDays?: number;
  /** Prefix of names (load balancer, log group `aws-waf-logs-<prefix>`, bucket). */
  readonly namePrefix: string;
  /** ELB deletion protection. @default true */
  readonly deletionProtection?: boolean;
  /** `protect` the access-log bucket. @default false */
  readonly protect?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}
