import type * as k8s from "@pulumi/kubernetes";
import type { LogShipperArgs } from "./logShipper.args";
import { FLUENT_BIT_CHART, LOG_SHIPPER_NAMES } from "./logShipper.logic";

/**
 * The Fluent Bit chart's values and pipeline, and the namespace's Pod Security labels, as plain data, so
 * tests read exactly what is installed. Keys follow charts/fluent-bit/values.yaml and templates/_pod.tpl
 * of fluent/helm-charts at chart 0.58.1.
 */

/**
 * Pod Security for the shipper's namespace. Fluent Bit reads the node's logs through a hostPath volume,
 * which the baseline level already forbids ("HostPath Volumes: must be forbidden"), so only `privileged`
 * admits it; `restricted` in warn and audit mode reports anything beyond what the pod needs today.
 * The pod itself is held to everything else restricted asks but running as a non-root user (see
 * `SECURITY_CONTEXT`). https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export function shipperPodSecurityLabels(version: string): Record<string, string> {
  return {
    "pod-security.kubernetes.io/enforce": "privileged",
    "pod-security.kubernetes.io/enforce-version": version,
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/warn-version": version,
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/audit-version": version,
  };
}

/**
 * The container's security context. Root, with no capability at all: kubelet writes container logs
 * under /var/log/pods owned by root, readable by their owner (0640 in containerd's CRI plugin), so uid 0
 * reads them through ordinary owner permission and needs neither DAC_OVERRIDE nor DAC_READ_SEARCH. A
 * non-root user would need one of those, and Kubernetes grants added capabilities to a non-root process
 * only as file capabilities of the binary, which the upstream image does not set; DAC_OVERRIDE would also
 * let it write anywhere it can reach. Read-only root filesystem, no privilege escalation, the runtime's
 * default seccomp profile; the only writable path is the position database (`daemonSetVolumeMounts`).
 * https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
 */
export const SECURITY_CONTEXT = {
  runAsUser: 0,
  runAsGroup: 0,
  runAsNonRoot: false,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
} as const;

/** Where the pipeline reads and keeps state on the node. */
export const NODE_PATHS = {
  /** Container logs are symlinks here to /var/log/pods/<ns>_<pod>_<uid>/<container>/N.log. */
  containerLogs: "/var/log/containers/*.log",
  logRoot: "/var/log",
  positionDb: `${LOG_SHIPPER_NAMES.stateDir}/tail-containers.db`,
} as const;

export interface FluentBitPipelineInputs {
  readonly streamName: string;
  readonly region: string;
}

/**
 * The pipeline (Fluent Bit's classic configuration; the chart concatenates these sections):
 * - tail every container log with the CRI multiline parser, offsets in a position database on the node
 *   so a restarted pod neither loses nor re-ships lines; Mem_Buf_Limit pauses the input, not drops it,
 *   while Firehose is unreachable.
 * - kubernetes: pod metadata from the API; Merge_Log parses JSON log lines into fields, which is how
 *   istio-proxy's JSON access log lines (and JSON application logs) get each field redacted. Pods may not
 *   choose their own parser or exclude themselves by annotation (K8S-Logging.Parser/Exclude Off): a
 *   compromised pod must not hide its logs from the SIEM.
 * - lua: redaction.lua on every record, after parsing and before any output.
 * - kinesis_firehose to the SIEM's stream, credentials from EKS Pod Identity; unlimited retries.
 * https://docs.fluentbit.io/manual/data-pipeline/inputs/tail ,
 * https://docs.fluentbit.io/manual/data-pipeline/filters/kubernetes ,
 * https://docs.fluentbit.io/manual/data-pipeline/filters/lua ,
 * https://docs.fluentbit.io/manual/data-pipeline/outputs/firehose
 */
export function fluentBitPipeline(i: FluentBitPipelineInputs) {
  const section = (name: string, entries: [string, string | number][]) =>
    [`[${name}]`, ...entries.map(([k, v]) => `    ${k} ${v}`)].join("\n") + "\n";
  return {
    service: section("SERVICE", [
      ["Daemon", "Off"],
      ["Flush", 1],
      ["Log_Level", "info"],
      ["HTTP_Server", "On"],
      ["HTTP_Listen", "0.0.0.0"],
      ["HTTP_Port", LOG_SHIPPER_NAMES.metricsPort],
      ["Health_Check", "On"],
    ]),
    inputs: section("INPUT", [
      ["Name", "tail"],
      ["Tag", "kube.*"],
      ["Path", NODE_PATHS.containerLogs],
      ["multiline.parser", "cri"],
      ["DB", NODE_PATHS.positionDb],
      ["DB.locking", "true"],
      ["Mem_Buf_Limit", "16MB"],
      ["Skip_Long_Lines", "On"],
      ["Refresh_Interval", 10],
    ]),
    filters:
      section("FILTER", [
        ["Name", "kubernetes"],
        ["Match", "kube.*"],
        ["Merge_Log", "On"],
        ["Keep_Log", "Off"],
        ["K8S-Logging.Parser", "Off"],
        ["K8S-Logging.Exclude", "Off"],
        ["Annotations", "Off"],
      ]) +
      section("FILTER", [
        ["Name", "lua"],
        ["Match", "*"],
        ["script", `/fluent-bit/scripts/${LOG_SHIPPER_NAMES.script}`],
        ["call", LOG_SHIPPER_NAMES.callback],
      ]),
    outputs: section("OUTPUT", [
      ["Name", "kinesis_firehose"],
      ["Match", "*"],
      ["region", i.region],
      ["delivery_stream", i.streamName],
      ["time_key", "@timestamp"],
      ["time_key_format", "%Y-%m-%dT%H:%M:%S.%3N"],
      ["Retry_Limit", "False"],
    ]),
    customParsers: "",
  };
}

export interface FluentBitValuesInputs extends FluentBitPipelineInputs {
  readonly imageRepository: string;
  readonly imageTag: string;
  readonly resources: NonNullable<LogShipperArgs["resources"]>;
  readonly extraTolerations: readonly k8s.types.input.core.v1.Toleration[];
  /** The text of redaction.lua. */
  readonly script: string;
}

/** The chart's values. */
export function fluentBitValues(i: FluentBitValuesInputs) {
  if (i.script.includes("{{") || i.script.includes("}}"))
    // The chart passes luaScripts through Helm's `tpl` (templates/configmap-luascripts.yaml).
    throw new Error(
      `${LOG_SHIPPER_NAMES.script} must not contain "{{" or "}}": the chart renders it as a template`,
    );
  return {
    kind: "DaemonSet",
    image: {
      repository: `${i.imageRepository}/${FLUENT_BIT_CHART.image.repository.split("/").pop()}`,
      tag: i.imageTag,
    },
    // The chart's test hook pulls busybox from Docker Hub: not reachable, and nothing to test in prod.
    testFramework: { enabled: false },
    hotReload: { enabled: false },
    serviceAccount: { create: true, name: LOG_SHIPPER_NAMES.serviceAccount },
    // get/list/watch on pods and namespaces only: what the kubernetes filter reads; no nodes, no events.
    rbac: { create: true, nodeAccess: false, eventsAccess: false },
    podSecurityPolicy: { create: false },
    openShift: { enabled: false },
    podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
    securityContext: SECURITY_CONTEXT,
    hostNetwork: false,
    dnsPolicy: "ClusterFirst",
    // Logs of every node, whatever its taints (GPU nodes included): one toleration that matches all.
    tolerations: [{ operator: "Exists" }, ...i.extraTolerations],
    // Evicted last under node pressure, with the node's own agents.
    // https://kubernetes.io/docs/tasks/administer-cluster/guaranteed-scheduling-critical-addon-pods/
    priorityClassName: "system-node-critical",
    resources: {
      requests: { cpu: i.resources.cpuRequest, memory: i.resources.memoryRequest },
      limits: { cpu: i.resources.cpuLimit, memory: i.resources.memoryLimit },
    },
    env: [
      {
        name: LOG_SHIPPER_NAMES.keyEnv,
        valueFrom: {
          secretKeyRef: { name: LOG_SHIPPER_NAMES.keySecret, key: LOG_SHIPPER_NAMES.keySecretKey },
        },
      },
    ],
    metricsPort: LOG_SHIPPER_NAMES.metricsPort,
    service: { type: "ClusterIP", port: LOG_SHIPPER_NAMES.metricsPort },
    serviceMonitor: { enabled: false },
    networkPolicy: { enabled: false },
    luaScripts: { [LOG_SHIPPER_NAMES.script]: i.script },
    config: fluentBitPipeline(i),
    // /var/log read-only; the position database in a directory of its own on the node, the only
    // writable mount. A hostPath (not an emptyDir) so the offsets outlive the pod: an emptyDir is wiped
    // with the pod, and its successor would either re-ship every file or skip what was written meanwhile.
    // No docker or machine-id mounts: EKS nodes run containerd, and the systemd input is not used.
    daemonSetVolumes: [
      { name: "varlog", hostPath: { path: NODE_PATHS.logRoot, type: "Directory" } },
      { name: "state", hostPath: { path: LOG_SHIPPER_NAMES.stateDir, type: "DirectoryOrCreate" } },
    ],
    daemonSetVolumeMounts: [
      { name: "varlog", mountPath: NODE_PATHS.logRoot, readOnly: true },
      { name: "state", mountPath: LOG_SHIPPER_NAMES.stateDir },
    ],
  };
}
