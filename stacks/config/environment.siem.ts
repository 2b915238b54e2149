import type { ArgPath } from "../../components/shared/problems";
import type { ParsedSections } from "./components";
import { enabledMonitoring, enabledSiem, searchZoneCount } from "./components.siem";
import { keyOf, line } from "./messages";
import { PROD_MIN_RETENTION_DAYS } from "./prod";
import { NAMESPACE } from "./schema";
import { GRAFANA_CLIENT_SECRET_KEY, RETENTION_KEYS } from "./schema.siem";

/**
 * The stack rules of the SIEM and of privacy: what ties `rampart:siem` and `rampart:privacy` to the rest
 * of the config, and what prod refuses (each a loosening the components allow in general: a destroyable
 * archive, a detector off, one zone, retention below the law). Called by environment.ts.
 */

const PROD_WHY = {
  siem: "prod records every authentication, configuration change and finding centrally",
  detector: "detectors cannot be off in prod",
  shipper: "prod masks personal data in logs on the node and ships them to the SIEM",
  monitoring: "prod alerts on the mesh's security signals",
} as const;

/**
 * `hasGrafanaClientSecret`: the secret `rampart:grafanaClientSecret` is set (its value is never read
 * here); `unparsed`: sections the schema refused (reported already, so not again as missing).
 */
export function siemEnvironmentProblems(
  c: ParsedSections,
  prod: boolean,
  hasGrafanaClientSecret: boolean,
  unparsed: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const at = (path: ArgPath, value: unknown, message: string) => problems.push(line(path, value, message));
  const missing = (path: ArgPath, expected: string) =>
    problems.push(`${keyOf(path)}: missing (expected ${expected})`);
  const siem = enabledSiem(c.siem) ? c.siem : undefined;
  const privacy = c.privacy;
  const secretKey = `${NAMESPACE}:${GRAFANA_CLIENT_SECRET_KEY}`;

  // CloudWatch Logs' retention periods (the windows that set log groups' retention) are checked by
  // PrivacyControls' and SiemPipeline's own validators (components.siemProblems.ts), once.

  if (siem) {
    const operators = c.network?.operatorNetworks;
    if (siem.dashboardsFromOperators && operators && operators.length === 0)
      at(
        ["siem", "dashboardsFromOperators"],
        true,
        "admits no one: rampart:network.operatorNetworks is empty (expected an operator network, or false)",
      );
    const zones = c.network?.availabilityZones.length;
    const { instanceCount, zoneAwareness } = siem.search;
    // Zone awareness spreads data nodes and replica shards over the domain's 2 or 3 zones: a remainder
    // leaves a zone short, and losing the fuller zone takes more than its share of the capacity.
    // @see https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_ZoneAwarenessConfig.html
    if (zoneAwareness && zones !== undefined && zones >= 2) {
      const n = searchZoneCount(zones);
      if (instanceCount % n !== 0)
        at(
          ["siem", "search", "instanceCount"],
          instanceCount,
          `is not a multiple of the domain's ${n} zones (expected ${n}, ${2 * n}, ...: zone awareness spreads the data nodes evenly)`,
        );
    }
  }
  const sso = enabledMonitoring(c.siem) ? c.siem?.monitoring.grafanaSso : undefined;
  if (sso && !hasGrafanaClientSecret)
    problems.push(
      `${secretKey}: missing (expected Grafana's OAuth client secret with rampart:siem.monitoring.grafanaSso: pulumi config set --secret ${secretKey} <secret>)`,
    );
  // The key is a secret: its value is never shown.
  if (hasGrafanaClientSecret && !sso && !unparsed.has("siem"))
    problems.push(
      `${secretKey}: (secret) is set but not used (expected only with rampart:siem.monitoring.grafanaSso and monitoring enabled)`,
    );

  if (!prod) return problems;
  if (c.siem === undefined) {
    if (!unparsed.has("siem")) missing(["siem"], `the SIEM pipeline in prod: ${PROD_WHY.siem}`);
  } else if (!c.siem.enabled) at(["siem", "enabled"], false, `must be true in prod (${PROD_WHY.siem})`);

  const legal = privacy?.legalMinimumDays;
  if (privacy && legal)
    for (const k of RETENTION_KEYS)
      if (privacy.retention[k] < legal[k])
        at(
          ["privacy", "retention", k],
          privacy.retention[k],
          `is below the legal minimum of ${legal[k]} days (rampart:privacy.legalMinimumDays.${k})`,
        );

  // The EKS audit log, flow logs and WAF logs keep rampart:logging.retentionDays: audit logs too. A
  // legal minimum at or below prod's own minimum is already enforced on it (environment.ts).
  if (
    legal &&
    c.logging &&
    legal.auditLogsDays > PROD_MIN_RETENTION_DAYS &&
    c.logging.retentionDays < legal.auditLogsDays
  )
    at(
      ["logging", "retentionDays"],
      c.logging.retentionDays,
      `is below the legal minimum for audit logs (rampart:privacy.legalMinimumDays.auditLogsDays, ${legal.auditLogsDays}): the EKS audit log, flow logs and WAF logs are audit logs`,
    );

  if (!siem) return problems;
  const { archive, search, detection } = siem;
  if (archive.objectLockMode !== "COMPLIANCE")
    at(
      ["siem", "archive", "objectLockMode"],
      archive.objectLockMode,
      'must be "COMPLIANCE" in prod (GOVERNANCE lets privileged principals delete or shorten locked audit evidence)',
    );
  // Audit evidence is immutable at least as long as the law keeps it.
  if (legal && archive.objectLockDays < legal.auditLogsDays)
    at(
      ["siem", "archive", "objectLockDays"],
      archive.objectLockDays,
      `is below the legal minimum for audit logs in prod (expected at least rampart:privacy.legalMinimumDays.auditLogsDays, ${legal.auditLogsDays})`,
    );
  for (const k of ["guardDuty", "securityHub", "config"] as const)
    if (!detection[k]) at(["siem", "detection", k], false, `must be true in prod (${PROD_WHY.detector})`);
  if (!search.zoneAwareness)
    at(
      ["siem", "search", "zoneAwareness"],
      false,
      "must be true in prod (the domain survives the loss of a zone)",
    );
  if (search.dedicatedMasters === undefined)
    missing(
      ["siem", "search", "dedicatedMasters"],
      "{instanceType, count: 3} in prod: dedicated masters keep the cluster's quorum off the loaded data nodes",
    );
  if (siem.alertEmails.length === 0)
    at(
      ["siem", "alertEmails"],
      [],
      "is empty: prod needs a subscriber to the alert topic (expected at least one e-mail address)",
    );
  if (!siem.logShipper.enabled)
    at(["siem", "logShipper", "enabled"], false, `must be true in prod (${PROD_WHY.shipper})`);
  if (!siem.monitoring.enabled)
    at(["siem", "monitoring", "enabled"], false, `must be true in prod (${PROD_WHY.monitoring})`);
  else if (siem.monitoring.grafanaSso === undefined)
    missing(
      ["siem", "monitoring", "grafanaSso"],
      "Grafana's SSO in prod: without it there is no Grafana, and no security dashboard",
    );
  return problems;
}
