import type * as pulumi from "@pulumi/pulumi";
import { HARDENED_CLUSTER_DEFAULTS } from "../compute/hardenedCluster.logic";
import type { GrafanaSsoArgs } from "./securityMonitoring.args";
import {
  MONITORING_IMAGES,
  MONITORING_NAMES,
  MONITORING_PORTS,
  SECURITY_MONITORING_DEFAULTS,
  type MonitoringImage,
} from "./securityMonitoring.logic";

/**
 * The kube-prometheus-stack release's values as plain data (read at tag kube-prometheus-stack-88.5.3 of
 * github.com/prometheus-community/helm-charts, charts/kube-prometheus-stack/values.yaml and templates,
 * and the grafana 12.11.1 and kube-state-metrics 8.4.0 sub-charts' values.yaml).
 *
 * What is off, and why: node-exporter (it needs the host's network, PID namespace and filesystem, which
 * Pod Security `restricted` refuses; GPU metrics come from DCGM, node metrics from kube-state-metrics);
 * the operator's admission webhook and its certificate-patching Job (one more image, a cluster-wide right
 * to patch webhooks and an API-server-to-pod flow; rules are validated by our tests instead), so the
 * operator's TLS listener, which uses that Job's certificate, is off too and it serves plain HTTP inside
 * the namespace only; the control-plane monitors EKS does not expose (etcd, scheduler, controller
 * manager, kube-proxy) and the kubelet's (node port 10250 would have to be opened to the namespace);
 * Thanos, the Windows exporter, the CRD upgrade Job; every chart NetworkPolicy (ours are in
 * securityMonitoring.networkPolicies.ts); Grafana's sidecars (they watch ConfigMaps cluster-wide through
 * the API server: the dashboard and the data source are mounted instead).
 */

const RUNTIME_DEFAULT = { type: "RuntimeDefault" } as const;

/** Every container: no privilege escalation, read-only root filesystem, no capabilities, RuntimeDefault seccomp. */
export const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: RUNTIME_DEFAULT,
} as const;

const podSecurityContext = (uid: number) => ({
  runAsNonRoot: true,
  runAsUser: uid,
  runAsGroup: uid,
  fsGroup: uid,
  seccompProfile: RUNTIME_DEFAULT,
});

/** Requests and limits of each container (a small cluster's needs; raise with the number of series). */
export const MONITORING_RESOURCES = {
  prometheus: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
  alertmanager: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
  operator: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  configReloader: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
  kubeStateMetrics: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  grafana: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
} as const;

/** Where Prometheus's sidecar writes its workload certificate, and where Prometheus reads it. */
export const ISTIO_CERTS = {
  volume: "istio-certs",
  sidecarPath: "/etc/istio-output-certs",
  prometheusPath: "/etc/prom-certs",
} as const;

export function image(name: MonitoringImage, registry: string | undefined) {
  const i = MONITORING_IMAGES[name];
  return { registry: registry ?? i.registry, repository: i.repository, tag: i.tag, sha: "" };
}

export interface MonitoringValuesInputs {
  readonly imageRegistry?: string;
  readonly retentionDays: number;
  readonly storageSize: string;
  readonly alertTopicArn: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  readonly grafanaSso?: GrafanaSsoArgs;
}

/**
 * Alertmanager's configuration: critical and warning alerts to the SIEM's SNS topic, signed with SigV4
 * by the credentials of Alertmanager's Pod Identity role (the default AWS credential chain); everything
 * else (the chart's Watchdog, info) to a receiver that drops it. A critical alert silences the warning
 * of the same name and namespace.
 * https://prometheus.io/docs/alerting/latest/configuration/#sns_config
 */
export function alertmanagerConfig(topicArn: pulumi.Input<string>, region: pulumi.Input<string>) {
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: "null",
      group_by: ["alertname", "namespace"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [{ receiver: "siem-sns", matchers: ['severity=~"critical|warning"'] }],
    },
    receivers: [
      { name: "null" },
      {
        name: "siem-sns",
        sns_configs: [
          {
            topic_arn: topicArn,
            sigv4: { region },
            subject: "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}",
            send_resolved: true,
          },
        ],
      },
    ],
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ["alertname", "namespace"],
      },
      // The chart's InfoInhibitor mutes info alerts of a namespace that has no warning or critical one.
      {
        source_matchers: ['alertname="InfoInhibitor"'],
        target_matchers: ['severity="info"'],
        equal: ["namespace"],
      },
    ],
    templates: ["/etc/alertmanager/config/*.tmpl"],
  };
}

/**
 * Grafana's role from the IdP's groups (JMESPath over the ID token / user info). With
 * `role_attribute_strict` a user in none of the groups is refused sign-in.
 * https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/generic-oauth/#configure-role-mapping
 */
export function roleAttributePath(sso: GrafanaSsoArgs): string {
  const groups = `"${sso.groupsClaim ?? "groups"}"`;
  const roles: [string | undefined, string][] = [
    [sso.adminGroup, "Admin"],
    [sso.editorGroup, "Editor"],
    [sso.viewerGroup, "Viewer"],
  ];
  return roles
    .filter(([group]) => group !== undefined)
    .map(([group, role]) => `contains(${groups}[*], '${group}') && '${role}'`)
    .join(" || ");
}

const DASHBOARD_DIR = "/var/lib/grafana/dashboards/rampart";

export function grafanaValues(sso: GrafanaSsoArgs, registry: string | undefined) {
  return {
    enabled: true,
    image: image("grafana", registry),
    serviceAccount: { create: true, name: MONITORING_NAMES.grafanaServiceAccount },
    // Secrets stay in Kubernetes Secrets we create; the values (and so Pulumi's state of the release) hold
    // only their names. https://github.com/grafana-community/helm-charts/blob/grafana-12.11.1/charts/grafana/values.yaml
    admin: {
      existingSecret: MONITORING_NAMES.grafanaAdminSecret,
      userKey: "admin-user",
      passwordKey: "admin-password",
    },
    envValueFrom: {
      GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: {
        secretKeyRef: { name: MONITORING_NAMES.grafanaOauthSecret, key: "client-secret" },
      },
    },
    "grafana.ini": {
      server: { root_url: sso.rootUrl },
      // A Grafana session lives at most as long as any other human session (one hour; Grafana's
      // defaults are 30 days, and 7 days idle), and ends after 15 idle minutes; the SSO login then
      // asks the identity provider again. docs/SESSIONS.md.
      // https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/#login_maximum_lifetime_duration
      auth: {
        disable_login_form: true,
        oauth_allow_insecure_email_lookup: false,
        login_maximum_lifetime_duration: "1h",
        login_maximum_inactive_lifetime_duration: "15m",
      },
      "auth.basic": { enabled: false },
      "auth.anonymous": { enabled: false },
      "auth.generic_oauth": {
        enabled: true,
        name: "SSO",
        client_id: sso.clientId,
        scopes: "openid profile email",
        auth_url: sso.authUrl,
        token_url: sso.tokenUrl,
        api_url: sso.apiUrl,
        use_pkce: true,
        // Users are created at first SSO sign-in (there is no other way in); local sign-up stays off.
        allow_sign_up: true,
        role_attribute_path: roleAttributePath(sso),
        role_attribute_strict: true,
        allow_assign_grafana_admin: false,
        skip_org_role_sync: false,
      },
      users: { allow_sign_up: false, allow_org_create: false },
      security: { cookie_secure: true, disable_gravatar: true, disable_initial_admin_creation: false },
      analytics: { reporting_enabled: false, check_for_updates: false, check_for_plugin_updates: false },
    },
    persistence: { enabled: false },
    initChownData: { enabled: false },
    testFramework: { enabled: false },
    sidecar: {
      dashboards: { enabled: false },
      datasources: { enabled: false },
      alerts: { enabled: false },
      plugins: { enabled: false },
    },
    datasources: {
      "datasources.yaml": {
        apiVersion: 1,
        datasources: [
          {
            name: "Prometheus",
            uid: "prometheus",
            type: "prometheus",
            access: "proxy",
            url: `http://${MONITORING_NAMES.prometheusService}.${MONITORING_NAMES.namespace}:${MONITORING_PORTS.prometheus}`,
            isDefault: true,
          },
        ],
      },
    },
    dashboardProviders: {
      "dashboardproviders.yaml": {
        apiVersion: 1,
        providers: [
          {
            name: "rampart",
            folder: "Rampart",
            type: "file",
            disableDeletion: true,
            allowUiUpdates: false,
            options: { path: DASHBOARD_DIR },
          },
        ],
      },
    },
    dashboardsConfigMaps: { rampart: MONITORING_NAMES.dashboardConfigMap },
    securityContext: podSecurityContext(472),
    containerSecurityContext: CONTAINER_SECURITY_CONTEXT,
    resources: MONITORING_RESOURCES.grafana,
    nodeSelector: { ...HARDENED_CLUSTER_DEFAULTS.systemNodeLabels },
    networkPolicy: { enabled: false },
  };
}

/**
 * Prometheus's sidecar exists only to obtain its Istio workload certificate for the mTLS scrapes: no
 * inbound or outbound capture, the certificate written to a memory volume shared with Prometheus.
 * https://istio.io/latest/docs/ops/integrations/prometheus/#tls-settings
 */
export const PROMETHEUS_SIDECAR_POD_METADATA = {
  labels: { "sidecar.istio.io/inject": "true" },
  annotations: {
    "traffic.sidecar.istio.io/includeInboundPorts": "",
    "traffic.sidecar.istio.io/includeOutboundIPRanges": "",
    "proxy.istio.io/config": JSON.stringify({ proxyMetadata: { OUTPUT_CERTS: ISTIO_CERTS.sidecarPath } }),
    "sidecar.istio.io/userVolumeMount": JSON.stringify([
      { name: ISTIO_CERTS.volume, mountPath: ISTIO_CERTS.sidecarPath },
    ]),
  },
} as const;

export function monitoringValues(v: MonitoringValuesInputs) {
  const d = SECURITY_MONITORING_DEFAULTS;
  const reg = v.imageRegistry;
  const systemNodes = { ...HARDENED_CLUSTER_DEFAULTS.systemNodeLabels };
  const off = { enabled: false };
  return {
    crds: { enabled: true, upgradeJob: off },
    defaultRules: {
      create: true,
      rules: {
        etcd: false,
        kubeControllerManager: false,
        kubeSchedulerAlerting: false,
        kubeSchedulerRecording: false,
        kubeProxy: false,
        node: false,
        nodeExporterAlerting: false,
        nodeExporterRecording: false,
        windows: false,
      },
    },
    windowsMonitoring: off,
    nodeExporter: off,
    kubelet: off,
    kubeControllerManager: off,
    kubeScheduler: off,
    kubeEtcd: off,
    kubeProxy: off,
    coreDns: off,
    kubeDns: off,
    kubeApiServer: { enabled: true },
    thanosRuler: off,
    prometheusOperator: {
      image: image("operator", reg),
      prometheusConfigReloader: {
        image: image("configReloader", reg),
        resources: MONITORING_RESOURCES.configReloader,
      },
      admissionWebhooks: { enabled: false, patch: off },
      tls: off,
      networkPolicy: off,
      resources: MONITORING_RESOURCES.operator,
      securityContext: podSecurityContext(65534),
      containerSecurityContext: CONTAINER_SECURITY_CONTEXT,
      nodeSelector: systemNodes,
    },
    prometheus: {
      serviceAccount: { create: true, name: MONITORING_NAMES.prometheusServiceAccount },
      networkPolicy: off,
      prometheusSpec: {
        image: image("prometheus", reg),
        replicas: d.prometheusReplicas,
        retention: `${v.retentionDays}d`,
        enableAdminAPI: false,
        // The cluster's default StorageClass (HardenedCluster's, KMS-encrypted EBS): no class named here.
        storageSpec: {
          volumeClaimTemplate: {
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: v.storageSize } } },
          },
        },
        resources: MONITORING_RESOURCES.prometheus,
        securityContext: podSecurityContext(1000),
        podMetadata: PROMETHEUS_SIDECAR_POD_METADATA,
        volumes: [{ name: ISTIO_CERTS.volume, emptyDir: { medium: "Memory" } }],
        volumeMounts: [{ name: ISTIO_CERTS.volume, mountPath: ISTIO_CERTS.prometheusPath, readOnly: true }],
        scrapeClasses: [
          {
            name: MONITORING_NAMES.istioScrapeClass,
            tlsConfig: {
              caFile: `${ISTIO_CERTS.prometheusPath}/root-cert.pem`,
              certFile: `${ISTIO_CERTS.prometheusPath}/cert-chain.pem`,
              keyFile: `${ISTIO_CERTS.prometheusPath}/key.pem`,
              // Istio certificates carry a SPIFFE URI, no host name to verify (see securityMonitoring.scrape.ts).
              insecureSkipVerify: true,
            },
          },
        ],
        nodeSelector: systemNodes,
      },
    },
    alertmanager: {
      serviceAccount: { create: true, name: MONITORING_NAMES.alertmanagerServiceAccount },
      networkPolicy: off,
      config: alertmanagerConfig(v.alertTopicArn, v.region),
      alertmanagerSpec: {
        image: image("alertmanager", reg),
        replicas: d.alertmanagerReplicas,
        resources: MONITORING_RESOURCES.alertmanager,
        securityContext: podSecurityContext(1000),
        storage: {
          volumeClaimTemplate: {
            spec: {
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: d.alertmanagerStorageSize } },
            },
          },
        },
        nodeSelector: systemNodes,
      },
    },
    kubeStateMetrics: { enabled: true },
    "kube-state-metrics": {
      image: image("kubeStateMetrics", reg),
      kubeRBACProxy: off,
      securityContext: { enabled: true, ...podSecurityContext(65534) },
      containerSecurityContext: CONTAINER_SECURITY_CONTEXT,
      resources: MONITORING_RESOURCES.kubeStateMetrics,
      nodeSelector: systemNodes,
      networkPolicy: off,
    },
    grafana: v.grafanaSso
      ? {
          ...grafanaValues(v.grafanaSso, reg),
          defaultDashboardsEnabled: false,
          forceDeployDatasources: false,
        }
      : { enabled: false, defaultDashboardsEnabled: false },
  };
}
