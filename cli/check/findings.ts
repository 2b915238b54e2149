import type { analyzerPb as pb } from "../sdk/pulumiInternals";
import type { CallError } from "./client";
import type { Finding, PackMeta } from "./model";
import { LEVEL_FROM_PB } from "./packInfo";

/**
 * The advisory note @pulumi/policy's server gives when a policy read a value it could not see (server.js,
 * `UnknownValueError`; proxy.js names the path): `can't run policy 'P' from policy pack 'K@vV' during
 * preview: string value at .a.b can't be known during preview`.
 */
const CANT_RUN =
  /^can't run policy '([^']+)' from policy pack '[^']*' during preview: \S+ value at \.(.*) can't be known during preview$/;

/** What a not-inspectable note about a secret says (and one about an unknown value does not). */
const SECRET_HELD = "which is secret and held here only as ciphertext";

/** Whether `f` is a not-inspectable note about a secret. */
export const isSecretNote = (f: Finding): boolean =>
  f.kind === "not-inspectable" && f.message.includes(SECRET_HELD);

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
    /** The paths of the secrets in the request for a URN (properties.ts `secretPaths`). */
    private readonly secretPathsOf: (urn: string) => readonly string[] = () => [],
    /** The level each policy runs at, by name (for not-inspectable notes). */
    private readonly levels: ReadonlyMap<string, string> = new Map(),
  ) {}

  /**
   * A not-inspectable note for the SDK's "can't run during preview" message, naming the property and
   * why it could not be seen (a secret held as ciphertext, or a value unknown until the update); else
   * undefined.
   */
  private notInspectable(message: string, policy: string, urn: string): string | undefined {
    const m = CANT_RUN.exec(message.trim());
    if (!m || m[1] !== policy) return undefined;
    const at = m[2]!;
    const secret = this.secretPathsOf(urn).some((p) => at === p || at.startsWith(`${p}.`));
    const level = this.levels.get(policy) ?? "";
    const what = level === "mandatory" || level === "remediate" ? "this mandatory policy" : "this policy";
    return secret
      ? `not inspectable: ${what} reads \`${at}\`, ${SECRET_HELD}; ` +
          "check an export written with `pulumi stack export --show-secrets` to judge it"
      : `not inspectable: ${what} reads \`${at}\`, which is unknown until the update runs; ` +
          "it is judged when `pulumi up` checks the resource";
  }

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
      const note = subjectUrn ? this.notInspectable(message, d.getPolicyname(), urn) : undefined;
      this.list.push({
        kind: note ? "not-inspectable" : "violation",
        policyPack: d.getPolicypackname() || this.pack.name,
        policyPackVersion: this.pack.version,
        policy: d.getPolicyname(),
        enforcementLevel: level === "advisory" ? "advisory" : "mandatory",
        urn,
        type: this.typeOf(urn),
        message: note ?? (message.trim() || description),
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
