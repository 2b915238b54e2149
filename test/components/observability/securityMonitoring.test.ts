import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { toStackExport } from "../../../cli/export";
import { PROJECT } from "../../../cli/plan";
import { MOCK_ACCOUNT_ID } from "../../../cli/runtime/mockOutputs";
import { monitoringAccess } from "../../../cli/verify/iam/monitoringAccess";
import { verifyAccess } from "../../../cli/verify/iam";
import { collectImages, readEgress } from "../../../cli/verify/images";
import {
  SecurityMonitoring,
  type SecurityMonitoringArgs,
} from "../../../components/observability/securityMonitoring";
import { MONITORING_IMAGES } from "../../../components/observability/securityMonitoring.logic";
import { keyPolicy } from "../../../components/security/keyRing.logic";
import {
  flattenConfig,
  isSecret,
  json,
  plain,
  runComponent,
  stackConfig,
  type Captured,
} from "../../helpers/harness";
import { validateKubernetesObjects } from "../../schemas/kubernetesSchemas";

const REGION = "us-east-1";
const MIRROR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror";
const SSO = {
  issuer: "https://login.example.com/",
  authUrl: "https://login.example.com/authorize",
  tokenUrl: "https://login.example.com/oauth/token",
  apiUrl: "https://login.example.com/userinfo",
  clientId: "grafana",
  clientSecret: "s3cr3t-client",
  adminGroup: "platform-admins",
  viewerGroup: "security-viewers",
  rootUrl: "https://grafana.internal.example.com",
};

type Args = Omit<
  SecurityMonitoringArgs,
  "kubeProvider" | "alertTopicArn" | "alertTopicKeyArn" | "clusterName" | "region"
>;
const ARGS: Args = {
  chartVersion: "88.5.3",
  imageRegistry: MIRROR,
  vpcCidrs: ["10.0.0.0/16"],
  controlPlaneCidrs: ["10.0.32.0/24"],
  inferenceNamespaces: ["inference"],
  retentionDays: 30,
  grafanaSso: SSO,
  tags: { team: "platform" },
};

/** The component with the SIEM's key and topic it publishes to (what SiemPipeline provides). */
async function run(args: Args = ARGS): Promise<Captured> {
  return runComponent(() => {
    const key = new aws.kms.Key("siem-key", {
      policy: JSON.stringify(
        keyPolicy("siem", {
          partition: "aws",
          accountId: MOCK_ACCOUNT_ID,
          region: REGION,
          logGroupPrefixes: ["/rampart/dev/"],
          grantAutoScalingServiceLinkedRole: false,
        }),
      ),
    });
    const topic = new aws.sns.Topic("alerts", { kmsMasterKeyId: key.arn });
    new aws.sns.Topic("unrelated-topic", {});
    new SecurityMonitoring("monitoring", {
      ...args,
      kubeProvider: new k8s.Provider("cluster-k8s", { kubeconfig: "{}" }),
      alertTopicArn: topic.arn,
      alertTopicKeyArn: key.arn,
      clusterName: "rampart-dev",
      region: REGION,
    });
  });
}

const inputs = (r: Captured, name: string) => plain<any>(r.named(name).inputs);

describe("SecurityMonitoring under mocks", async () => {
  const r = await run();
  const component = r.one("rampart:observability:SecurityMonitoring");
  const children = r
    .childrenOf(component)
    .map((c) => `${c.type} ${c.name}`)
    .sort();

  test("exactly the expected children", () => {
    const np = [
      "default-deny-all",
      "allow-dns",
      "allow-prometheus-api-server",
      "allow-operator-api-server",
      "allow-kube-state-metrics-api-server",
      "allow-prometheus-istiod",
      "allow-prometheus-scrape-mesh",
      "allow-prometheus-scrape-dcgm",
      "allow-prometheus-in-namespace",
      "allow-ingress-prometheus",
      "allow-ingress-alertmanager",
      "allow-alertmanager-egress",
      "allow-ingress-operator",
      "allow-ingress-kube-state-metrics",
      "allow-ingress-grafana",
      "allow-grafana-egress",
      "quarantine",
    ].map((n) => `kubernetes:networking.k8s.io/v1:NetworkPolicy monitoring-np-${n}`);
    assert.deepEqual(
      children,
      [
        ...np,
        "aws:eks/podIdentityAssociation:PodIdentityAssociation monitoring-alertmanager-pod-identity",
        "aws:iam/role:Role monitoring-alertmanager-role",
        "aws:iam/rolePolicy:RolePolicy monitoring-alertmanager-publish",
        "kubernetes:core/v1:ConfigMap monitoring-grafana-dashboard",
        "kubernetes:core/v1:Namespace monitoring-ns",
        "kubernetes:core/v1:Secret monitoring-grafana-admin",
        "kubernetes:core/v1:Secret monitoring-grafana-oauth",
        "kubernetes:helm.sh/v3:Release monitoring-kube-prometheus-stack",
        "kubernetes:monitoring.coreos.com/v1:PodMonitor monitoring-podmonitor-dcgm-exporter",
        "kubernetes:monitoring.coreos.com/v1:PodMonitor monitoring-podmonitor-istio-gateway",
        "kubernetes:monitoring.coreos.com/v1:PodMonitor monitoring-podmonitor-istio-proxies",
        "kubernetes:monitoring.coreos.com/v1:PodMonitor monitoring-podmonitor-istiod",
        "kubernetes:monitoring.coreos.com/v1:PodMonitor monitoring-podmonitor-model-servers",
        "kubernetes:monitoring.coreos.com/v1:PrometheusRule monitoring-prometheusrule-rampart-security",
        "kubernetes:telemetry.istio.io/v1:Telemetry monitoring-telemetry-per-user-request-metrics",
        "random:index/randomPassword:RandomPassword monitoring-grafana-admin-password",
      ].sort(),
    );
  });

  test("the namespace is Pod Security restricted", () => {
    const labels = inputs(r, "monitoring-ns").metadata.labels;
    for (const mode of ["enforce", "audit", "warn"])
      assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "restricted");
  });

  test("every Kubernetes object passes its published schema", async () => {
    const { failures, validated } = await validateKubernetesObjects(r);
    assert.deepEqual(failures, []);
    assert.equal(validated.length, r.kubernetesObjects().length);
  });

  test("the pinned chart from the official repository, atomic, after the policies and the Pod Identity", () => {
    const rel = r.named("monitoring-kube-prometheus-stack");
    const i = plain<any>(rel.inputs);
    assert.deepEqual(
      [i.chart, i.version, i.repositoryOpts.repo, i.namespace, i.name, i.atomic],
      [
        "kube-prometheus-stack",
        "88.5.3",
        "https://prometheus-community.github.io/helm-charts",
        "monitoring",
        "kube-prometheus-stack",
        true,
      ],
    );
    for (const dep of [
      "monitoring-np-default-deny-all",
      "monitoring-alertmanager-pod-identity",
      "monitoring-grafana-admin",
      "monitoring-grafana-oauth",
    ])
      assert.ok(rel.dependencies.includes(r.named(dep).urn), `release waits for ${dep}`);
    for (const cr of r.ofType("kubernetes:monitoring.coreos.com/v1:PodMonitor"))
      assert.ok(cr.dependencies.includes(rel.urn), `${cr.name} waits for the CRDs`);
  });

  test("values: Prometheus as monitoring/prometheus, retention, encrypted default storage, node-exporter off", () => {
    const v = inputs(r, "monitoring-kube-prometheus-stack").values;
    assert.deepEqual(v.prometheus.serviceAccount, { create: true, name: "prometheus" });
    assert.equal(v.prometheus.prometheusSpec.retention, "30d");
    const pvc = v.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec;
    assert.equal(pvc.resources.requests.storage, "50Gi");
    assert.equal(pvc.storageClassName, undefined, "the cluster's default (encrypted) StorageClass");
    assert.equal(v.nodeExporter.enabled, false);
    assert.equal(v.prometheusOperator.admissionWebhooks.enabled, false);
    assert.equal(v.prometheus.prometheusSpec.enableAdminAPI, false);
  });

  test("values: every container non-root, read-only, no capabilities, RuntimeDefault seccomp, with requests and limits", () => {
    const v = inputs(r, "monitoring-kube-prometheus-stack").values;
    const containers = [
      v.prometheusOperator.containerSecurityContext,
      v["kube-state-metrics"].containerSecurityContext,
      v.grafana.containerSecurityContext,
    ];
    for (const c of containers) {
      assert.equal(c.readOnlyRootFilesystem, true);
      assert.equal(c.allowPrivilegeEscalation, false);
      assert.equal(c.runAsNonRoot, true);
      assert.deepEqual(c.capabilities.drop, ["ALL"]);
      assert.equal(c.seccompProfile.type, "RuntimeDefault");
    }
    // Pods whose containers the operator builds (it sets read-only, no escalation, drop ALL itself).
    for (const pod of [
      v.prometheus.prometheusSpec.securityContext,
      v.alertmanager.alertmanagerSpec.securityContext,
      v.prometheusOperator.securityContext,
      v["kube-state-metrics"].securityContext,
      v.grafana.securityContext,
    ]) {
      assert.equal(pod.runAsNonRoot, true);
      assert.equal(pod.seccompProfile.type, "RuntimeDefault");
    }
    for (const res of [
      v.prometheus.prometheusSpec.resources,
      v.alertmanager.alertmanagerSpec.resources,
      v.prometheusOperator.resources,
      v.prometheusOperator.prometheusConfigReloader.resources,
      v["kube-state-metrics"].resources,
      v.grafana.resources,
    ]) {
      assert.ok(res.requests.cpu && res.requests.memory && res.limits.cpu && res.limits.memory);
    }
  });

  test("values: Alertmanager publishes critical and warning alerts to the topic with SigV4", () => {
    const cfg = inputs(r, "monitoring-kube-prometheus-stack").values.alertmanager.config;
    const topic = inputs(r, "alerts");
    assert.deepEqual(cfg.route.routes, [
      { receiver: "siem-sns", matchers: ['severity=~"critical|warning"'] },
    ]);
    assert.equal(cfg.route.receiver, "null");
    const sns = cfg.receivers.find((x: any) => x.name === "siem-sns").sns_configs[0];
    assert.equal(sns.topic_arn, r.named("alerts").outputs.arn);
    assert.deepEqual(sns.sigv4, { region: REGION });
    assert.ok(topic.kmsMasterKeyId);
    assert.deepEqual(cfg.inhibit_rules[0].equal, ["alertname", "namespace"]);
  });

  test("Alertmanager's role: Pod Identity for this account, bound to monitoring/alertmanager, publish only", () => {
    const trust = json(r.named("monitoring-alertmanager-role").inputs.assumeRolePolicy);
    assert.deepEqual(trust.Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
    });
    const assoc = inputs(r, "monitoring-alertmanager-pod-identity");
    assert.deepEqual(
      [assoc.namespace, assoc.serviceAccount, assoc.clusterName, assoc.roleArn],
      ["monitoring", "alertmanager", "rampart-dev", r.named("monitoring-alertmanager-role").outputs.arn],
    );
    const policy = json(r.named("monitoring-alertmanager-publish").inputs.policy);
    assert.deepEqual(
      policy.Statement.map((s: any) => s.Action),
      ["sns:Publish", ["kms:GenerateDataKey*", "kms:Decrypt"]],
    );
  });

  test("Grafana: SSO only, strict role mapping, secrets only by reference", () => {
    const g = inputs(r, "monitoring-kube-prometheus-stack").values.grafana;
    const ini = g["grafana.ini"];
    assert.equal(ini["auth.generic_oauth"].role_attribute_strict, true);
    assert.equal(ini["auth.generic_oauth"].allow_sign_up, true);
    assert.equal(
      ini["auth.generic_oauth"].role_attribute_path,
      "contains(\"groups\"[*], 'platform-admins') && 'Admin' || contains(\"groups\"[*], 'security-viewers') && 'Viewer'",
    );
    assert.equal(ini.auth.disable_login_form, true);
    // No human session outlives an hour (docs/SESSIONS.md); Grafana's own defaults are 30 days.
    assert.equal(ini.auth.login_maximum_lifetime_duration, "1h");
    assert.equal(ini.auth.login_maximum_inactive_lifetime_duration, "15m");
    assert.equal(ini["auth.anonymous"].enabled, false);
    assert.equal(ini["auth.basic"].enabled, false);
    assert.equal(g.admin.existingSecret, "grafana-admin");
    assert.deepEqual(g.envValueFrom.GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET.secretKeyRef, {
      name: "grafana-oauth",
      key: "client-secret",
    });
    const text = JSON.stringify(plain(r.named("monitoring-kube-prometheus-stack").inputs));
    assert.ok(!text.includes("s3cr3t-client"), "the client secret is not in the release's inputs");
    for (const secret of ["monitoring-grafana-oauth", "monitoring-grafana-admin"])
      assert.ok(isSecret(r.named(secret).inputs.stringData), `${secret} data is a Pulumi secret`);
    assert.deepEqual(Object.keys(inputs(r, "monitoring-grafana-dashboard").data), ["security.json"]);
  });

  test("without SSO there is no Grafana, no password and no Grafana policy", async () => {
    const { grafanaSso: _omit, ...rest } = ARGS;
    const r2 = await run(rest);
    assert.equal(inputs(r2, "monitoring-kube-prometheus-stack").values.grafana.enabled, false);
    assert.equal(r2.ofType("random:index/randomPassword:RandomPassword").length, 0);
    assert.equal(r2.ofType("kubernetes:core/v1:Secret").length, 0);
    assert.ok(!r2.names().includes("monitoring-np-allow-grafana-egress"));
  });

  test("invalid args fail before any child, naming each problem", async () => {
    await assert.rejects(
      run({ ...ARGS, retentionDays: 0, chartVersion: "latest" }),
      /SecurityMonitoring monitoring: invalid arguments \(2 problems\)[\s\S]*chartVersion[\s\S]*retentionDays/,
    );
  });

  describe("rampart verify on the export", () => {
    const exported = toStackExport(r.resources, {
      project: PROJECT,
      stack: "dev",
      config: flattenConfig(stackConfig("dev")),
    }).deployment.resources;

    test("Alertmanager's role publishes to the alert topic, uses the siem key via SNS, nothing else", () => {
      const cases = monitoringAccess(exported);
      const verdicts = verifyAccess(exported, cases);
      const summary = verdicts.map(
        (v) => `${v.id}: ${v.verdict}${v.pass ? "" : ` (expected otherwise: ${v.reason})`}`,
      );
      assert.deepEqual(
        verdicts.filter((v) => !v.pass).map((v) => `${v.id}: ${v.reason}`),
        [],
        summary.join("\n"),
      );
      const ids = cases.map((c) => `${c.id} ${c.expect}`);
      for (const needle of [
        /\/publish\/.* allow$/,
        /\/key-via-sns\/kms:GenerateDataKey allow$/,
        /\/key-via-sns\/kms:Decrypt allow$/,
        /\/key-direct\/kms:Decrypt deny$/,
        /\/publish-forbidden\/.*unrelated-topic deny$/,
        /\/publish-forbidden\/not-the-alert-topic deny$/,
      ])
        assert.ok(
          ids.some((id) => needle.test(id)),
          `no case ${needle}`,
        );
    });

    test("the cases fail when the role may publish anywhere, or the key refuses SNS", () => {
      const mutate = (name: string, edit: (doc: any) => void) =>
        exported.map((x) => {
          if (!x.urn.endsWith(`::${name}`)) return x;
          // Both the role policy and the key keep their document in `policy`.
          const doc = JSON.parse(String(x.inputs.policy));
          edit(doc);
          return {
            ...x,
            inputs: { ...x.inputs, policy: JSON.stringify(doc) },
            outputs: { ...x.outputs, policy: JSON.stringify(doc) },
          };
        });
      const failing = (resources: typeof exported) =>
        verifyAccess(resources, monitoringAccess(resources))
          .filter((v) => !v.pass)
          .map((v) => v.id.replace(/^alertmanager-sns\/[^/]+\//, ""));

      const anywhere = mutate("monitoring-alertmanager-publish", (doc) => {
        doc.Statement[0].Resource = "*";
      });
      // The other account's topic is then up to its own policy (undecidable): a failure too.
      assert.deepEqual(failing(anywhere), [
        "publish-forbidden/topic/unrelated-topic",
        "publish-forbidden/not-the-alert-topic",
      ]);

      const noSns = mutate("siem-key", (doc) => {
        for (const s of doc.Statement) {
          const via = s.Condition?.StringEquals?.["kms:ViaService"];
          if (Array.isArray(via))
            s.Condition.StringEquals["kms:ViaService"] = via.filter((v: string) => !v.startsWith("sns."));
        }
      });
      assert.deepEqual(failing(noSns), ["key-via-sns/kms:GenerateDataKey", "key-via-sns/kms:Decrypt"]);
    });

    test("the release's images are all read, each from the mirror at its pinned tag", () => {
      const release = exported.filter((x) => x.type === "kubernetes:helm.sh/v3:Release");
      const sources = collectImages(release, readEgress(exported));
      assert.deepEqual(sources.map((s) => s.problem).filter(Boolean), []);
      assert.deepEqual(
        sources.map((s) => s.ref).sort(),
        Object.values(MONITORING_IMAGES)
          .map((i) => `${MIRROR}/${i.repository}:${i.tag}`)
          .sort(),
      );
    });
  });
});
