import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The contract of `SiemPipeline` (`rampart:observability:SiemPipeline`): the AWS side of security
 * monitoring. A log archive (S3 Object Lock, the `siem` key), CloudTrail, Amazon OpenSearch Service in
 * the logging tier fed by Kinesis Data Firehose, GuardDuty / Security Hub / AWS Config, the CIS metric
 * alarms and an encrypted SNS topic for alerts. Types only; the component and its builders
 * (`siemPipeline.<part>.ts`) live beside this file. The in-cluster half is `LogShipper` and
 * `SecurityMonitoring`; transcripts and consent are `PrivacyControls`.
 */

/** The log archive bucket. */
export interface SiemArchiveArgs {
  /**
   * Object Lock mode of the default retention. COMPLIANCE: nobody, root included, can delete or shorten
   * a locked version (prod). GOVERNANCE: principals with `s3:BypassGovernanceRetention` can (stacks that
   * must be destroyable). @default "COMPLIANCE"
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
   */
  readonly objectLockMode?: "COMPLIANCE" | "GOVERNANCE";
  /** Days each object version is locked (the default retention). Must not exceed `expireAfterDays`. */
  readonly objectLockDays: number;
  /** Days after which objects expire (the retention window of the archive; audit logs' data class). */
  readonly expireAfterDays: number;
  /** Days before objects move to S3 Glacier Flexible Retrieval. @default 90 (none when >= expireAfterDays) */
  readonly transitionToGlacierDays?: number;
}

/** CloudTrail. */
export interface SiemTrailArgs {
  /**
   * Buckets whose object-level reads and writes are recorded as data events (the model store: who read
   * the weights; the transcript bucket: who read the conversations).
   */
  readonly dataEventBucketArns: readonly pulumi.Input<string>[];
}

/** Amazon OpenSearch Service in the logging tier, and the Firehose streams that feed it. */
export interface SiemSearchArgs {
  /** OpenSearch engine, e.g. "OpenSearch_2.19". */
  readonly engineVersion: string;
  /** Data node instance type, e.g. "r7g.large.search". */
  readonly instanceType: string;
  /** Data nodes (a multiple of the zone count when `zoneAwareness`). */
  readonly instanceCount: number;
  /** Dedicated master nodes (3 in prod), or none. */
  readonly dedicatedMasters?: { readonly instanceType: string; readonly count: 3 | 5 };
  /** Spread data nodes over the logging tier's zones (prod). */
  readonly zoneAwareness: boolean;
  /** gp3 volume per data node, GiB. */
  readonly volumeSizeGiB: number;
  /** Days an index is kept before the index lifecycle (ISM) policy deletes it. */
  readonly retentionDays: number;
  /**
   * IAM principals (role ARNs) allowed to assume the domain's master role (fine-grained access control's
   * IAM master user): the administrators who manage security roles. No internal user database.
   */
  readonly adminPrincipalArns: readonly pulumi.Input<string>[];
  /**
   * OpenSearch Dashboards sign-in through the organisation's SAML IdP, roles from its groups. Without
   * it, Dashboards is reachable only with IAM-signed requests.
   */
  readonly saml?: {
    readonly idpEntityId: string;
    readonly idpMetadataXml: pulumi.Input<string>;
    /** IdP group mapped to the security admin role (all_access). */
    readonly adminGroup: string;
    /** IdP group mapped to read-only access to the log indices. */
    readonly readerGroup: string;
    /** @default 60 */
    readonly sessionTimeoutMinutes?: number;
  };
}

/** GuardDuty, Security Hub and AWS Config. Each can be off only outside prod (config refuses it in prod). */
export interface SiemDetectionArgs {
  /** GuardDuty with EKS audit-log monitoring, runtime monitoring (GuardDuty-managed EKS agent) and S3 protection. @default true */
  readonly guardDuty?: boolean;
  /** Security Hub with the AWS Foundational Security Best Practices and CIS AWS Foundations standards. @default true */
  readonly securityHub?: boolean;
  /** AWS Config recording all supported resources, delivered to the archive. @default true */
  readonly config?: boolean;
  /**
   * Findings at or above this GuardDuty severity (1-10; 7 = High) are routed to the alert topic.
   * @default 7
   */
  readonly alertMinSeverity?: number;
}

export interface SiemPipelineArgs {
  /** Prefix of global names (bucket, trail, domain, streams, topic): `<project>-<stack>`. */
  readonly namePrefix: string;
  /** Log group name prefix the KeyRing admits (`/rampart/<stack>/`); the pipeline's log groups go under it. */
  readonly logGroupPrefix: string;
  /** The KeyRing's `siem` key: archive, trail, security log groups, OpenSearch, Firehose, SNS. */
  readonly siemKeyArn: pulumi.Input<string>;
  /** The logging tier: VPC, its subnets (one per zone) for OpenSearch and Firehose's ENIs. */
  readonly vpcId: pulumi.Input<string>;
  readonly loggingSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Networks (operators' VPN) that may open OpenSearch Dashboards on 443. Every VPC tier other than
   * logging is refused. @default []
   */
  readonly dashboardCidrs?: readonly string[];
  /**
   * CloudWatch log groups subscribed to the SIEM (EKS control plane incl. audit, VPC flow logs, WAF logs,
   * application logs). The pipeline's own trail and findings groups are added by the pipeline.
   */
  readonly sourceLogGroupNames: readonly pulumi.Input<string>[];
  /** The EKS cluster whose audit log GuardDuty monitors and whose runtime agent it manages. */
  readonly clusterName: pulumi.Input<string>;
  /**
   * Make GuardDuty's runtime agent (the add-on GuardDuty manages) tolerate these node taints, so GPU
   * nodes are monitored too: the add-on's configuration has no tolerations, so a server-side-apply patch
   * adds them. The DaemonSet must exist first: GuardDuty installs it within minutes of enabling runtime
   * monitoring, so on a brand-new account a second `pulumi up` may be needed. @default none (no patch)
   */
  readonly guardDutyAgent?: {
    readonly kubeProvider: k8s.Provider;
    readonly taints: readonly {
      readonly key: string;
      readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
    }[];
  };
  /**
   * The break-glass role (AccessControl's): every `AssumeRole` of it, in any Region, allowed or refused,
   * raises `<namePrefix>-break-glass-used` on the alert topic, from a metric filter on the trail's log
   * group (docs/runbooks/identity-break-glass-used.md). @default none
   */
  readonly breakGlassRoleArn?: pulumi.Input<string>;
  readonly archive: SiemArchiveArgs;
  readonly trail: SiemTrailArgs;
  readonly search: SiemSearchArgs;
  /** @default every detector on */
  readonly detection?: SiemDetectionArgs;
  /** Days the pipeline's CloudWatch log groups (trail, findings, Firehose errors) keep events. */
  readonly logRetentionDays: number;
  /** E-mail addresses subscribed to the alert topic (each must confirm). @default [] */
  readonly alertEmails?: readonly string[];
  /** `protect` the archive bucket and the domain. @default true */
  readonly protect?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}
