import { podIdentityTrustPolicy } from "../../../components/shared/podIdentity";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import {
  DASHBOARD_PANELS,
  SERIES_SOURCES,
  securityDashboard,
  securityDashboardJson,
} from "../../../components/observability/securityMonitoring.dashboard";
import { accountOfArn, alertPublishPolicy } from "../../../components/observability/securityMonitoring.iam";
import {
  MONITORING_IMAGES,
  resolveThresholds,
  SECURITY_MONITORING_DEFAULTS,
  validateSecurityMonitoringArgs,
} from "../../../components/observability/securityMonitoring.logic";
import {
  runbookPath,
  securityAlerts,
  securityPrometheusRule,
  SECURITY_SCRAPE_JOBS,
} from "../../../components/observability/securityMonitoring.rules";
import {
  gatewayUserTelemetry,
  podMonitors,
} from "../../../components/observability/securityMonitoring.scrape";
import { PROJECT_ROOT } from "../../../cli/plan";
import { metricNames, parser, PARSER_MISSING, syntaxErrors } from "./promql";

const DEFAULTS = resolveThresholds(undefined);
/** Validates an object against its published schema (kubernetes-models; ESM-only, so imported dynamically). */
async function validate(obj: { apiVersion: string; kind: string }): Promise<void> {
  const [group, version] = obj.apiVersion.split("/") as [string, string];
  const module: Record<string, unknown> =
    group === "monitoring.coreos.com"
      ? await import(`@kubernetes-models/prometheus-operator/${group}/${version}`)
      : group.endsWith(".istio.io")
        ? await import(`@kubernetes-models/istio/${group}/${version}`)
        : await import(`kubernetes-models/${group}/${version}`);
  const Model = module[obj.kind] as new (data: unknown) => { validate(): void };
  new Model(obj).validate();
}
const VALID = {
  chartVersion: "88.5.3",
  retentionDays: 15,
  vpcCidrs: ["10.0.0.0/16"],
  inferenceNamespaces: ["inference"],
};

describe("rules", () => {
  const alerts = securityAlerts(DEFAULTS);
  const byName = Object.fromEntries(alerts.map((a) => [a.alert, a]));

  test("one group, rampart-security, with exactly the security alerts", () => {
    const rule = securityPrometheusRule(DEFAULTS);
    assert.deepEqual(
      rule.spec.groups.map((g) => g.name),
      ["rampart-security"],
    );
    assert.deepEqual(
      rule.spec.groups[0]!.rules.map((r) => r.alert),
      [
        "RampartAuthFailures",
        "RampartAuthzDenials",
        "RampartThrottled",
        "RampartPlaintextTraffic",
        "RampartUserRequestSpike",
        "RampartUserPromptSizeSpike",
        "RampartGpuSaturation",
        "RampartModelIntegrityCheckFailed",
        "RampartSecurityScrapeDown",
      ],
    );
  });

  test("model integrity: either verify init container failing or restarting, critical, the tampering runbook", () => {
    const a = byName.RampartModelIntegrityCheckFailed!;
    assert.equal(a.severity, "critical");
    assert.equal(a.for, "0m");
    assert.equal(a.runbook, "docs/runbooks/incident-model-tampering.md");
    assert.match(
      a.expr,
      /kube_pod_init_container_status_terminated_reason\{container=~"verify-signature\|verify-files", reason!="Completed"\}/,
    );
    assert.match(
      a.expr,
      /increase\(kube_pod_init_container_status_restarts_total\{container=~"verify-signature\|verify-files"\}\[15m\]\)/,
    );
  });

  test("the contract's default thresholds are in the expressions", () => {
    assert.match(byName.RampartAuthFailures!.expr, /response_code="401".*\) > 1$/);
    assert.match(byName.RampartAuthzDenials!.expr, /response_code="403".*\) > 1$/);
    assert.match(byName.RampartThrottled!.expr, /response_code="429".*\) > 5$/);
    assert.match(byName.RampartUserRequestSpike!.expr, / > 5 \* sum by \(user\)/);
    assert.match(byName.RampartGpuSaturation!.expr, /DCGM_FI_DEV_GPU_UTIL\) > 95$/);
    assert.equal(byName.RampartGpuSaturation!.for, "15m");
  });

  test("thresholds from the args replace the defaults", () => {
    const custom = Object.fromEntries(
      securityAlerts(
        resolveThresholds({
          authFailuresPerSecond: 0.5,
          authzDenialsPerSecond: 2,
          throttledPerSecond: 10,
          userSpikeFactor: 3,
          gpuSaturationPercent: 80,
        }),
      ).map((a) => [a.alert, a.expr]),
    );
    assert.match(custom.RampartAuthFailures!, /> 0\.5$/);
    assert.match(custom.RampartAuthzDenials!, /> 2$/);
    assert.match(custom.RampartThrottled!, /> 10$/);
    assert.match(custom.RampartUserRequestSpike!, / > 3 \* /);
    assert.match(custom.RampartUserPromptSizeSpike!, / > 3 \* /);
    assert.match(custom.RampartGpuSaturation!, /> 80$/);
  });

  test("plaintext traffic is read on the server side, where Istio knows the connection's security", () => {
    const expr = byName.RampartPlaintextTraffic!.expr;
    for (const metric of ["istio_requests_total", "istio_tcp_connections_opened_total"])
      assert.ok(
        expr.includes(`${metric}{reporter="destination", connection_security_policy!="mutual_tls"}`),
        metric,
      );
    assert.equal(byName.RampartPlaintextTraffic!.severity, "critical");
  });

  test("per-user spikes read the gateway's user label, compare with the previous hour, and need a floor", () => {
    for (const a of [byName.RampartUserRequestSpike!, byName.RampartUserPromptSizeSpike!]) {
      assert.match(a.expr, /user!="", user!="unknown"/);
      assert.match(a.expr, /\[1h\] offset 1h/);
      assert.match(
        a.expr,
        new RegExp(`and .* > ${SECURITY_MONITORING_DEFAULTS.userSpikeMinRequestsPerSecond}$`),
      );
    }
    assert.match(
      byName.RampartUserPromptSizeSpike!.expr,
      /istio_request_bytes_sum.*\/ sum by \(user\) \(rate\(istio_request_bytes_count/,
    );
  });

  test("every alert has a severity, a summary and a runbook that exists", () => {
    for (const r of securityPrometheusRule(DEFAULTS).spec.groups[0]!.rules) {
      assert.ok(["critical", "warning"].includes(r.labels.severity), r.alert);
      assert.ok(r.annotations.summary.length > 10, r.alert);
      const file = path.join(PROJECT_ROOT, r.annotations.runbook_url);
      assert.match(r.annotations.runbook_url, /^docs\/runbooks\/(prom|incident)-[a-z-]+\.md$/);
      const text = fs.readFileSync(file, "utf8");
      for (const section of [
        "## What fired",
        "## Why it matters",
        "## First 15 minutes",
        "## Containment",
        "## Evidence to keep",
      ])
        assert.ok(text.includes(section), `${file} lacks ${section}`);
      assert.ok(text.includes(r.alert), `${file} names ${r.alert}`);
    }
    // And no runbook of ours is orphaned.
    const ids = new Set(alerts.map((a) => runbookPath(a.id)));
    for (const f of fs
      .readdirSync(path.join(PROJECT_ROOT, "docs/runbooks"))
      .filter((f) => f.startsWith("prom-")))
      assert.ok(ids.has(`docs/runbooks/${f}`), `docs/runbooks/${f} belongs to no alert`);
  });

  test("the PrometheusRule passes the operator's schema", async () => {
    await validate(securityPrometheusRule(DEFAULTS));
  });

  test(
    "every expression parses as PromQL and reads only series with a known source",
    { skip: parser ? false : PARSER_MISSING },
    () => {
      for (const a of alerts) {
        assert.deepEqual(syntaxErrors(a.expr), [], `${a.alert}: ${a.expr}`);
        for (const m of metricNames(a.expr))
          assert.ok(SERIES_SOURCES[m], `${a.alert} reads ${m}, which nothing produces`);
      }
      // The checker itself rejects a broken expression.
      assert.notDeepEqual(syntaxErrors("sum(rate(istio_requests_total[5m]) >"), []);
    },
  );
});

describe("scrape configuration", () => {
  const monitors = podMonitors({ inferenceNamespaces: ["inference", "batch"], modelMetricsPorts: [8000] });
  const byName = Object.fromEntries(monitors.map((m) => [m.metadata.name, m]));

  test("PodMonitors for istiod, the gateway, the proxies, the model servers and DCGM, valid for the operator", async () => {
    assert.deepEqual(Object.keys(byName).sort(), [
      "dcgm-exporter",
      "istio-gateway",
      "istio-proxies",
      "istiod",
      "model-servers",
    ]);
    for (const m of monitors) await validate(m);
    // The security alert on lost targets names exactly these jobs (the operator's job is namespace/name).
    assert.deepEqual(
      [...SECURITY_SCRAPE_JOBS].sort(),
      monitors.map((m) => `monitoring/${m.metadata.name}`).sort(),
    );
  });

  test("ports: istiod 15014, proxies and gateway 15020 /stats/prometheus, DCGM 9400, model servers over mTLS", () => {
    const ep = (n: string) => (byName[n]!.spec.podMetricsEndpoints as Record<string, unknown>[])[0]!;
    assert.equal(ep("istiod").portNumber, 15014);
    assert.deepEqual(
      [ep("istio-gateway").portNumber, ep("istio-gateway").path],
      [15020, "/stats/prometheus"],
    );
    assert.deepEqual(
      [ep("istio-proxies").portNumber, ep("istio-proxies").path],
      [15020, "/stats/prometheus"],
    );
    assert.equal(ep("dcgm-exporter").portNumber, 9400);
    assert.deepEqual([ep("model-servers").portNumber, ep("model-servers").scheme], [8000, "https"]);
    assert.equal(byName["model-servers"]!.spec.scrapeClass, "istio-mtls");
    assert.deepEqual(byName["model-servers"]!.spec.namespaceSelector, { matchNames: ["inference", "batch"] });
    assert.equal(byName["istio-gateway"]!.spec.sampleLimit, SECURITY_MONITORING_DEFAULTS.gatewaySampleLimit);
  });

  test("without inference namespaces there is no model or proxy monitor", () => {
    const names = podMonitors({ inferenceNamespaces: [], modelMetricsPorts: [8000] }).map(
      (m) => m.metadata.name,
    );
    assert.deepEqual(names, ["istiod", "istio-gateway", "dcgm-exporter"]);
  });

  test("the per-user label comes from x-rampart-user, on the gateway only, for request count and size", async () => {
    const t = gatewayUserTelemetry();
    await validate(t);
    assert.equal(t.metadata.namespace, "istio-ingress");
    assert.deepEqual(t.spec.selector.matchLabels, { istio: "ingressgateway" });
    const overrides = t.spec.metrics[0]!.overrides;
    assert.deepEqual(
      overrides.map((o) => [o.match.metric, o.match.mode]),
      [
        ["REQUEST_COUNT", "CLIENT_AND_SERVER"],
        ["REQUEST_SIZE", "CLIENT_AND_SERVER"],
      ],
    );
    for (const o of overrides) assert.equal(o.tagOverrides.user.value, "request.headers['x-rampart-user']");
  });
});

describe("dashboard", () => {
  test("dashboards/security.json is the built dashboard (refresh it from the builder when this fails)", () => {
    const file = path.join(PROJECT_ROOT, "components/observability/dashboards/security.json");
    assert.deepEqual(JSON.parse(fs.readFileSync(file, "utf8")), JSON.parse(securityDashboardJson()));
  });

  test("panels for 401, 403, 429, plaintext, per-user rate and size, GPU and firing alerts", () => {
    const exprs = securityDashboard().panels.map((p) => p.targets[0]!.expr);
    for (const needle of [
      'response_code="401"',
      'response_code="403"',
      'response_code="429"',
      'connection_security_policy!="mutual_tls"',
      "topk(10, sum by (user) (rate(istio_requests_total",
      "topk(10, sum by (user) (rate(istio_request_bytes_sum",
      "DCGM_FI_DEV_GPU_UTIL",
      'ALERTS{alertstate="firing"}',
    ])
      assert.ok(
        exprs.some((e) => e.includes(needle)),
        `no panel with ${needle}`,
      );
    assert.ok(securityDashboard().panels.every((p) => p.datasource.uid === "prometheus"));
  });

  test(
    "each panel's query parses and reads series that the exporters or rules produce",
    { skip: parser ? false : PARSER_MISSING },
    () => {
      for (const p of DASHBOARD_PANELS) {
        assert.deepEqual(syntaxErrors(p.expr), [], p.title);
        const names = metricNames(p.expr);
        assert.ok(names.length > 0, p.title);
        for (const m of names) assert.ok(SERIES_SOURCES[m], `${p.title} reads ${m}, which nothing produces`);
      }
    },
  );
});

describe("validateSecurityMonitoringArgs", () => {
  test("valid args have no problems", () => {
    assert.deepEqual(validateSecurityMonitoringArgs(VALID), []);
  });

  test("each bad field is named with its value and what was expected", () => {
    const problems = validateSecurityMonitoringArgs({
      ...VALID,
      chartVersion: "latest",
      imageRegistry: "https://mirror",
      retentionDays: 0,
      storageSize: "fifty",
      vpcCidrs: ["10.0.0.1/16"],
      inferenceNamespaces: ["Inference", "a", "a"],
      modelMetricsPorts: [15020],
      thresholds: { authFailuresPerSecond: 0, userSpikeFactor: 1, gpuSaturationPercent: 120 },
      grafanaSso: {
        issuer: "http://idp",
        authUrl: "https://idp/auth",
        tokenUrl: "https://idp/token",
        apiUrl: "https://idp/userinfo",
        clientId: "",
        clientSecret: "s",
        adminGroup: "admins' || 'Admin",
        viewerGroup: "viewers",
        rootUrl: "https://grafana.example.com",
      },
    });
    assert.deepEqual(
      problems.map((p) => p.path.join(".")),
      [
        "chartVersion",
        "imageRegistry",
        "retentionDays",
        "storageSize",
        "vpcCidrs.0",
        "inferenceNamespaces.0",
        "inferenceNamespaces.2",
        "modelMetricsPorts.0",
        "thresholds.authFailuresPerSecond",
        "thresholds.userSpikeFactor",
        "thresholds.gpuSaturationPercent",
        "grafanaSso.issuer",
        "grafanaSso.clientId",
        "grafanaSso.adminGroup",
      ],
    );
    assert.match(problems.find((p) => p.path[0] === "retentionDays")!.message, /at least 1/);
  });
});

describe("Alertmanager's IAM documents", () => {
  test("trust: EKS Pod Identity for this account only, AssumeRole and TagSession", () => {
    const s = podIdentityTrustPolicy("123456789012").Statement[0]!;
    assert.deepEqual(s.Principal, { Service: "pods.eks.amazonaws.com" });
    assert.deepEqual(s.Action, ["sts:AssumeRole", "sts:TagSession"]);
    assert.deepEqual(s.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
  });

  test("publish to one topic; its key only through SNS", () => {
    const doc = alertPublishPolicy(
      "arn:aws:sns:us-east-1:123456789012:alerts",
      "arn:aws:kms:us-east-1:123456789012:key/k",
      "us-east-1",
    );
    assert.deepEqual(
      doc.Statement.map((s) => [s.Action, s.Resource]),
      [
        ["sns:Publish", "arn:aws:sns:us-east-1:123456789012:alerts"],
        [["kms:GenerateDataKey*", "kms:Decrypt"], "arn:aws:kms:us-east-1:123456789012:key/k"],
      ],
    );
    assert.deepEqual(doc.Statement[1]!.Condition, {
      StringEquals: { "kms:ViaService": "sns.us-east-1.amazonaws.com" },
    });
    assert.equal(accountOfArn("arn:aws:sns:us-east-1:123456789012:alerts"), "123456789012");
    assert.throws(() => accountOfArn("alerts"), /names no 12-digit account/);
  });
});

test("the pinned images are the chart's, by tag", () => {
  for (const [name, i] of Object.entries(MONITORING_IMAGES)) {
    assert.match(i.tag, /^v?\d+\.\d+\.\d+(-distroless)?$/, name);
    assert.ok(["quay.io", "registry.k8s.io", "docker.io"].includes(i.registry), name);
  }
});

test("NetworkPolicy objects are valid Kubernetes objects", async () => {
  const { monitoringNetworkPolicies } =
    await import("../../../components/observability/securityMonitoring.networkPolicies");
  for (const np of monitoringNetworkPolicies({
    vpcCidrs: ["10.0.0.0/16"],
    controlPlaneCidrs: ["10.0.0.0/20"],
    modelMetricsPorts: [8000],
    grafana: true,
  }))
    await validate(np);
});
