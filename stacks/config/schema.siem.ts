import {
  TESTED_FLUENT_BIT_CHART,
  TESTED_FLUENT_BIT_IMAGE_TAG,
} from "../../components/observability/logShipper.logic";
import {
  SECURITY_MONITORING_DEFAULTS,
  TESTED_KUBE_PROMETHEUS_STACK_CHART,
} from "../../components/observability/securityMonitoring.logic";
import { DETECTION_DEFAULTS } from "../../components/observability/siemPipeline.detection.logic";
import { SIEM_PIPELINE_DEFAULTS } from "../../components/observability/siemPipeline.logic";
import { z } from "zod";
import { PROD_MIN_RETENTION_DAYS } from "./prod";

/**
 * The shape of `rampart:siem` (SiemPipeline, LogShipper, SecurityMonitoring) and `rampart:privacy`
 * (PrivacyControls and the retention of every data class); stacks/config/schema.ts composes them.
 * Values are checked by the components' validators and the stack rules (stacks/config/environment.siem.ts),
 * not here.
 */

/**
 * The secret config key holding Grafana's OAuth client secret (with `rampart:siem.monitoring.grafanaSso`).
 * Read with `config.requireSecret`, it stays an Output secret and is never part of the typed config.
 */
export const GRAFANA_CLIENT_SECRET_KEY = "grafanaClientSecret";

/**
 * The components' own defaults (one owner per fact: the pinned chart versions are verified and cited
 * where they are defined). Only the OpenSearch engine is the stack's choice.
 */
export const COMPONENT_DEFAULTS = {
  /**
   * Amazon OpenSearch Service documents features of OpenSearch 3.3
   * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/features-by-version.html);
   * `aws opensearch list-versions` lists the versions a region offers.
   */
  openSearchEngineVersion: "OpenSearch_3.3",
  fluentBitChartVersion: TESTED_FLUENT_BIT_CHART,
  fluentBitImageTag: TESTED_FLUENT_BIT_IMAGE_TAG,
  kubePrometheusStackChartVersion: TESTED_KUBE_PROMETHEUS_STACK_CHART,
  objectLockMode: SIEM_PIPELINE_DEFAULTS.objectLockMode,
  detection: DETECTION_DEFAULTS,
  storageSize: SECURITY_MONITORING_DEFAULTS.storageSize,
  thresholds: SECURITY_MONITORING_DEFAULTS.thresholds,
} as const;

/** The data classes whose retention the config sets, as `rampart:privacy.retention` keys. */
export const RETENTION_KEYS = [
  "transcriptsDays",
  "applicationLogsDays",
  "metricsDays",
  "auditLogsDays",
  "backupsDays",
] as const;
export type RetentionKey = (typeof RETENTION_KEYS)[number];

/**
 * The stack's own privacy defaults (no component owns a retention policy: components take day counts).
 * Short windows for conversations, a year of audit evidence, backups a month and a few days.
 */
export const PRIVACY_CONFIG_DEFAULTS = {
  storeTranscripts: true,
  retention: {
    transcriptsDays: 30,
    applicationLogsDays: 90,
    metricsDays: 30,
    auditLogsDays: PROD_MIN_RETENTION_DAYS,
    backupsDays: 35,
  },
  legalMinimumDays: {
    transcriptsDays: 0,
    applicationLogsDays: 0,
    metricsDays: 0,
    auditLogsDays: PROD_MIN_RETENTION_DAYS,
    backupsDays: 0,
  },
  consentGraceDays: 0,
} as const satisfies {
  retention: Record<RetentionKey, number>;
  legalMinimumDays: Record<RetentionKey, number>;
  [k: string]: unknown;
};

const strings = z.array(z.string());
const p = COMPONENT_DEFAULTS;

const archive = z.strictObject({
  objectLockMode: z
    .enum(["COMPLIANCE", "GOVERNANCE"])
    .default(p.objectLockMode)
    .describe(
      "the log archive's S3 Object Lock mode: `COMPLIANCE` (nobody, root included, can delete or shorten a lock; required in prod) or `GOVERNANCE` (principals with `s3:BypassGovernanceRetention` can: stacks that must be destroyable)",
    ),
  objectLockDays: z
    .number()
    .describe(
      "days each archived object version is locked; at most `rampart:privacy.retention.auditLogsDays` (the archive's expiry), at least its legal minimum in prod",
    ),
  transitionToGlacierDays: z
    .number()
    .optional()
    .describe("days before archived objects move to S3 Glacier Flexible Retrieval (SiemPipeline's default)"),
});

const saml = z.strictObject({
  idpEntityId: z.string(),
  // IdP metadata is public (it carries the IdP's signing certificate, not a secret): plain config.
  idpMetadataXml: z.string(),
  adminGroup: z.string(),
  readerGroup: z.string(),
  sessionTimeoutMinutes: z.number().optional(),
});

const search = z.strictObject({
  engineVersion: z
    .string()
    .default(p.openSearchEngineVersion)
    .describe('the Amazon OpenSearch Service engine, `"OpenSearch_X.Y"`'),
  instanceType: z.string().describe('data node instance type, e.g. `"r7g.large.search"`'),
  instanceCount: z
    .number()
    .describe("data nodes; a multiple of the domain's zone count with `zoneAwareness`"),
  dedicatedMasters: z
    .strictObject({ instanceType: z.string(), count: z.literal([3, 5]) })
    .optional()
    .describe("dedicated master nodes `{instanceType, count}`, count 3 or 5; required in prod"),
  zoneAwareness: z
    .boolean()
    .default(false)
    .describe(
      "spread data nodes over the logging tier's zones (2 or 3: the first 3 zones when there are more); required in prod",
    ),
  volumeSizeGiB: z.number().describe("gp3 volume per data node, in GiB"),
  adminPrincipalArns: strings.describe(
    "IAM role ARNs that may assume the domain's master role (fine-grained access control's IAM master user; there is no internal user database)",
  ),
  saml: saml
    .optional()
    .describe(
      "OpenSearch Dashboards sign-in through the organisation's SAML IdP: `idpEntityId`, `idpMetadataXml` (public metadata, plain config), `adminGroup` (security admin), `readerGroup` (read-only), `sessionTimeoutMinutes`; without it Dashboards takes IAM-signed requests only",
    ),
});

const detection = z
  .strictObject({
    guardDuty: z
      .boolean()
      .default(p.detection.guardDuty)
      .describe(
        "GuardDuty with EKS audit-log and runtime monitoring and S3 protection (billed per event and per vCPU monitored); must be `true` in prod",
      ),
    securityHub: z
      .boolean()
      .default(p.detection.securityHub)
      .describe(
        "Security Hub with the AWS Foundational Security Best Practices and CIS standards; must be `true` in prod",
      ),
    config: z
      .boolean()
      .default(p.detection.config)
      .describe(
        "AWS Config recording every resource into the archive (billed per configuration item); must be `true` in prod",
      ),
    alertMinSeverity: z
      .number()
      .default(p.detection.alertMinSeverity)
      .describe("GuardDuty findings at or above this severity (1-10; 7 = High) go to the alert topic"),
  })
  .default({ ...p.detection });

const logShipper = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        "Fluent Bit on every node, masking personal data before logs leave it; must be `true` in prod",
      ),
    chartVersion: z
      .string()
      .default(p.fluentBitChartVersion)
      .describe("the pinned fluent-bit Helm chart (`X.Y.Z`)"),
    imageTag: z
      .string()
      .default(p.fluentBitImageTag)
      .describe(
        "the Fluent Bit image tag that chart ships; the image comes from `<rampart:images.mirror>/fluent/fluent-bit` when there is a mirror",
      ),
  })
  .default({ enabled: true, chartVersion: p.fluentBitChartVersion, imageTag: p.fluentBitImageTag });

const grafanaSso = z.strictObject({
  issuer: z.string(),
  authUrl: z.string(),
  tokenUrl: z.string(),
  apiUrl: z.string(),
  clientId: z.string(),
  groupsClaim: z.string().optional(),
  adminGroup: z.string(),
  editorGroup: z.string().optional(),
  viewerGroup: z.string(),
  rootUrl: z.string(),
});

/** What each threshold means (SecurityAlertThresholds). */
const THRESHOLD_DOC: Record<keyof typeof p.thresholds, string> = {
  authFailuresPerSecond: "alert: 401 responses per second across the mesh, over 5 minutes",
  authzDenialsPerSecond: "alert: 403 responses per second, over 5 minutes",
  throttledPerSecond: "alert: 429 responses per second, over 5 minutes",
  userSpikeFactor: "alert: a user's request rate above this multiple of their own previous-hour rate",
  gpuSaturationPercent: "alert: GPU utilisation (percent) sustained for 15 minutes",
};
const thresholds = z.strictObject(
  Object.fromEntries(
    Object.entries(p.thresholds).map(([k, v]) => [
      k,
      z
        .number()
        .default(v)
        .describe(THRESHOLD_DOC[k as keyof typeof p.thresholds]),
    ]),
  ) as Record<keyof typeof p.thresholds, z.ZodDefault<z.ZodNumber>>,
);

const monitoring = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        "Prometheus (kube-prometheus-stack) with the security alerts to the SNS topic, and Grafana; must be `true` in prod",
      ),
    chartVersion: z
      .string()
      .default(p.kubePrometheusStackChartVersion)
      .describe(
        "the pinned kube-prometheus-stack Helm chart (`X.Y.Z`); its images come from `rampart:images.mirror` when set",
      ),
    storageSize: z
      .string()
      .default(p.storageSize)
      .describe("Prometheus's persistent volume per replica (a Kubernetes quantity)"),
    thresholds: thresholds.default({ ...p.thresholds }),
    grafanaSso: grafanaSso
      .optional()
      .describe(
        `Grafana's OIDC sign-in (no password sign-in, no anonymous access): \`issuer\`, \`authUrl\`, \`tokenUrl\`, \`apiUrl\`, \`rootUrl\` (https), \`clientId\`, \`groupsClaim\`, \`adminGroup\`, \`editorGroup\`, \`viewerGroup\`; the client secret in the secret \`rampart:${GRAFANA_CLIENT_SECRET_KEY}\`. Without it Grafana is not deployed; required in prod`,
      ),
  })
  .default({
    enabled: true,
    chartVersion: p.kubePrometheusStackChartVersion,
    storageSize: p.storageSize,
    thresholds: { ...p.thresholds },
  });

export const siemSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe(
      "the SIEM pipeline (archive, CloudTrail, OpenSearch, detectors, alarms) and, with it, the log shipper and monitoring; must be `true` in prod",
    ),
  archive,
  search,
  dashboardsFromOperators: z
    .boolean()
    .default(false)
    .describe(
      "admit `rampart:network.operatorNetworks` to OpenSearch Dashboards on 443 (every other tier is refused)",
    ),
  detection,
  alertEmails: strings
    .default([])
    .describe("e-mail addresses subscribed to the alert topic (each must confirm); at least one in prod"),
  logShipper,
  monitoring,
});

const days = (key: RetentionKey, what: string) =>
  z.number().default(PRIVACY_CONFIG_DEFAULTS.retention[key]).describe(what);
const legal = (key: RetentionKey) =>
  z
    .number()
    .default(PRIVACY_CONFIG_DEFAULTS.legalMinimumDays[key])
    .describe(
      `the shortest retention the law requires of \`retention.${key}\` (set your jurisdiction's); prod refuses less`,
    );

export const privacySchema = z
  .strictObject({
    storeTranscripts: z
      .boolean()
      .default(PRIVACY_CONFIG_DEFAULTS.storeTranscripts)
      .describe("keep conversations in the transcript bucket (encrypted, TLS only, expiring)"),
    retention: z
      .strictObject({
        transcriptsDays: days(
          "transcriptsDays",
          "transcripts: the bucket's expiry and the transcript log group's retention (a CloudWatch Logs period)",
        ),
        applicationLogsDays: days(
          "applicationLogsDays",
          "application logs: their log group (a CloudWatch Logs period) and the SIEM's indices, which hold them",
        ),
        metricsDays: days("metricsDays", "Prometheus samples"),
        auditLogsDays: days(
          "auditLogsDays",
          "audit logs: the archive's expiry and the SIEM's own log groups (a CloudWatch Logs period)",
        ),
        backupsDays: days("backupsDays", "backups"),
      })
      .default({ ...PRIVACY_CONFIG_DEFAULTS.retention }),
    legalMinimumDays: z
      .strictObject(
        Object.fromEntries(RETENTION_KEYS.map((k) => [k, legal(k)])) as Record<
          RetentionKey,
          z.ZodDefault<z.ZodNumber>
        >,
      )
      .default({ ...PRIVACY_CONFIG_DEFAULTS.legalMinimumDays }),
    consentGraceDays: z
      .number()
      .default(PRIVACY_CONFIG_DEFAULTS.consentGraceDays)
      .describe("days a consent record outlives its expiry before DynamoDB's TTL removes it"),
  })
  .default({
    storeTranscripts: PRIVACY_CONFIG_DEFAULTS.storeTranscripts,
    retention: { ...PRIVACY_CONFIG_DEFAULTS.retention },
    legalMinimumDays: { ...PRIVACY_CONFIG_DEFAULTS.legalMinimumDays },
    consentGraceDays: PRIVACY_CONFIG_DEFAULTS.consentGraceDays,
  });
