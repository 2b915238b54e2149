/**
 * PromQL syntax checks for the rules and dashboard tests, with Prometheus's own grammar
 * (@prometheus-io/lezer-promql, Apache-2.0, the parser of Prometheus's web UI). The package is not a
 * dependency yet: without it `parser` is undefined and the tests that need it are skipped with a note.
 */

interface SyntaxNode {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly type: { readonly isError: boolean };
}
interface Tree {
  iterate(spec: { enter(node: SyntaxNode): void }): void;
}
interface Parser {
  parse(text: string): Tree;
}

function load(): Parser | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("@prometheus-io/lezer-promql") as { parser: Parser }).parser;
  } catch {
    return undefined;
  }
}

export const parser = load();
export const PARSER_MISSING = "@prometheus-io/lezer-promql is not installed (the lead adds it)";

/** Syntax errors of an expression (lezer recovers from errors and marks them with error nodes). */
export function syntaxErrors(expr: string): string[] {
  const errors: string[] = [];
  parser!.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`at ${node.from}: "${expr.slice(node.from, node.to + 10)}"`);
    },
  });
  return errors;
}

/** The metric names an expression selects (vector selectors' names). */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  parser!.parse(expr).iterate({
    enter(node) {
      if (node.name === "VectorSelector") {
        const m = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(expr.slice(node.from, node.to));
        if (m) names.add(m[0]);
      }
    },
  });
  return [...names];
}
