import type { analyzerPb as pb } from "../sdk/pulumiInternals";
import type { CallError } from "./client";
import type { Finding, PackMeta } from "./model";
import { LEVEL_FROM_PB } from "./packInfo";

/** The message @pulumi/policy's server fails a call with when a policy throws. */
const POLICY_THREW =
  /^Error validating resource with policy '([^']+)' from policy pack '[^']*':\s*([\s\S]*)$/;

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? ""
  );
}

/** Turns a pack's answers (diagnostics, or a failed call) into findings, as the engine reports them. */
export class Findings {
  readonly list: Finding[] = [];

  constructor(
    private readonly pack: PackMeta,
    /** Each policy's description, by name. */
    private readonly descriptions: ReadonlyMap<string, string>,
    /** The type of the resource at a URN ("" when unknown). */
    private readonly typeOf: (urn: string) => string,
    /** The root stack's URN, for stack policies that name no resource. */
    private readonly stackUrn: string,
  ) {}

  /** Diagnostics of `Analyze` on `subjectUrn`, or of `AnalyzeStack` when it is undefined. */
  fromDiagnostics(diagnostics: readonly pb.AnalyzeDiagnostic[], subjectUrn: string | undefined): void {
    for (const d of diagnostics) {
      const level = LEVEL_FROM_PB[d.getEnforcementlevel()];
      if (level === "disabled" || level === undefined) continue;
      // For Analyze the engine always reports against the analyzed resource; for AnalyzeStack, the
      // URN the policy named, else the stack.
      const urn = subjectUrn ?? (d.getUrn() || this.stackUrn);
      const description = d.getDescription() || this.descriptions.get(d.getPolicyname()) || "";
      let message = d.getMessage();
      if (description && message.startsWith(`${description}\n`))
        message = message.slice(description.length + 1);
      this.list.push({
        kind: "violation",
        policyPack: d.getPolicypackname() || this.pack.name,
        policyPackVersion: this.pack.version,
        policy: d.getPolicyname(),
        enforcementLevel: level === "advisory" ? "advisory" : "mandatory",
        urn,
        type: this.typeOf(urn),
        message: message.trim() || description,
      });
    }
  }

  /** Records a failed call on `urn` as an error finding; returns the policy that threw, if one did. */
  fromCallError(err: CallError, urn: string): string | undefined {
    const m = POLICY_THREW.exec(err.details);
    const policy = m ? m[1]! : "(analysis)";
    const cause = firstLine(m ? m[2]! : err.details);
    this.list.push({
      kind: "error",
      policyPack: this.pack.name,
      policyPackVersion: this.pack.version,
      policy,
      enforcementLevel: "mandatory",
      urn,
      type: this.typeOf(urn),
      message: m
        ? `policy threw an error instead of checking this resource: ${cause}`
        : `the policy pack could not analyze this resource: ${cause}`,
    });
    return m ? policy : undefined;
  }
}
