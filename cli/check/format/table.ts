import { printable, printableLines } from "../../terminal";
import { type CheckReport, type Finding, summarize } from "../model";

/**
 * For people: findings grouped by policy, then by resource, errors and mandatory policies first, and a
 * summary line. Everything an export or a pack wrote (URNs, names, versions, messages) is printed through
 * cli/terminal.ts, so a crafted URN or message cannot move the cursor or print a line of its own.
 */

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function summaryLine(report: CheckReport): string {
  const { mandatory, advisory, notInspectable } = summarize(report);
  const packs = report.packs.map((p) => printable(`${p.name}@${p.version}`)).join(", ");
  const errors = report.findings.filter((f) => f.kind === "error").length;
  const verdict = mandatory > 0 ? "FAIL" : "PASS";
  return (
    `${verdict}: ${plural(mandatory, "mandatory violation")}, ${plural(advisory, "advisory violation")}` +
    `${errors > 0 ? ` (${plural(errors, "policy error")} counted as mandatory)` : ""}` +
    `${notInspectable > 0 ? `, ${notInspectable} not inspectable` : ""}` +
    ` in ${plural(report.resources, "resource")} checked by ${packs}`
  );
}

function indent(text: string, prefix: string): string {
  return printableLines(text)
    .split("\n")
    .map((l) => `${prefix}${l}`)
    .join("\n");
}

export function renderTable(report: CheckReport): string {
  const out: string[] = [];
  const descriptions = new Map(report.packs.flatMap((p) => p.policies.map((x) => [x.name, x.description])));
  // Findings arrive sorted (errors, mandatory, advisory; then policy, URN): keep that order of groups.
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = `${f.kind === "violation" ? f.enforcementLevel : f.kind}\u0000${f.policyPack}\u0000${f.policy}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(f);
  }
  for (const items of groups.values()) {
    const first = items[0]!;
    const tag =
      first.kind === "error"
        ? "ERROR"
        : first.kind === "not-inspectable"
          ? "NOT INSPECTABLE"
          : first.enforcementLevel.toUpperCase();
    out.push(`[${tag}] ${printable(`${first.policy} (${first.policyPack}@${first.policyPackVersion})`)}`);
    const description = descriptions.get(first.policy);
    if (description && first.kind === "violation") out.push(indent(description, "  "));
    const byUrn = new Map<string, Finding[]>();
    for (const f of items) {
      if (!byUrn.has(f.urn)) byUrn.set(f.urn, []);
      byUrn.get(f.urn)!.push(f);
    }
    for (const [urn, fs] of byUrn) {
      out.push(`  - ${urn ? printable(urn) : "(stack)"}`);
      for (const f of fs) out.push(indent(f.message, "      "));
    }
    out.push("");
  }
  if (report.findings.length === 0) out.push("No policy violations.", "");
  out.push(summaryLine(report));
  return `${out.join("\n")}\n`;
}
