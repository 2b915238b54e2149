import { type CheckReport, summarize } from "../model";

/**
 * For scripts; the shape is stable (docs: DESIGN.md "The offline gate"):
 * `{"policyPacks":[{"name","version"}],"resources":N,
 *   "violations":[{"policyPack","policy","enforcementLevel","urn","type","message"}],
 *   "summary":{"mandatory":N,"advisory":N}}`.
 * A policy that threw is listed as a mandatory violation of that policy whose message says so.
 */

export interface JsonReport {
  policyPacks: { name: string; version: string }[];
  resources: number;
  violations: {
    policyPack: string;
    policy: string;
    enforcementLevel: "mandatory" | "advisory";
    urn: string;
    type: string;
    message: string;
  }[];
  summary: { mandatory: number; advisory: number };
}

export function toJsonReport(report: CheckReport): JsonReport {
  return {
    policyPacks: report.packs.map((p) => ({ name: p.name, version: p.version })),
    resources: report.resources,
    violations: report.findings.map((f) => ({
      policyPack: f.policyPack,
      policy: f.policy,
      enforcementLevel: f.enforcementLevel,
      urn: f.urn,
      type: f.type,
      message: f.message,
    })),
    summary: summarize(report),
  };
}

export function renderJson(report: CheckReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
