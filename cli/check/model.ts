/** The result of a check, shared by the analyzer driver and the output formats. */

export type Level = "mandatory" | "advisory";

export interface PolicyMeta {
  readonly name: string;
  readonly displayName?: string;
  readonly description: string;
  /** The level the pack declares for the policy (before config). */
  readonly enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
  /** The level the check ran it at (after config). */
  readonly configuredLevel: "advisory" | "mandatory" | "remediate" | "disabled";
  readonly kind: "resource" | "stack" | "unknown";
  readonly severity?: "low" | "medium" | "high" | "critical";
  readonly url?: string;
}

export interface PackMeta {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  readonly policies: readonly PolicyMeta[];
}

export interface Finding {
  /**
   * `error`: the policy threw (or the pack could not read the request) instead of judging the resource.
   * `not-inspectable`: the policy needed a value the check cannot see (a secret the export holds only as
   * ciphertext, or a value unknown until the update), so it did not judge the resource: an advisory note.
   */
  readonly kind: "violation" | "error" | "not-inspectable";
  readonly policyPack: string;
  readonly policyPackVersion: string;
  readonly policy: string;
  /** `remediate` is reported as mandatory, as the engine does; errors count as mandatory (fail closed). */
  readonly enforcementLevel: Level;
  /** The resource's URN; the root stack's for a stack policy that names no resource. */
  readonly urn: string;
  readonly type: string;
  /** The policy's message (its description when it gave none). */
  readonly message: string;
}

export interface CheckReport {
  readonly packs: readonly PackMeta[];
  /** Resources sent to `Analyze` (providers and pending deletions excluded). */
  readonly resources: number;
  /** Sorted: mandatory first, then by policy, URN and message. */
  readonly findings: readonly Finding[];
  /** Where the checked resources came from, for SARIF locations. */
  readonly source?: { readonly file: string; readonly text?: string };
}

/** Violations by level, and the not-inspectable notes apart (they are not violations). */
export function summarize(report: CheckReport): {
  mandatory: number;
  advisory: number;
  notInspectable: number;
} {
  let mandatory = 0;
  let advisory = 0;
  let notInspectable = 0;
  for (const f of report.findings) {
    if (f.kind === "not-inspectable") notInspectable++;
    else if (f.enforcementLevel === "mandatory") mandatory++;
    else advisory++;
  }
  return { mandatory, advisory, notInspectable };
}

export function compareFindings(a: Finding, b: Finding): number {
  const rank = (f: Finding) =>
    f.kind === "error" ? 0 : f.enforcementLevel === "mandatory" ? 1 : f.kind === "not-inspectable" ? 3 : 2;
  return (
    rank(a) - rank(b) ||
    a.policyPack.localeCompare(b.policyPack) ||
    a.policy.localeCompare(b.policy) ||
    a.urn.localeCompare(b.urn) ||
    a.message.localeCompare(b.message)
  );
}
