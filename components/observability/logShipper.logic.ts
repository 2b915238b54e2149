import { cidrProblem } from "../network/subnetPlan";
import { type ArgProblem, Problems } from "../shared/problems";
import { chartVersionProblem, dnsLabelProblem, tagArgProblems } from "../shared/rules";
import type { LogShipperArgs } from "./logShipper.args";

/**
 * Pure logic of `LogShipper`: the pinned chart, defaults, argument checks and IAM documents. No Pulumi
 * resources, no I/O.
 */

/**
 * The official Fluent Bit chart and the image its values.yaml names (`image.repository:
 * cr.fluentbit.io/fluent/fluent-bit`, tag defaulting to the chart's appVersion).
 * @see https://github.com/fluent/helm-charts/blob/main/charts/fluent-bit/values.yaml
 */
export const FLUENT_BIT_CHART = {
  chart: "fluent-bit",
  repo: "https://fluent.github.io/helm-charts",
  image: { registry: "cr.fluentbit.io", repository: "fluent/fluent-bit" },
} as const;

/**
 * The chart version Rampart is tested with and the Fluent Bit it ships: charts/fluent-bit/Chart.yaml
 * `version: 0.58.1`, `appVersion: 5.1.1` at fluent/helm-charts 5b81bf7a5a5d (2026-08-18), the newest
 * release there. Fluent Bit reads EKS Pod Identity credentials since 4.0
 * (https://github.com/fluent/fluent-bit/pull/10115).
 */
export const TESTED_FLUENT_BIT_CHART = "0.58.1";
export const TESTED_FLUENT_BIT_IMAGE_TAG = "5.1.1";

export const LOG_SHIPPER_DEFAULTS = {
  imageRepository: "cr.fluentbit.io/fluent",
  namespace: "logging",
  extraTolerations: [],
  resources: { cpuRequest: "50m", memoryRequest: "64Mi", cpuLimit: "500m", memoryLimit: "256Mi" },
  /** The namespace whose pods scrape the shipper's metrics (SecurityMonitoring's Prometheus). */
  scraperNamespace: "monitoring",
  helmTimeoutSeconds: 600,
} as const;

/** Fixed names inside the shipper's namespace, and the paths its pods use. */
export const LOG_SHIPPER_NAMES = {
  /** Helm release; also the DaemonSet, ServiceAccount and ClusterRole name (the chart's fullname). */
  release: "fluent-bit",
  serviceAccount: "fluent-bit",
  /** The Secret holding the redaction key, and its data key. */
  keySecret: "fluent-bit-redaction-key",
  keySecretKey: "key",
  /** The variable redaction.lua reads the key from. */
  keyEnv: "RAMPART_REDACTION_KEY",
  /** The Lua filter's script name (the chart mounts `luaScripts` at /fluent-bit/scripts) and callback. */
  script: "redaction.lua",
  callback: "rampart_redact",
  /** Fluent Bit's HTTP server: metrics and health (the chart's `metricsPort`). */
  metricsPort: 2020,
  /** The node directory holding the tail position database (see logShipper.values.ts). */
  stateDir: "/var/lib/rampart-fluent-bit",
} as const;

/** The pod labels the chart's selector uses (templates/_helpers.tpl, fluent-bit.selectorLabels). */
export const FLUENT_BIT_POD_LABELS = {
  "app.kubernetes.io/name": "fluent-bit",
  "app.kubernetes.io/instance": "fluent-bit",
} as const;

/** Namespaces a shipper must not be installed into: its Pod Security level would weaken theirs. */
const SHARED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** `<registry host>[/<path>]`, no scheme, no tag, no trailing slash. */
const REPOSITORY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
/** A docker tag (https://github.com/distribution/reference/blob/main/reference.go, tag grammar). */
const TAG = /^[\w][\w.-]{0,127}$/;
const CPU = /^(\d+m|\d+(\.\d+)?)$/;
const MEMORY = /^\d+(Ki|Mi|Gi)$/;
/** A Firehose stream ARN. https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html */
const STREAM_ARN = /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/[\w.-]{1,64}$/;

export type LogShipperPlainArgs = Pick<
  LogShipperArgs,
  | "chartVersion"
  | "imageTag"
  | "imageRepository"
  | "namespace"
  | "resources"
  | "vpcCidrs"
  | "tags"
  | "streamArn"
  | "streamName"
  | "region"
>;

/** Every problem with the Args, each naming the field. Empty means valid. */
export function validateLogShipperArgs(args: LogShipperPlainArgs): ArgProblem[] {
  const p = new Problems();
  const chart = chartVersionProblem(args.chartVersion);
  if (chart) p.at(["chartVersion"], args.chartVersion, `${chart}, e.g. "${TESTED_FLUENT_BIT_CHART}"`);
  if (typeof args.imageTag !== "string" || !TAG.test(args.imageTag) || args.imageTag === "latest")
    p.at(
      ["imageTag"],
      args.imageTag,
      `is not a pinned image tag (expected the chart's appVersion, e.g. "${TESTED_FLUENT_BIT_IMAGE_TAG}")`,
    );
  if (args.imageRepository !== undefined && !REPOSITORY.test(args.imageRepository))
    p.at(
      ["imageRepository"],
      args.imageRepository,
      'is not a registry prefix (expected "<host>[/<path>]" without scheme, tag or trailing slash, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/fluent")',
    );
  if (args.namespace !== undefined) {
    const ns = dnsLabelProblem(args.namespace);
    if (ns) p.at(["namespace"], args.namespace, ns);
    else if (SHARED_NAMESPACES.includes(args.namespace))
      p.at(
        ["namespace"],
        args.namespace,
        "is a shared namespace (expected a namespace of its own: the shipper needs the privileged Pod Security level)",
      );
  }
  if (!Array.isArray(args.vpcCidrs) || args.vpcCidrs.length === 0)
    p.at(
      ["vpcCidrs"],
      args.vpcCidrs,
      "is empty (expected the VPC's CIDRs: the Firehose endpoint is in them)",
    );
  else
    args.vpcCidrs.forEach((c, i) => {
      const bad = typeof c === "string" ? cidrProblem(c) : "is not a CIDR string";
      if (bad) p.at(["vpcCidrs", i], c, bad);
    });
  const r = args.resources;
  if (r !== undefined) {
    for (const f of ["cpuRequest", "cpuLimit"] as const)
      if (!CPU.test(String(r[f])))
        p.at(["resources", f], r[f], 'is not a CPU quantity (expected e.g. "50m" or "1")');
    for (const f of ["memoryRequest", "memoryLimit"] as const)
      if (!MEMORY.test(String(r[f])))
        p.at(["resources", f], r[f], 'is not a memory quantity (expected e.g. "64Mi" or "1Gi")');
  }
  // Only plain strings can be checked here; Outputs are checked by the component once known.
  if (typeof args.streamArn === "string" && !STREAM_ARN.test(args.streamArn))
    p.at(
      ["streamArn"],
      args.streamArn,
      'is not a Firehose stream ARN (expected "arn:aws:firehose:<region>:<account>:deliverystream/<name>")',
    );
  if (
    typeof args.streamArn === "string" &&
    typeof args.streamName === "string" &&
    STREAM_ARN.test(args.streamArn)
  )
    if (!args.streamArn.endsWith(`/${args.streamName}`))
      p.at(["streamName"], args.streamName, `is not the stream streamArn names (${args.streamArn})`);
  if (typeof args.region === "string" && !/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(args.region))
    p.at(["region"], args.region, 'is not an AWS Region (expected e.g. "us-east-1")');
  p.under([], tagArgProblems(args.tags));
  return p.list;
}

/** The account that owns a stream, from its ARN. */
export function streamAccount(streamArn: string): string {
  const account = streamArn.split(":")[4];
  if (!account || !/^\d{12}$/.test(account))
    throw new Error(
      `streamArn: "${streamArn}" is not a Firehose stream ARN (expected arn:aws:firehose:<region>:<account>:deliverystream/<name>)`,
    );
  return account;
}

/** An IAM policy document, as JSON-serialisable data. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}

export { podIdentityTrustPolicy } from "../shared/podIdentity";

/**
 * The shipper's only permission: Fluent Bit's `kinesis_firehose` output calls PutRecordBatch and
 * nothing else (https://docs.fluentbit.io/manual/data-pipeline/outputs/firehose). Server-side
 * encryption with our key is Firehose's own use of the key: producers need no KMS permission
 * (https://docs.aws.amazon.com/firehose/latest/dev/encryption.html).
 */
export function shipperPolicy(streamArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "PutRecordBatchOnItsStream",
        Effect: "Allow",
        Action: ["firehose:PutRecordBatch"],
        Resource: streamArn,
      },
    ],
  };
}
