import { createHash } from "node:crypto";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type * as sarif from "sarif";
import { type CheckReport, type Finding, type PolicyMeta } from "../model";

/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub code scanning). One run per policy pack; its rules are the
 * pack's policies; each violation is a result whose logical location is the resource's URN.
 *
 * GitHub needs a physical location on every result, so each result also points at the file the
 * resources came from: the stack export (at the line of the resource's URN) for `check`, the stack's
 * config file for `plan`. A partial fingerprint of pack, policy and URN keeps alerts stable across runs.
 * @see https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

const LEVEL: Record<PolicyMeta["configuredLevel"], sarif.ReportingConfiguration.level> = {
  mandatory: "error",
  remediate: "error",
  advisory: "warning",
  disabled: "none",
};

/** GitHub's scale for security alerts. */
const SECURITY_SEVERITY: Record<NonNullable<PolicyMeta["severity"]>, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
};

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  return (m ? m[1]! : text.trim()).replace(/\s+/g, " ");
}

/** The 1-based line of the resource's `"urn"` entry in the export text, if found. */
function lineOf(text: string | undefined, urn: string, cache: Map<string, number>): number {
  if (!text || urn === "") return 1;
  if (cache.size === 0) {
    let line = 1;
    let from = 0;
    const re = /"urn"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      for (let i = from; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
      from = m.index;
      const found = JSON.parse(`"${m[1]!}"`) as string;
      if (!cache.has(found)) cache.set(found, line);
    }
    if (cache.size === 0) cache.set("", 1);
  }
  return cache.get(urn) ?? 1;
}

/**
 * The export's location: relative to the working directory (the checkout, against which code scanning
 * resolves relative URIs) when it is inside it, else an absolute `file:` URI, which any viewer can open:
 * a `../../tmp/x.json` reference climbs out of the checkout and resolves to nothing (SARIF 2.1.0 §3.4.3-3.4.4:
 * an absolute URI needs no base).
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
export function artifactUri(file: string, root: string): string {
  const abs = path.resolve(file);
  const rel = path.relative(root, abs);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return pathToFileURL(abs).href;
  return rel.split(path.sep).join("/");
}

export interface SarifOptions {
  /** Base for relative artifact URIs (default: the working directory). */
  readonly root?: string;
  readonly toolVersion?: string;
}

export function toSarif(report: CheckReport, opts: SarifOptions = {}): sarif.Log {
  const root = opts.root ?? process.cwd();
  const uri = report.source ? artifactUri(report.source.file, root) : undefined;
  const lines = new Map<string, number>();
  const runs: sarif.Run[] = report.packs.map((pack) => {
    const rules: sarif.ReportingDescriptor[] = pack.policies.map((p) => ({
      id: p.name,
      name: p.name,
      shortDescription: { text: p.displayName ?? firstSentence(p.description || p.name) },
      fullDescription: { text: p.description || p.name },
      ...(p.url ? { helpUri: p.url } : {}),
      help: { text: p.description || p.name },
      defaultConfiguration: {
        level: LEVEL[p.configuredLevel],
        ...(p.configuredLevel === "disabled" ? { enabled: false } : {}),
      },
      properties: {
        tags: ["security", "crossguard", p.kind === "stack" ? "stack-policy" : "resource-policy"],
        enforcementLevel: p.configuredLevel,
        ...(p.severity ? { "security-severity": SECURITY_SEVERITY[p.severity] } : {}),
      },
    }));
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    const result = (f: Finding): sarif.Result => {
      const name = f.urn.split("::").slice(3).join("::");
      return {
        ruleId: f.policy,
        ...(ruleIndex.has(f.policy) ? { ruleIndex: ruleIndex.get(f.policy)! } : {}),
        kind: f.kind === "not-inspectable" ? "review" : "fail",
        level:
          f.kind === "not-inspectable" ? "note" : f.enforcementLevel === "mandatory" ? "error" : "warning",
        message: { text: f.urn ? `${f.message}\n(${f.type} ${f.urn})` : f.message },
        locations: [
          {
            ...(uri
              ? {
                  physicalLocation: {
                    artifactLocation: { uri },
                    region: { startLine: lineOf(report.source?.text, f.urn, lines) },
                  },
                }
              : {}),
            logicalLocations: [
              {
                name: name || f.urn,
                fullyQualifiedName: f.urn || "(stack)",
                kind: "resource",
              },
            ],
          },
        ],
        partialFingerprints: {
          "rampartPolicyUrn/v1": createHash("sha256")
            .update(`${f.policyPack}\n${f.policy}\n${f.urn}`)
            .digest("hex"),
        },
        properties: {
          policyPack: f.policyPack,
          enforcementLevel: f.enforcementLevel,
          resourceType: f.type,
          kind: f.kind,
        },
      };
    };
    const findings = report.findings.filter((f) => f.policyPack === pack.name);
    const errors = findings.filter((f) => f.kind === "error");
    return {
      tool: {
        driver: {
          name: "rampart",
          ...(opts.toolVersion ? { version: opts.toolVersion } : {}),
          informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
          rules,
          properties: { policyPack: pack.name, policyPackVersion: pack.version },
        },
      },
      automationDetails: { id: `rampart/${pack.name}/` },
      invocations: [
        {
          executionSuccessful: true,
          ...(errors.length > 0
            ? {
                toolExecutionNotifications: errors.map((f) => ({
                  level: "error" as const,
                  message: { text: `${f.policy}: ${f.message} (${f.urn})` },
                  descriptor: { id: f.policy },
                })),
              }
            : {}),
        },
      ],
      ...(uri ? { originalUriBaseIds: {}, artifacts: [{ location: { uri } }] } : {}),
      results: findings.map(result),
      columnKind: "utf16CodeUnits",
    };
  });
  return { $schema: SARIF_SCHEMA, version: "2.1.0", runs };
}

export function renderSarif(report: CheckReport, opts: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(report, opts), null, 2)}\n`;
}
