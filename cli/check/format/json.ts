import { type CheckReport, type Finding, summarize } from "../model";

/**
 * For scripts; the shape is stable (docs: DESIGN.md "The offline gate"):
 * `{"policyPacks":[{"name","version"}],"resources":N,
 *   "violations":[{"policyPack","policy","enforcementLevel","urn","type","message"}],
 *   "notInspectable":[{"policyPack","policy","enforcementLevel","urn","type","message"}],
 *   "summary":{"mandatory":N,"advisory":N,"notInspectable":N}}`.
 * A policy that threw is listed as a mandatory violation of that policy whose message says so. A policy
 * that could not see what it needed (a secret held as ciphertext, a value unknown until the update) is
 * listed under `notInspectable`, at the level it runs at, with the property it read.
 */

interface JsonFinding {
  policyPack: string;
  policy: string;
  enforcementLevel: "mandatory" | "advisory";
  urn: string;
  type: string;
  message: string;
}

export interface JsonReport {
  policyPacks: { name: string; version: string }[];
  resources: number;
  violations: JsonFinding[];
  notInspectable: JsonFinding[];
  summary: { mandatory: number; advisory: number; notInspectable: number };
}

export function toJsonReport(report: CheckReport): JsonReport {
  return {
    policyPacks: report.packs.map((p) => ({ name: p.name, version: p.version })),
    resources: report.resources,
    violations: report.findings.filter((f) => f.kind !== "not-inspectable").map(jsonFinding),
    notInspectable: report.findings.filter((f) => f.kind === "not-inspectable").map(jsonFinding),
    summary: summarize(report),
  };
}

function jsonFinding(f: Finding): JsonFinding {
  return {
    policyPack: f.policyPack,
    policy: f.policy,
    enforcementLevel: f.enforcementLevel,
    urn: f.urn,
    type: f.type,
    message: f.message,
  };
}

export function renderJson(report: CheckReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
