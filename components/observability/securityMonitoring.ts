import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { podSecurityLabels, POD_SECURITY_VERSION } from "../mesh/serviceMesh.values";
import { assertValidArgs } from "../shared/problems";
import type { SecurityMonitoringArgs } from "./securityMonitoring.args";
import { securityDashboardJson } from "./securityMonitoring.dashboard";
import { podIdentityTrustPolicy } from "../shared/podIdentity";
import { accountOfArn, alertPublishPolicy } from "./securityMonitoring.iam";
import {
  KUBE_PROMETHEUS_STACK_CHART,
  MONITORING_NAMES,
  resolveThresholds,
  SECURITY_MONITORING_DEFAULTS,
  TESTED_KUBE_PROMETHEUS_STACK_CHART,
  validateSecurityMonitoringArgs,
} from "./securityMonitoring.logic";
import { monitoringNetworkPolicies } from "./securityMonitoring.networkPolicies";
import { securityPrometheusRule } from "./securityMonitoring.rules";
import { gatewayUserTelemetry, podMonitors } from "./securityMonitoring.scrape";
import { monitoringValues } from "./securityMonitoring.values";

export type { SecurityMonitoringArgs };
export { validateSecurityMonitoringArgs, SECURITY_MONITORING_DEFAULTS, TESTED_KUBE_PROMETHEUS_STACK_CHART };

/**
 * kube-prometheus-stack (pinned chart) in the `monitoring` namespace under Pod Security `restricted` and
 * default-deny NetworkPolicies; PodMonitors for istiod, the proxies, the gateway, the model servers (mTLS)
 * and the DCGM exporter; the "rampart-security" PrometheusRule; Alertmanager to the SIEM's SNS topic with
 * its own Pod Identity role; Grafana only with SSO, its secrets in Kubernetes Secrets and its security
 * dashboard provisioned from a ConfigMap. The gateway's per-user Telemetry needs Istio's CRDs: pass the
 * mesh's `ready` resources in `opts.dependsOn`.
 */
export class SecurityMonitoring extends pulumi.ComponentResource {
  readonly namespace: string;
  readonly alertmanagerRoleArn: pulumi.Output<string>;
  /** Grafana's generated admin password (a secret), when Grafana is deployed: break-glass only. */
  readonly grafanaAdminPassword?: pulumi.Output<string>;

  constructor(name: string, args: SecurityMonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { kubeProvider, alertTopicArn, alertTopicKeyArn, region, clusterName, ...plain } = args;
    assertValidArgs("SecurityMonitoring", name, validateSecurityMonitoringArgs(plain));
    super("rampart:observability:SecurityMonitoring", name, {}, opts);

    const d = SECURITY_MONITORING_DEFAULTS;
    const ns = MONITORING_NAMES.namespace;
    const k8sOpts = { parent: this, provider: kubeProvider };
    const tags = { ...(args.tags ?? {}) };
    const modelMetricsPorts = args.modelMetricsPorts ?? d.modelMetricsPorts;

    const namespace = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: ns, labels: podSecurityLabels("restricted", POD_SECURITY_VERSION) } },
      k8sOpts,
    );
    const policies = monitoringNetworkPolicies({
      vpcCidrs: args.vpcCidrs,
      controlPlaneCidrs: args.controlPlaneCidrs ?? args.vpcCidrs,
      modelMetricsPorts,
      grafana: args.grafanaSso !== undefined,
    }).map(
      (np) =>
        new k8s.networking.v1.NetworkPolicy(`${name}-np-${np.metadata.name}`, np, {
          ...k8sOpts,
          dependsOn: [namespace],
        }),
    );

    // Alertmanager's role: trusted by EKS Pod Identity for this account, bound to monitoring/alertmanager.
    const role = new aws.iam.Role(
      `${name}-alertmanager-role`,
      {
        assumeRolePolicy: pulumi
          .output(alertTopicArn)
          .apply((arn) => JSON.stringify(podIdentityTrustPolicy(accountOfArn(arn)))),
        maxSessionDuration: 3600,
        tags,
      },
      { parent: this },
    );
    const publish = new aws.iam.RolePolicy(
      `${name}-alertmanager-publish`,
      {
        role: role.name,
        policy: pulumi
          .all([alertTopicArn, alertTopicKeyArn, region])
          .apply(([topic, key, r]) => JSON.stringify(alertPublishPolicy(topic, key, r))),
      },
      { parent: this },
    );
    const association = new aws.eks.PodIdentityAssociation(
      `${name}-alertmanager-pod-identity`,
      {
        clusterName,
        namespace: ns,
        serviceAccount: MONITORING_NAMES.alertmanagerServiceAccount,
        roleArn: role.arn,
        tags,
      },
      { parent: this, dependsOn: [publish] },
    );

    // Grafana's secrets live in Kubernetes Secrets; the release's values only name them.
    const grafanaDeps: pulumi.Resource[] = [];
    if (args.grafanaSso) {
      const admin = new random.RandomPassword(
        `${name}-grafana-admin-password`,
        { length: 32, special: false },
        { parent: this },
      );
      // RandomPassword's result is secret in the provider's schema; said here too, so it stays secret
      // wherever it flows (state, outputs), mocks included.
      this.grafanaAdminPassword = pulumi.secret(admin.result);
      grafanaDeps.push(
        new k8s.core.v1.Secret(
          `${name}-grafana-admin`,
          {
            metadata: { name: MONITORING_NAMES.grafanaAdminSecret, namespace: ns },
            type: "Opaque",
            stringData: { "admin-user": "admin", "admin-password": this.grafanaAdminPassword },
          },
          { ...k8sOpts, dependsOn: [namespace] },
        ),
        new k8s.core.v1.Secret(
          `${name}-grafana-oauth`,
          {
            metadata: { name: MONITORING_NAMES.grafanaOauthSecret, namespace: ns },
            type: "Opaque",
            stringData: { "client-secret": pulumi.secret(args.grafanaSso.clientSecret) },
          },
          { ...k8sOpts, dependsOn: [namespace] },
        ),
        new k8s.core.v1.ConfigMap(
          `${name}-grafana-dashboard`,
          {
            metadata: { name: MONITORING_NAMES.dashboardConfigMap, namespace: ns },
            data: { "security.json": securityDashboardJson() },
          },
          { ...k8sOpts, dependsOn: [namespace] },
        ),
      );
    }

    // atomic: a failed install or upgrade is rolled back and `pulumi up` fails with Helm's error.
    // https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/
    const release = new k8s.helm.v3.Release(
      `${name}-kube-prometheus-stack`,
      {
        name: MONITORING_NAMES.release,
        chart: KUBE_PROMETHEUS_STACK_CHART.chart,
        version: args.chartVersion,
        repositoryOpts: { repo: KUBE_PROMETHEUS_STACK_CHART.repo },
        namespace: ns,
        values: monitoringValues({
          imageRegistry: args.imageRegistry,
          retentionDays: args.retentionDays,
          storageSize: args.storageSize ?? d.storageSize,
          alertTopicArn,
          region,
          grafanaSso: args.grafanaSso,
        }),
        atomic: true,
        cleanupOnFail: true,
        skipAwait: false,
        timeout: d.helmTimeoutSeconds,
      },
      { ...k8sOpts, dependsOn: [namespace, ...policies, association, ...grafanaDeps] },
    );

    // The operator's CRDs come with the release.
    const objects = [
      securityPrometheusRule(resolveThresholds(args.thresholds)),
      ...podMonitors({ inferenceNamespaces: args.inferenceNamespaces, modelMetricsPorts }),
    ];
    for (const obj of objects)
      new k8s.apiextensions.CustomResource(`${name}-${obj.kind.toLowerCase()}-${obj.metadata.name}`, obj, {
        ...k8sOpts,
        dependsOn: [release],
      });
    const telemetry = gatewayUserTelemetry();
    new k8s.apiextensions.CustomResource(`${name}-telemetry-${telemetry.metadata.name}`, telemetry, k8sOpts);

    this.namespace = ns;
    this.alertmanagerRoleArn = role.arn;
    this.registerOutputs({ namespace: this.namespace, alertmanagerRoleArn: this.alertmanagerRoleArn });
  }
}
