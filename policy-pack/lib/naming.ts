import * as fs from "node:fs";
import * as path from "node:path";

/**
 * How a policy's name and its file say the same thing — the one rule, used by the registry test (which
 * fails when a policy breaks it) and by the catalog generator (scripts/gen-policy-docs.ts).
 *
 * A name is `<provider>-<service>-<resource>-<verb>-<what>` (`aws-ec2-launchtemplate-require-imdsv2`).
 * Its file is `policies/<area>/<stem>.ts`, where the stem is the name without its provider segment,
 * written in camelCase (`ec2LaunchTemplateRequireImdsv2`): a one-word resource of the name may be
 * written as its words in the file (`launchtemplate` as `LaunchTemplate`). So the two agree when the
 * stem, lower-cased, equals the name's segments after the provider, joined: from a name, the file is
 * found in one step (`find policy-pack/policies -iname ec2launchtemplaterequireimdsv2.ts`), and from a
 * file, its name (the registry test checks both ways). The area folder is not part of the name: it groups
 * policies by concern (encryption, exposure...), which a name need not repeat.
 *
 * The stem is also the name of the policy's export, and its test is `test/policies/<area>/<stem>.test.ts`.
 */

/** The root of the policy files. */
export const POLICIES_DIR = path.resolve(__dirname, "..", "policies");

/** The key a policy name and its file share: the name's segments after the provider, joined. */
export function keyOfName(name: string): string {
  const segments = name.split("-");
  return segments.slice(1).join("");
}

/** The key of a policy file (`.../ec2/ec2LaunchTemplateRequireImdsv2.ts` -> `ec2launchtemplaterequireimdsv2`). */
export function keyOfFile(file: string): string {
  return path.basename(file, ".ts").toLowerCase();
}

/**
 * The stem a name gives when each segment after the provider starts a camelCase word
 * (`aws-ec2-launchtemplate-require-imdsv2` -> `ec2LaunchtemplateRequireImdsv2`): what error messages
 * suggest; a compound resource may then be written in its own words (`LaunchTemplate`).
 */
export function suggestedStem(name: string): string {
  return name
    .split("-")
    .slice(1)
    .map((s, i) => (i === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1)))
    .join("");
}

/** Every policy file, relative to `POLICIES_DIR` (`<area>/<stem>.ts`), in sorted order. */
export function policyFiles(dir: string = POLICIES_DIR): string[] {
  const out: string[] = [];
  for (const area of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!area.isDirectory()) continue;
    for (const file of fs.readdirSync(path.join(dir, area.name)))
      if (file.endsWith(".ts") && !file.endsWith(".d.ts")) out.push(`${area.name}/${file}`);
  }
  return out.sort();
}

/** A policy a policy file exports, with the file (`<area>/<stem>.ts`) and the export's name. */
export interface PolicyExport {
  readonly file: string;
  readonly exportName: string;
  readonly policy: { readonly name: string };
}

const isPolicy = (v: unknown): v is { name: string } =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as { name?: unknown }).name === "string" &&
  ("validateResource" in v || "validateStack" in v);

/** Every policy every policy file exports (loading each file), in file order. */
export function policyExports(dir: string = POLICIES_DIR): PolicyExport[] {
  const out: PolicyExport[] = [];
  for (const file of policyFiles(dir)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod))
      if (isPolicy(value)) out.push({ file, exportName, policy: value });
  }
  return out;
}

/**
 * The file (`<area>/<stem>.ts`, relative to `dir`) of the policy called `name`, found by the rule above;
 * undefined when no file has the name's key.
 */
export function fileOfPolicy(name: string, files: readonly string[] = policyFiles()): string | undefined {
  const key = keyOfName(name);
  return files.find((f) => keyOfFile(f) === key);
}
