import assert from "node:assert/strict";
import * as fs from "node:fs";
import { describe, test } from "node:test";
import { REDACTION_SCRIPT_PATH } from "../../../components/observability/logShipper";
import {
  FLUENT_BIT_POD_LABELS,
  LOG_SHIPPER_DEFAULTS,
  LOG_SHIPPER_NAMES,
  podIdentityTrustPolicy,
  shipperPolicy,
  streamAccount,
  TESTED_FLUENT_BIT_CHART,
  TESTED_FLUENT_BIT_IMAGE_TAG,
  validateLogShipperArgs,
  type LogShipperPlainArgs,
} from "../../../components/observability/logShipper.logic";
import { shipperNetworkPolicies } from "../../../components/observability/logShipper.networkPolicies";
import { POD_IDENTITY_AGENT } from "../../../components/shared/networkPolicy";
import {
  fluentBitPipeline,
  fluentBitValues,
  shipperPodSecurityLabels,
} from "../../../components/observability/logShipper.values";
import { formatProblem } from "../../../components/shared/problems";

const STREAM_ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/rampart-dev-shipper";
const VALID: LogShipperPlainArgs = {
  chartVersion: TESTED_FLUENT_BIT_CHART,
  imageTag: TESTED_FLUENT_BIT_IMAGE_TAG,
  vpcCidrs: ["10.0.0.0/16"],
  streamArn: STREAM_ARN,
  streamName: "rampart-dev-shipper",
  region: "us-east-1",
};
const problems = (edit: Partial<LogShipperPlainArgs>) =>
  validateLogShipperArgs({ ...VALID, ...edit }).map((p) => formatProblem(p));

describe("validateLogShipperArgs", () => {
  test("the tested versions and a plain stream are valid", () => {
    assert.deepEqual(problems({}), []);
  });
  test("each bad field is reported with its value and what was expected", () => {
    const cases: [Partial<LogShipperPlainArgs>, string][] = [
      [
        { chartVersion: "^0.58" },
        'chartVersion: "^0.58" is not a pinned chart version (expected "X.Y.Z"), e.g. "0.58.1"',
      ],
      [
        { imageTag: "latest" },
        'imageTag: "latest" is not a pinned image tag (expected the chart\'s appVersion, e.g. "5.1.1")',
      ],
      [
        { imageRepository: "https://cr.fluentbit.io/fluent/" },
        'imageRepository: "https://cr.fluentbit.io/fluent/" is not a registry prefix',
      ],
      [{ namespace: "kube-system" }, 'namespace: "kube-system" is a shared namespace'],
      [{ namespace: "Logging" }, 'namespace: "Logging" is not a lowercase DNS label'],
      [
        { vpcCidrs: [] },
        "vpcCidrs: [] is empty (expected the VPC's CIDRs: the Firehose endpoint is in them)",
      ],
      [{ vpcCidrs: ["10.0.0.0/33"] }, 'vpcCidrs[0]: "10.0.0.0/33"'],
      [{ streamArn: "arn:aws:s3:::bucket" }, 'streamArn: "arn:aws:s3:::bucket" is not a Firehose stream ARN'],
      [{ streamName: "other" }, `streamName: "other" is not the stream streamArn names (${STREAM_ARN})`],
      [{ region: "us-east" }, 'region: "us-east" is not an AWS Region'],
      [
        { resources: { cpuRequest: "fast", memoryRequest: "64Mi", cpuLimit: "1", memoryLimit: "1GB" } },
        'resources.cpuRequest: "fast" is not a CPU quantity',
      ],
    ];
    for (const [edit, expected] of cases) {
      const got = problems(edit);
      assert.equal(got.length, edit.resources ? 2 : 1, `${JSON.stringify(edit)}: ${got.join("; ")}`);
      assert.ok(got[0]!.startsWith(expected), `${got[0]} should start with ${expected}`);
    }
  });
  test("every problem at once", () => {
    assert.equal(problems({ chartVersion: "x", imageTag: "", vpcCidrs: [], region: "nowhere" }).length, 4);
  });
});

describe("IAM documents", () => {
  test("the role may PutRecordBatch on its stream and nothing else", () => {
    assert.deepEqual(shipperPolicy(STREAM_ARN).Statement, [
      {
        Sid: "PutRecordBatchOnItsStream",
        Effect: "Allow",
        Action: ["firehose:PutRecordBatch"],
        Resource: STREAM_ARN,
      },
    ]);
  });
  test("Pod Identity trust: pods.eks.amazonaws.com, AssumeRole + TagSession, from our account only", () => {
    assert.deepEqual(podIdentityTrustPolicy(streamAccount(STREAM_ARN)).Statement, [
      {
        Sid: "EksPodIdentity",
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
    assert.throws(
      () => streamAccount("arn:aws:firehose:us-east-1::deliverystream/x"),
      /is not a Firehose stream ARN/,
    );
  });
});

const script = fs.readFileSync(REDACTION_SCRIPT_PATH, "utf8");
const values = fluentBitValues({
  streamName: "rampart-dev-shipper",
  region: "us-east-1",
  imageRepository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/fluent",
  imageTag: TESTED_FLUENT_BIT_IMAGE_TAG,
  resources: LOG_SHIPPER_DEFAULTS.resources,
  extraTolerations: [],
  script,
});

describe("fluentBitValues", () => {
  test("the image comes from the given registry, at the pinned tag; no test hook pulls busybox", () => {
    assert.deepEqual(values.image, {
      repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/fluent/fluent-bit",
      tag: "5.1.1",
    });
    assert.equal(values.testFramework.enabled, false);
    assert.equal(values.hotReload.enabled, false);
  });

  test("the container: root with no capabilities, read-only root, no escalation, RuntimeDefault seccomp", () => {
    assert.deepEqual(values.securityContext, {
      runAsUser: 0,
      runAsGroup: 0,
      runAsNonRoot: false,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.equal(values.hostNetwork, false);
    assert.equal("add" in values.securityContext.capabilities, false);
  });

  test("hostPath: /var/log read-only; the position database alone writable, in its own directory", () => {
    assert.deepEqual(values.daemonSetVolumes, [
      { name: "varlog", hostPath: { path: "/var/log", type: "Directory" } },
      { name: "state", hostPath: { path: "/var/lib/rampart-fluent-bit", type: "DirectoryOrCreate" } },
    ]);
    const writable = values.daemonSetVolumeMounts.filter((m) => !("readOnly" in m && m.readOnly));
    assert.deepEqual(writable, [{ name: "state", mountPath: "/var/lib/rampart-fluent-bit" }]);
    assert.match(values.config.inputs, /DB \/var\/lib\/rampart-fluent-bit\/tail-containers\.db/);
  });

  test("every taint tolerated, system-node-critical, resources from the args", () => {
    assert.deepEqual(values.tolerations, [{ operator: "Exists" }]);
    assert.equal(values.priorityClassName, "system-node-critical");
    assert.deepEqual(values.resources, {
      requests: { cpu: "50m", memory: "64Mi" },
      limits: { cpu: "500m", memory: "256Mi" },
    });
  });

  test("RBAC: the chart's ClusterRole on pods and namespaces only; its own NetworkPolicy off", () => {
    assert.deepEqual(values.rbac, { create: true, nodeAccess: false, eventsAccess: false });
    assert.equal(values.networkPolicy.enabled, false);
  });

  test("the key reaches the filter from the Secret, never as a value", () => {
    assert.deepEqual(values.env, [
      {
        name: "RAMPART_REDACTION_KEY",
        valueFrom: { secretKeyRef: { name: "fluent-bit-redaction-key", key: "key" } },
      },
    ]);
    assert.equal(values.luaScripts["redaction.lua"], script);
  });

  test("a script the chart's tpl would mangle is refused", () => {
    assert.throws(
      () =>
        fluentBitValues({
          streamName: "s",
          region: "r",
          imageRepository: "x",
          imageTag: "1",
          resources: LOG_SHIPPER_DEFAULTS.resources,
          extraTolerations: [],
          script: "-- {{ .Values }}",
        }),
      /must not contain "\{\{"/,
    );
  });
});

describe("the pipeline", () => {
  const p = fluentBitPipeline({ streamName: "rampart-dev-shipper", region: "us-east-1" });
  const sections = (text: string) => text.split(/\n(?=\[)/).map((s) => s.trim());
  const entries = (s: string) =>
    Object.fromEntries(
      s
        .split("\n")
        .slice(1)
        .map((l) => l.trim().split(/\s+/, 2) as [string, string]),
    );

  test("tail: container logs, CRI multiline, positions on the node", () => {
    const tail = entries(p.inputs);
    assert.equal(tail.Name, "tail");
    assert.equal(tail.Path, "/var/log/containers/*.log");
    assert.equal(tail["multiline.parser"], "cri");
  });

  test("filters in order: kubernetes (JSON lines merged, no per-pod opt-out) then redaction on every record", () => {
    const [kube, lua] = sections(p.filters).map(entries);
    assert.equal(kube!.Name, "kubernetes");
    assert.equal(kube!.Merge_Log, "On", "istio-proxy's JSON access logs become fields");
    assert.equal(kube!["K8S-Logging.Exclude"], "Off", "a pod cannot hide its logs by annotation");
    assert.equal(kube!["K8S-Logging.Parser"], "Off");
    assert.deepEqual(lua, {
      Name: "lua",
      Match: "*",
      script: "/fluent-bit/scripts/redaction.lua",
      call: "rampart_redact",
    });
    assert.match(script, /^function rampart_redact\(/m, "the callback the filter names exists");
  });

  test("output: Firehose, its stream and region, and nothing else", () => {
    assert.equal(sections(p.outputs).length, 1);
    const out = entries(p.outputs);
    assert.equal(out.Name, "kinesis_firehose");
    assert.equal(out.Match, "*");
    assert.equal(out.delivery_stream, "rampart-dev-shipper");
    assert.equal(out.region, "us-east-1");
  });
});

// The DaemonSet the chart renders from these values (templates/daemonset.yaml and _pod.tpl at 0.58.1:
// each value is copied to the pod field of the same meaning), checked against the Kubernetes schema.
describe("the rendered DaemonSet", () => {
  const labels = { ...FLUENT_BIT_POD_LABELS };
  const ds = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: LOG_SHIPPER_NAMES.release, namespace: "logging", labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: values.serviceAccount.name,
          priorityClassName: values.priorityClassName,
          securityContext: values.podSecurityContext,
          hostNetwork: values.hostNetwork,
          dnsPolicy: values.dnsPolicy,
          containers: [
            {
              name: "fluent-bit",
              securityContext: values.securityContext,
              image: `${values.image.repository}:${values.image.tag}`,
              env: values.env,
              ports: [{ name: "http", containerPort: values.metricsPort, protocol: "TCP" }],
              resources: values.resources,
              volumeMounts: [
                { name: "config", mountPath: "/fluent-bit/etc/conf" },
                { name: "luascripts", mountPath: "/fluent-bit/scripts" },
                ...values.daemonSetVolumeMounts,
              ],
            },
          ],
          volumes: [
            { name: "config", configMap: { name: "fluent-bit" } },
            { name: "luascripts", configMap: { name: "fluent-bit-luascripts" } },
            ...values.daemonSetVolumes,
          ],
          tolerations: values.tolerations,
        },
      },
    },
  };
  test("is valid against the apps/v1 DaemonSet schema", async () => {
    // kubernetes-models is ESM-only: a dynamic import, as test/schemas does.
    const { DaemonSet } = (await import("kubernetes-models/apps/v1")) as unknown as {
      DaemonSet: new (data: unknown) => { validate(): void };
    };
    assert.doesNotThrow(() => new DaemonSet(JSON.parse(JSON.stringify(ds))).validate());
  });
});

describe("namespace and NetworkPolicies", () => {
  test("privileged enforce (hostPath), restricted warn and audit", () => {
    assert.deepEqual(shipperPodSecurityLabels("v1.33"), {
      "pod-security.kubernetes.io/enforce": "privileged",
      "pod-security.kubernetes.io/enforce-version": "v1.33",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "v1.33",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": "v1.33",
    });
  });

  const nps = shipperNetworkPolicies({
    namespace: "logging",
    vpcCidrs: ["10.0.0.0/16"],
    scraperNamespace: "monitoring",
  });
  const byName = Object.fromEntries(nps.map((np) => [np.metadata.name, np.spec]));

  test("deny all, then only the shipper's flows", () => {
    assert.deepEqual(Object.keys(byName), [
      "default-deny-all",
      "allow-metrics-from-scraper",
      "allow-egress-firehose-endpoint",
      "allow-egress-api-server",
      "allow-egress-pod-identity-agent",
      "allow-dns",
      "quarantine",
    ]);
    assert.deepEqual(byName["default-deny-all"], { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });

  test("the only ingress is metrics from the monitoring namespace on 2020", () => {
    const ingress = nps.flatMap((np) => (np.spec.ingress ?? []) as unknown[]);
    assert.deepEqual(ingress, [
      {
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }],
        ports: [{ protocol: "TCP", port: 2020 }],
      },
    ]);
  });

  test("egress: 443 inside the VPC, the Pod Identity agent on 80, DNS; nothing outside the VPC", () => {
    const egress = nps.flatMap((np) => (np.spec.egress ?? []) as { to: any[]; ports: any[] }[]);
    const blocks = egress.flatMap((e) =>
      e.to
        .filter((t) => t.ipBlock)
        .map((t) => `${t.ipBlock.cidr}:${e.ports.map((p: any) => p.port).join(",")}`),
    );
    assert.deepEqual(
      new Set(blocks),
      new Set(["10.0.0.0/16:443", `${POD_IDENTITY_AGENT.ipv4}:80`, `${POD_IDENTITY_AGENT.ipv6}:80`]),
    );
    assert.ok(
      egress.every((e) => e.to.length > 0 && e.ports.length > 0),
      "no open-ended egress rule",
    );
  });
});
