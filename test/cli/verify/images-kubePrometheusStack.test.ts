import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { verifyImages, type ExportResource, type ImageVerdict } from "../../../cli/verify/images";
import { KUBE_PROMETHEUS_STACK_IMAGES } from "../../../cli/verify/images/kubePrometheusStack";
import { SECRET_SIG, SIG_KEY } from "../../../cli/sdk/pulumiInternals";
import { MONITORING_IMAGES } from "../../../components/observability/securityMonitoring.logic";
import { monitoringValues } from "../../../components/observability/securityMonitoring.values";
import { ECR, ECR_ENDPOINTS, exportWith, res } from "./imagesFixture";

const REPO = "https://prometheus-community.github.io/helm-charts";
const kps = (values: unknown, repo = REPO) =>
  res("kubernetes:helm.sh/v3:Release", "kube-prometheus-stack", {
    chart: "kube-prometheus-stack",
    version: "88.5.3",
    repositoryOpts: { repo },
    values,
  });
const verify = (extra: ExportResource[]) => verifyImages(exportWith([...ECR_ENDPOINTS, ...extra]));
const summary = (vs: ImageVerdict[]) => vs.map((v) => `${v.path} ${v.image} ${v.verdict}`);

describe("kube-prometheus-stack's images", () => {
  test("default values: every part the chart enables is decided, node-exporter and the webhook Job included", () => {
    assert.deepEqual(summary(verify([kps({})])), [
      "values.prometheusOperator.image quay.io/prometheus-operator/prometheus-operator:v0.93.1 deny",
      "values.prometheusOperator.prometheusConfigReloader.image quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1 deny",
      "values.prometheusOperator.admissionWebhooks.patch.image ghcr.io/jkroepke/kube-webhook-certgen:1.8.7 deny",
      "values.prometheus.prometheusSpec.image quay.io/prometheus/prometheus:v3.14.0-distroless deny",
      "values.alertmanager.alertmanagerSpec.image quay.io/prometheus/alertmanager:v0.34.0 deny",
      "values.kube-state-metrics.image registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0 deny",
      "values.prometheus-node-exporter.image quay.io/prometheus/node-exporter:v1.12.1 deny",
      "values.grafana.image docker.io/grafana/grafana:13.2.0 deny",
      "values.grafana.sidecar.image quay.io/kiwigrid/k8s-sidecar:2.10.1 deny",
    ]);
  });

  test("global.imageRegistry moves every image to the mirror, pullable through ECR", () => {
    const vs = verify([kps({ global: { imageRegistry: `${ECR}/mirror` } })]);
    assert.equal(vs.length, KUBE_PROMETHEUS_STACK_IMAGES.length - 1); // the webhook Deployment is off by default
    assert.ok(
      vs.every((v) => v.image.startsWith(`${ECR}/mirror/`) && v.verdict === "allow"),
      summary(vs).join("\n"),
    );
  });

  test("SecurityMonitoring's values: exactly its pinned images, from the mirror, all allowed", () => {
    const values = JSON.parse(
      JSON.stringify(
        monitoringValues({
          imageRegistry: `${ECR}/mirror`,
          retentionDays: 15,
          storageSize: "50Gi",
          alertTopicArn: "arn:aws:sns:us-east-1:123456789012:alerts",
          region: "us-east-1",
          grafanaSso: {
            issuer: "https://login.example.com/",
            authUrl: "https://login.example.com/a",
            tokenUrl: "https://login.example.com/t",
            apiUrl: "https://login.example.com/u",
            clientId: "grafana",
            clientSecret: "x",
            adminGroup: "admins",
            viewerGroup: "viewers",
            rootUrl: "https://grafana.example.com",
          },
        }),
      ),
    );
    const vs = verify([kps(values)]);
    assert.deepEqual(
      vs.map((v) => v.image).sort(),
      Object.values(MONITORING_IMAGES)
        .map((i) => `${ECR}/mirror/${i.repository}:${i.tag}`)
        .sort(),
    );
    assert.ok(vs.every((v) => v.verdict === "allow"));
  });

  test("a secret or unknown image value is undecidable, not guessed", () => {
    const secret = { [SIG_KEY]: SECRET_SIG, ciphertext: "x" };
    const vs = verify([kps({ prometheus: { prometheusSpec: { image: { registry: secret } } } })]);
    const p = vs.find((v) => v.path === "values.prometheus.prometheusSpec.image")!;
    assert.equal(p.verdict, "undecidable");
  });

  test("another repository's chart of the same name is read by the generic Helm rules", () => {
    const vs = verify([kps({}, "https://charts.example.com")]);
    assert.deepEqual(summary(vs).length, 1);
    assert.equal(vs[0]!.verdict, "undecidable");
  });
});
