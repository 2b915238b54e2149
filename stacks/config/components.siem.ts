import * as pulumi from "@pulumi/pulumi";
import type { LogShipperArgs } from "../../components/observability/logShipper.args";
import type {
  GrafanaSsoArgs,
  SecurityMonitoringArgs,
} from "../../components/observability/securityMonitoring.args";
import type { SiemPipelineArgs } from "../../components/observability/siemPipeline.args";
import type { PrivacyControlsArgs } from "../../components/privacy/privacyControls.args";
import { type ArgPath, formatPath } from "../../components/shared/problems";
import { logGroupPrefix, vpcCidrsOf } from "./components";
import { edgeNamePrefixOf, type KeyMap, type SecretReader } from "./components.mesh";
import { NAMESPACE, type PrivacyConfig, type RampartConfig, type SiemConfig } from "./schema";
import { GRAFANA_CLIENT_SECRET_KEY } from "./schema.siem";

/**
 * The SIEM and privacy side of stacks/config: from the parsed config to the config-decided parts of
 * `SiemPipelineArgs`, `LogShipperArgs`, `SecurityMonitoringArgs` and `PrivacyControlsArgs` (what only the
 * platform knows, keys, VPC, subnets, cluster, stream and topic, the stack adds), and the maps from a
 * problem's Args path back to the `rampart:` key the user wrote (for the components' validators).
 */

/** Prefix of global names (bucket, trail, domain, streams, topic, table): `<project>-<stack>`, as the edge's. */
export const namePrefixOf = edgeNamePrefixOf;

/** A SIEM section that exists and is enabled. */
export function enabledSiem(siem: SiemConfig | undefined): siem is SiemConfig {
  return siem !== undefined && siem.enabled;
}
/** The log shipper runs with an enabled SIEM only (it ships to the SIEM's Firehose stream). */
export function enabledLogShipper(siem: SiemConfig | undefined): boolean {
  return enabledSiem(siem) && siem.logShipper.enabled;
}
/** Monitoring runs with an enabled SIEM only (Alertmanager publishes to the SIEM's alert topic). */
export function enabledMonitoring(siem: SiemConfig | undefined): boolean {
  return enabledSiem(siem) && siem.monitoring.enabled;
}

/**
 * The zones the OpenSearch domain spans with zone awareness: one logging subnet per zone, and Amazon
 * OpenSearch Service takes 2 or 3 (equal to the VPC domain's subnet count).
 * @see https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_ZoneAwarenessConfig.html
 */
export function searchZoneCount(zones: number): number {
  return Math.min(zones, 3);
}

/**
 * Days the SIEM's indices are kept: they hold application logs and audit logs, so the shorter of the
 * two windows (storage limitation: a copy must not outlive its class). The archive keeps audit logs
 * for the whole audit window.
 */
export function searchRetentionDays(privacy: PrivacyConfig): number {
  return Math.min(privacy.retention.applicationLogsDays, privacy.retention.auditLogsDays);
}

/** What only the platform gives SiemPipeline (other components' outputs). */
type SiemPlatformArgs =
  "siemKeyArn" | "vpcId" | "loggingSubnetIds" | "sourceLogGroupNames" | "clusterName" | "trail";
/** `SiemPipelineArgs` as the config decides them. */
export type SiemConfigArgs = Omit<SiemPipelineArgs, SiemPlatformArgs>;

/**
 * SiemPipeline's config-decided Args, for an enabled SIEM. Dashboards admit the operator networks when
 * `dashboardsFromOperators`; the archive expires, and the pipeline's log groups keep events, for the
 * audit-log window.
 */
export function siemArgsOf(
  c: Pick<RampartConfig, "privacy" | "network" | "protect" | "tags"> & { readonly siem: SiemConfig },
  project: string,
  stack: string,
): SiemConfigArgs {
  const { siem, privacy } = c;
  const s = siem.search;
  return {
    namePrefix: namePrefixOf(project, stack),
    logGroupPrefix: logGroupPrefix(stack),
    dashboardCidrs: siem.dashboardsFromOperators ? c.network.operatorNetworks.map((n) => n.cidr) : [],
    archive: {
      objectLockMode: siem.archive.objectLockMode,
      objectLockDays: siem.archive.objectLockDays,
      expireAfterDays: privacy.retention.auditLogsDays,
      transitionToGlacierDays: siem.archive.transitionToGlacierDays,
    },
    search: {
      engineVersion: s.engineVersion,
      instanceType: s.instanceType,
      instanceCount: s.instanceCount,
      dedicatedMasters: s.dedicatedMasters,
      zoneAwareness: s.zoneAwareness,
      volumeSizeGiB: s.volumeSizeGiB,
      retentionDays: searchRetentionDays(privacy),
      adminPrincipalArns: s.adminPrincipalArns,
      saml: s.saml,
    },
    detection: siem.detection,
    logRetentionDays: privacy.retention.auditLogsDays,
    alertEmails: siem.alertEmails,
    protect: c.protect,
    tags: c.tags,
  };
}

/** `LogShipperArgs` as the config decides them (the stream, cluster and provider are the platform's). */
export type LogShipperConfigArgs = Pick<
  LogShipperArgs,
  "chartVersion" | "imageTag" | "imageRepository" | "vpcCidrs" | "tags"
>;

/** Fluent Bit's image from the mirror (`<mirror>/fluent/fluent-bit`) when there is one. */
export function logShipperArgsOf(
  c: Pick<RampartConfig, "images" | "network" | "tags"> & { readonly siem: SiemConfig },
): LogShipperConfigArgs {
  return {
    chartVersion: c.siem.logShipper.chartVersion,
    imageTag: c.siem.logShipper.imageTag,
    imageRepository: c.images.mirror ? `${c.images.mirror}/fluent` : undefined,
    vpcCidrs: vpcCidrsOf(c.network),
    tags: c.tags,
  };
}

/** `SecurityMonitoringArgs` as the config decides them (the topic, cluster and provider are the platform's). */
export type MonitoringConfigArgs = Pick<
  SecurityMonitoringArgs,
  | "chartVersion"
  | "imageRegistry"
  | "inferenceNamespaces"
  | "retentionDays"
  | "storageSize"
  | "grafanaSso"
  | "thresholds"
  | "tags"
>;

const requireSecret: SecretReader = (key) => new pulumi.Config(NAMESPACE).requireSecret(key);

/**
 * Prometheus keeps samples for the metrics window; Grafana's client secret is the secret config key,
 * an Output secret (`secret` reads it; the default is `config.requireSecret`).
 */
export function monitoringArgsOf(
  c: Pick<RampartConfig, "images" | "namespaces" | "privacy" | "tags"> & { readonly siem: SiemConfig },
  secret: SecretReader = requireSecret,
): MonitoringConfigArgs {
  const m = c.siem.monitoring;
  const sso: GrafanaSsoArgs | undefined = m.grafanaSso && {
    ...m.grafanaSso,
    clientSecret: secret(GRAFANA_CLIENT_SECRET_KEY),
  };
  return {
    chartVersion: m.chartVersion,
    imageRegistry: c.images.mirror,
    inferenceNamespaces: c.namespaces.map((ns) => ns.name),
    retentionDays: c.privacy.retention.metricsDays,
    storageSize: m.storageSize,
    grafanaSso: sso,
    thresholds: m.thresholds,
    tags: c.tags,
  };
}

/** `PrivacyControlsArgs` as the config decides them (the key and the roles are the platform's). */
export type PrivacyConfigArgs = Omit<
  PrivacyControlsArgs,
  "privacyKeyArn" | "writerRoleArns" | "auditRoleArns" | "alarmTopicArn"
>;

export function privacyArgsOf(
  c: Pick<RampartConfig, "privacy" | "protect" | "tags">,
  project: string,
  stack: string,
): PrivacyConfigArgs {
  const { privacy } = c;
  return {
    namePrefix: namePrefixOf(project, stack),
    logGroupPrefix: logGroupPrefix(stack),
    storeTranscripts: privacy.storeTranscripts,
    transcriptRetentionDays: privacy.retention.transcriptsDays,
    applicationLogRetentionDays: privacy.retention.applicationLogsDays,
    auditLogRetentionDays: privacy.retention.auditLogsDays,
    consentGraceDays: privacy.consentGraceDays,
    protect: c.protect,
    tags: c.tags,
  };
}

function starts(path: ArgPath, prefix: ArgPath): boolean {
  return prefix.every((p, i) => path[i] === p);
}

const STACK_NAME = "the Pulumi stack name";
const setByStack = (component: string, path: ArgPath) =>
  `${component} ${formatPath(path)} (set by the stack)`;

/** `vpcCidrs[k]` is the VPC's CIDR, then its secondary CIDRs in order (vpcCidrsOf). */
function vpcCidrKey(path: ArgPath): ArgPath {
  const k = path[1];
  if (typeof k !== "number") return ["network", "cidr"];
  return k === 0 ? ["network", "cidr"] : ["network", "secondaryCidrs", k - 1];
}

/**
 * SiemPipeline's Args paths as config keys. The search retention is derived from two windows: a problem
 * there names the shorter one (`privacy`: the config the Args were built from).
 */
export function siemKeys(privacy: PrivacyConfig): KeyMap {
  return (path) => {
    if (path[0] === "namePrefix" || path[0] === "logGroupPrefix") return STACK_NAME;
    if (path[0] === "dashboardCidrs")
      return typeof path[1] === "number"
        ? ["network", "operatorNetworks", path[1], "cidr"]
        : ["siem", "dashboardsFromOperators"];
    if (starts(path, ["archive", "expireAfterDays"]) || path[0] === "logRetentionDays")
      return ["privacy", "retention", "auditLogsDays"];
    if (starts(path, ["search", "retentionDays"]))
      return [
        "privacy",
        "retention",
        privacy.retention.applicationLogsDays <= privacy.retention.auditLogsDays
          ? "applicationLogsDays"
          : "auditLogsDays",
      ];
    if (["archive", "search", "detection", "alertEmails"].includes(String(path[0]))) return ["siem", ...path];
    if (path[0] === "protect") return ["protect"];
    if (path[0] === "tags") return ["tags", ...path.slice(1)];
    return setByStack("SiemPipeline", path);
  };
}

export const LOG_SHIPPER_KEYS: KeyMap = (path) => {
  if (path[0] === "chartVersion" || path[0] === "imageTag") return ["siem", "logShipper", ...path];
  if (path[0] === "imageRepository") return ["images", "mirror"];
  if (path[0] === "vpcCidrs") return vpcCidrKey(path);
  if (path[0] === "tags") return ["tags", ...path.slice(1)];
  return setByStack("LogShipper", path);
};

export const MONITORING_KEYS: KeyMap = (path) => {
  if (starts(path, ["grafanaSso", "clientSecret"])) return `${NAMESPACE}:${GRAFANA_CLIENT_SECRET_KEY}`;
  if (["chartVersion", "storageSize", "thresholds", "grafanaSso"].includes(String(path[0])))
    return ["siem", "monitoring", ...path];
  if (path[0] === "retentionDays") return ["privacy", "retention", "metricsDays"];
  if (path[0] === "imageRegistry") return ["images", "mirror"];
  if (path[0] === "inferenceNamespaces")
    return typeof path[1] === "number" ? ["namespaces", path[1], "name"] : ["namespaces"];
  if (path[0] === "tags") return ["tags", ...path.slice(1)];
  return setByStack("SecurityMonitoring", path);
};

export const PRIVACY_KEYS: KeyMap = (path) => {
  if (path[0] === "namePrefix" || path[0] === "logGroupPrefix") return STACK_NAME;
  if (path[0] === "transcriptRetentionDays") return ["privacy", "retention", "transcriptsDays"];
  if (path[0] === "applicationLogRetentionDays") return ["privacy", "retention", "applicationLogsDays"];
  if (path[0] === "auditLogRetentionDays") return ["privacy", "retention", "auditLogsDays"];
  if (path[0] === "storeTranscripts" || path[0] === "consentGraceDays") return ["privacy", ...path];
  if (path[0] === "protect") return ["protect"];
  if (path[0] === "tags") return ["tags", ...path.slice(1)];
  return setByStack("PrivacyControls", path);
};
