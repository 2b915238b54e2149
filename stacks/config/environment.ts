import type { ArgPath } from "../../components/shared/problems";
import { line } from "./messages";
import {
  environmentOfStack,
  PROD_DELETION_WINDOW_DAYS,
  PROD_MIN_RETENTION_DAYS,
  PROD_MIN_ZONES,
} from "./prod";
import type { ParsedSections } from "./components";
import { meshEnvironmentProblems } from "./environment.mesh";
import { identityEnvironmentProblems } from "./environment.identity";
import { siemEnvironmentProblems } from "./environment.siem";
import { supplyChainEnvironmentProblems } from "./environment.supplychain";

/**
 * Rules that exist only at the stack level: what prod refuses (each a loosening a component allows in
 * general), and the rules that tie several parts of the config together. Differences between
 * environments live in `Pulumi.<stack>.yaml`; only these rules are keyed on `rampart:environment`.
 */

/**
 * `hasMeshCaKey`, `hasGrafanaClientSecret`, `hasVaultToken`, `hasVaultOidcClientSecret`: the secrets
 * `rampart:meshCaKey`, `rampart:grafanaClientSecret`, `rampart:vaultToken`, `rampart:vaultOidcClientSecret`
 * are set (their values are never read here); `unparsed`: the sections the schema refused (reported
 * already, so not again as missing).
 */
export function environmentProblems(
  c: ParsedSections,
  region: string | undefined,
  stack: string,
  {
    hasMeshCaKey = false,
    hasGrafanaClientSecret = false,
    hasVaultToken = false,
    hasVaultOidcClientSecret = false,
    unparsed = new Set<string>(),
  }: {
    hasMeshCaKey?: boolean;
    hasGrafanaClientSecret?: boolean;
    hasVaultToken?: boolean;
    hasVaultOidcClientSecret?: boolean;
    unparsed?: ReadonlySet<string>;
  } = {},
): string[] {
  const problems: string[] = [];
  const at = (path: ArgPath, value: unknown, message: string) => problems.push(line(path, value, message));
  // A prod stack that calls itself dev would skip every prod rule: the stack's name decides.
  const implied = environmentOfStack(stack);
  if (implied && c.environment && c.environment !== implied)
    at(
      ["environment"],
      c.environment,
      `does not match the stack "${stack}", a ${implied} stack by its name (set rampart:environment: ${implied}, or deploy it as a stack whose name is not ${implied}*)`,
    );
  const prod = c.environment === "prod" || implied === "prod";

  c.network?.availabilityZones.forEach((z, i) => {
    if (region && !z.startsWith(region))
      at(["network", "availabilityZones", i], z, `is not in the region aws:region=${region}`);
  });
  const unique = (list: readonly { name: string }[] | undefined, key: string, what: string) => {
    const seen = new Set<string>();
    (list ?? []).forEach((item, i) => {
      if (seen.has(item.name))
        at([key, i, "name"], item.name, `is used by another ${what} (expected unique names)`);
      seen.add(item.name);
    });
  };
  unique(c.gpuNodePools, "gpuNodePools", "pool");
  unique(c.namespaces, "namespaces", "namespace");
  problems.push(...meshEnvironmentProblems(c, region, prod, hasMeshCaKey, unparsed));
  problems.push(...siemEnvironmentProblems(c, prod, hasGrafanaClientSecret, unparsed));
  problems.push(
    ...identityEnvironmentProblems(c, region, prod, { hasVaultToken, hasVaultOidcClientSecret }, unparsed),
  );
  problems.push(...supplyChainEnvironmentProblems(c, prod, unparsed));

  if (!prod) return problems;
  const zones = c.network?.availabilityZones;
  if (zones && zones.length < PROD_MIN_ZONES)
    at(
      ["network", "availabilityZones"],
      zones,
      `has ${zones.length} zone(s); prod needs at least ${PROD_MIN_ZONES} for high availability`,
    );
  if (c.cluster && c.cluster.endpointPublicAccessCidrs.length > 0)
    at(
      ["cluster", "endpointPublicAccessCidrs"],
      c.cluster.endpointPublicAccessCidrs,
      "must be empty in prod (the API endpoint stays private)",
    );
  (c.gpuNodePools ?? []).forEach((pool, i) => {
    if (pool.capacityType === "SPOT")
      at(
        ["gpuNodePools", i, "capacityType"],
        pool.capacityType,
        'must be "ON_DEMAND" in prod (spot capacity can be reclaimed mid-request)',
      );
  });
  if (c.protect === false)
    at(["protect"], c.protect, "must be true in prod (stateful resources are protected from destroy)");
  if (c.logging && c.logging.retentionDays < PROD_MIN_RETENTION_DAYS)
    at(
      ["logging", "retentionDays"],
      c.logging.retentionDays,
      `is below prod's minimum of ${PROD_MIN_RETENTION_DAYS} days`,
    );
  if (c.kms && c.kms.deletionWindowDays < PROD_DELETION_WINDOW_DAYS)
    at(
      ["kms", "deletionWindowDays"],
      c.kms.deletionWindowDays,
      `must be ${PROD_DELETION_WINDOW_DAYS} in prod (the longest recovery window)`,
    );
  return problems;
}
