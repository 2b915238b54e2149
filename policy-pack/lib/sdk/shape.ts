/**
 * Checks that a package's module still has what we use of it (pure, no imports): shared by the two
 * doors to SDK internals, policy-pack/lib/sdk/policyInternals.ts (@pulumi/policy, for the pack) and
 * cli/sdk/pulumiInternals.ts (@pulumi/pulumi, for the CLI).
 */

export type Kind = "function" | "string" | "object";
/** What we use of a module: export name -> the kind of value it must be. */
export type Shape = Readonly<Record<string, Kind>>;

/** One line per export of `mod` that is missing or of another kind than `shape` says. */
export function shapeProblems(path: string, mod: unknown, shape: Shape): string[] {
  if (mod === null || typeof mod !== "object") return [`${path}: not a module (got ${typeof mod})`];
  const m = mod as Record<string, unknown>;
  return Object.entries(shape).flatMap(([name, kind]) =>
    typeof m[name] === kind && m[name] !== null
      ? []
      : [
          `${path}: export "${name}" should be a ${kind}, is ${m[name] === undefined ? "missing" : m[name] === null ? "null" : typeof m[name]}`,
        ],
  );
}

/**
 * `mod` (the module at `path`, required by the caller so that it resolves from the caller's package) as
 * `shape` says; throws one error listing every problem, naming the package version the door was written
 * against and the door's file.
 */
export function shaped<S extends Shape>(
  path: string,
  mod: unknown,
  shape: S,
  from: { readonly sdk: string; readonly version: string; readonly door: string },
): { -readonly [K in keyof S]: any } {
  const problems = shapeProblems(path, mod, shape);
  if (problems.length > 0) {
    throw new Error(
      `${from.sdk} no longer has the internals Rampart uses (written against ${from.version}; see ` +
        `${from.door}):\n  ${problems.join("\n  ")}`,
    );
  }
  return mod as { -readonly [K in keyof S]: any };
}
