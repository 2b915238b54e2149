import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors";
import type { Analyzer } from "./client";
import type { LoadedExport } from "./exportDoc";
import { type Findings, isSecretNote } from "./findings";
import type { Finding, PolicyMeta } from "./model";
import type { ResolvedPolicyConfig } from "./policyConfig";
import { firstPass } from "./pool";
import type { SecretSet } from "./properties";
import { configureRequest, Requests } from "./requests";
import { retryWithout } from "./retries";

/**
 * Policies that must read secret values, and the pass that gives them those values.
 *
 * Every policy gets each secret as a placeholder (properties.ts), so no formatting of its message can
 * print one. A policy whose verdict depends on a secret's value (a credential format, a Helm `values`
 * map that is secret as a whole) is declared by its pack in package.json, which npm and the Pulumi CLI
 * ignore:
 *
 *     "rampart": { "readsSecrets": ["policy-name", ...] }
 *
 * When the export carries plaintext (`pulumi stack export --show-secrets`), those policies alone (every
 * other one disabled) judge again each resource whose request carries plaintext, and the stack when a
 * stack policy reads secrets; their verdicts there replace the placeholder ones, so each verdict is the
 * one `pulumi preview --policy-pack` gives. Their messages there are withheld as a whole: the finding
 * (policy, resource, level) stays, its text does not.
 */

export const PACKAGE_KEY = "rampart";
export const READERS_KEY = "readsSecrets";

/** The message a secret reader's finding carries where it saw plaintext. */
export const withheld = (policy: string) =>
  `[message withheld: ${policy} reads secret values (package.json ${PACKAGE_KEY}.${READERS_KEY}) and was sent some with this resource]`;

/**
 * The pack's declared secret readers; each must be one of `policies`. A missing or unreadable
 * package.json declares none (every policy then gets placeholders only).
 */
export function readSecretReaders(dir: string, policies: readonly string[], packLabel: string): Set<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  } catch {
    return new Set();
  }
  const section = (doc as Record<string, unknown> | null)?.[PACKAGE_KEY];
  const list = (section as Record<string, unknown> | null | undefined)?.[READERS_KEY];
  if (list === undefined) return new Set();
  const where = `policy pack ${packLabel}: package.json ${PACKAGE_KEY}.${READERS_KEY}`;
  if (!Array.isArray(list) || !list.every((n) => typeof n === "string")) {
    throw new UsageError(`${where} must be a list of policy names (got ${JSON.stringify(list)})`);
  }
  const known = new Set(policies);
  const unknown = list.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new UsageError(`${where} names no policy of the pack: ${unknown.map((n) => `"${n}"`).join(", ")}`);
  }
  return new Set(list);
}

export interface SecretPassOptions {
  readonly doc: LoadedExport;
  readonly secrets: SecretSet;
  readonly readers: ReadonlySet<string>;
  /** The pack's policies, at their configured levels. */
  readonly policies: readonly PolicyMeta[];
  readonly config: Map<string, ResolvedPolicyConfig>;
  readonly inFlight: number;
  /** A fresh collector of findings (same pack, descriptions and types as the first pass). */
  readonly newFindings: (requests: Requests) => Findings;
}

/**
 * Runs the secret readers over what carries plaintext and returns `findings` with their verdicts there
 * replaced (messages withheld). Leaves the analyzers configured for this pass: run it last.
 */
export async function secretPass(
  analyzers: readonly Analyzer[],
  findings: readonly Finding[],
  o: SecretPassOptions,
): Promise<Finding[]> {
  const plain = new Requests(o.doc, o.secrets, true);
  // Policies that were stopped by a secret the export holds in the clear: the first pass sent every
  // secret as unknown, so they reported the resource as not inspectable; here they judge it.
  const tripped = new Set<string>();
  for (const f of findings) {
    if (!isSecretNote(f)) continue;
    const r = plain.byUrn.get(f.urn);
    if (r && plain.holdsSecret(r)) tripped.add(pair(f.policy, f.urn));
  }
  const trippedPolicies = new Set([...tripped].map((k) => k.split(SEP)[0]!));
  const rerun = (name: string) => o.readers.has(name) || trippedPolicies.has(name);
  const enabled = o.policies.filter((p) => rerun(p.name) && p.configuredLevel !== "disabled");
  if (enabled.length === 0) return [...findings];
  const readersEnabled = enabled.filter((p) => o.readers.has(p.name));
  const trippedUrns = new Set([...tripped].map((k) => k.split(SEP)[1]!));
  const subjects = plain.subjects.filter(
    (r) => (trippedUrns.has(r.urn) || readersEnabled.some((p) => p.kind !== "stack")) && plain.holdsSecret(r),
  );
  const stack = readersEnabled.some((p) => p.kind !== "resource") && plain.stackHoldsSecret();
  if (subjects.length === 0 && !stack) return [...findings];

  const others = o.policies.filter((p) => !rerun(p.name)).map((p) => p.name);
  const configure = (disabled: ReadonlySet<string>) =>
    configureRequest(o.config, new Set([...others, ...disabled]));
  await Promise.all(analyzers.map((a) => a.configure(configure(new Set()))));
  const revealed = o.newFindings(plain);
  const retries = await firstPass(analyzers, {
    requests: plain,
    findings: revealed,
    inFlight: o.inFlight,
    subjects,
    stackPack: stack ? analyzers[analyzers.length - 1] : undefined,
  });
  await retryWithout(analyzers[0]!, retries, plain, revealed, configure);

  const redone = new Set(subjects.map((r) => r.urn));
  const kind = new Map(o.policies.map((p) => [p.name, p.kind]));
  // This pass's verdict replaces the first pass's for a reader on what was redone (Analyze on a redone
  // resource, AnalyzeStack when the stack was redone; "unknown" kinds: either), and for a policy on a
  // resource where a secret stopped it. A tripped policy's verdicts on other resources stand.
  const superseded = (f: { policy: string; urn: string }) =>
    tripped.has(pair(f.policy, f.urn)) ||
    (o.readers.has(f.policy) &&
      ((kind.get(f.policy) !== "stack" && redone.has(f.urn)) ||
        (kind.get(f.policy) !== "resource" && stack)));
  return [
    ...findings.filter((f) => !superseded(f)),
    // A tripped policy's verdicts on resources where no secret stopped it are the first pass's.
    ...revealed.list
      .filter(
        (f) =>
          o.readers.has(f.policy) || !trippedPolicies.has(f.policy) || tripped.has(pair(f.policy, f.urn)),
      )
      .map((f) => ({
        ...f,
        // A note names a property, never a value: it stays as it is (a secret still held as ciphertext).
        message:
          f.kind === "not-inspectable"
            ? f.message
            : o.readers.has(f.policy)
              ? withheld(f.policy)
              : f.kind === "error" && !tripped.has(pair(f.policy, f.urn))
                ? "[message withheld: the pack failed on this resource while the policies that read secrets ran]"
                : withheldTripped(f.policy),
      })),
  ];
}

const SEP = "\u0000";
const pair = (policy: string, urn: string) => `${policy}${SEP}${urn}`;

/** The message a policy's finding carries where it judged a resource by a secret's plaintext. */
export const withheldTripped = (policy: string) =>
  `[message withheld: ${policy} read a secret value of this resource, judged from the export's plaintext]`;
