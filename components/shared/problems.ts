import * as pulumi from "@pulumi/pulumi";

/**
 * How every component reports bad arguments: a list of problems, each addressed by the path of the
 * argument it concerns, with the value given and what was expected. Components throw once, before the
 * first child, with every problem (`assertValidArgs`); the stack config maps each path back to the
 * `rampart:` key the user wrote (stacks/config), so a rule lives only in the component that needs it.
 */

/** Where an argument lives inside a component's Args: `["systemNodePool", "minSize"]`, `["subnets", 2]`. */
export type ArgPath = readonly (string | number)[];

export interface ArgProblem {
  readonly path: ArgPath;
  /** The value given (`undefined` means it is missing). */
  readonly value: unknown;
  /** What is wrong and what was expected, to follow the value: `is not a valid IPv4 CIDR (expected ...)`. */
  readonly message: string;
}

/** Collects problems; `at(path, value, message)` adds one. */
export class Problems {
  readonly list: ArgProblem[] = [];
  at(path: ArgPath, value: unknown, message: string): void {
    this.list.push({ path, value, message });
  }
  /** Adds problems found under `prefix` by another validator. */
  under(prefix: ArgPath, problems: readonly ArgProblem[]): void {
    for (const p of problems) this.list.push({ ...p, path: [...prefix, ...p.path] });
  }
}

/** `a.b[0].c` */
export function formatPath(path: ArgPath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out;
}

/** A value as the user wrote it, shortened: JSON, or `missing`. */
export function showValue(value: unknown): string {
  if (value === undefined) return "missing";
  // JSON.stringify gives undefined only for functions and symbols, which no Args or config holds.
  const s = JSON.stringify(value) ?? typeof value;
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** `<field>: <value> <message>`, or with `field` replaced by the caller's own name for the path. */
export function formatProblem(p: ArgProblem, field: string = formatPath(p.path)): string {
  return `${field}: ${showValue(p.value)} ${p.message}`;
}

/** The one message a component throws for invalid Args: every problem, one per line. */
export function invalidArgsMessage(component: string, name: string, problems: readonly ArgProblem[]): string {
  const n = problems.length;
  return `${component} ${name}: invalid arguments (${n} problem${n === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`;
}

/**
 * Throws one `pulumi.RunError` (the Pulumi CLI prints it without a stack trace) listing every problem,
 * or returns when there is none. Call it before registering any child.
 */
export function assertValidArgs(component: string, name: string, problems: readonly ArgProblem[]): void {
  if (problems.length > 0) throw new pulumi.RunError(invalidArgsMessage(component, name, problems));
}
