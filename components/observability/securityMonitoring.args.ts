import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The contract of `SecurityMonitoring` (`rampart:observability:SecurityMonitoring`): kube-prometheus-stack
 * from its official chart (pinned) in the `monitoring` namespace, scraping Istio, the model servers and
 * the GPU exporter; PrometheusRules for security signals; Alertmanager to the SIEM's SNS topic; Grafana
 * with a provisioned security dashboard and SSO sign-in only. Types only.
 */

/** Grafana's sign-in through the organisation's OIDC provider (generic OAuth). */
export interface GrafanaSsoArgs {
  /** Issuer base URL, https (its `/.well-known/openid-configuration` is read for the endpoints below). */
  readonly issuer: string;
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly apiUrl: string;
  readonly clientId: string;
  /** The OAuth client secret: a Pulumi secret. */
  readonly clientSecret: pulumi.Input<string>;
  /** Claim holding the user's groups. @default "groups" */
  readonly groupsClaim?: string;
  /** Group mapped to Grafana Admin. */
  readonly adminGroup: string;
  /** Group mapped to Editor. @default none */
  readonly editorGroup?: string;
  /** Group mapped to Viewer (everyone else signed in is refused). */
  readonly viewerGroup: string;
  /** Grafana's public URL (the OAuth redirect base), https. */
  readonly rootUrl: string;
}

/** Thresholds of the security alerts (PrometheusRules). */
export interface SecurityAlertThresholds {
  /** 401 responses per second across the mesh, over 5 minutes. @default 1 */
  readonly authFailuresPerSecond?: number;
  /** 403 responses per second, over 5 minutes. @default 1 */
  readonly authzDenialsPerSecond?: number;
  /** 429 responses per second, over 5 minutes. @default 5 */
  readonly throttledPerSecond?: number;
  /** A user's request rate above this multiple of their own previous-hour rate. @default 5 */
  readonly userSpikeFactor?: number;
  /** GPU utilisation (percent) sustained for 15 minutes. @default 95 */
  readonly gpuSaturationPercent?: number;
}

export interface SecurityMonitoringArgs {
  readonly kubeProvider: k8s.Provider;
  readonly clusterName: pulumi.Input<string>;
  /** kube-prometheus-stack chart version (https://prometheus-community.github.io/helm-charts). */
  readonly chartVersion: string;
  /**
   * Registry prefix replacing quay.io / docker.io / registry.k8s.io for every image of the chart (the
   * stack's ECR mirror). @default the chart's own registries
   */
  readonly imageRegistry?: string;
  /** The SIEM's alert topic (`SiemPipeline.alertTopicArn`): Alertmanager publishes with a Pod Identity role. */
  readonly alertTopicArn: pulumi.Input<string>;
  /**
   * The KMS key encrypting that topic (the KeyRing's `siem` key): a publisher to an encrypted topic needs
   * `kms:GenerateDataKey*` and `kms:Decrypt` on it.
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
   */
  readonly alertTopicKeyArn: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  /**
   * Every CIDR of the VPC: Alertmanager reaches SNS through its interface endpoint there (443), and
   * Grafana is admitted from there (3000) for the operators' internal load balancer or ingress.
   */
  readonly vpcCidrs: readonly string[];
  /** The subnets holding the EKS control plane's network interfaces (the API server). @default vpcCidrs */
  readonly controlPlaneCidrs?: readonly string[];
  /** Namespaces whose model servers are scraped (the inference namespaces). */
  readonly inferenceNamespaces: readonly string[];
  /** The model servers' metrics ports (`/metrics`) in those namespaces. @default [8000] (vLLM) */
  readonly modelMetricsPorts?: readonly number[];
  /** Days Prometheus keeps samples (the metrics data class). */
  readonly retentionDays: number;
  /** Persistent volume per Prometheus replica (the cluster's encrypted default StorageClass). @default "50Gi" */
  readonly storageSize?: string;
  /** Grafana SSO. Without it Grafana is not deployed (there is no password sign-in). */
  readonly grafanaSso?: GrafanaSsoArgs;
  readonly thresholds?: SecurityAlertThresholds;
  /** Tags of the AWS resources (Alertmanager's IAM role and its Pod Identity association). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}
