/**
 * A small parser and matcher for the subset of CloudWatch Logs JSON filter patterns the CIS table uses:
 * `{ <expr> }` where an expression is comparisons joined by `&&` or `||` (not both at one level without
 * parentheses, which CloudWatch would read by precedence and we refuse as ambiguous), parentheses, and
 * comparisons `$.a.b = value`, `$.a.b != value`, `$.a.b NOT EXISTS`. Values are "quoted" or bare words;
 * `*` is a wildcard at either end. Anything else is a syntax error, so a pattern this accepts is
 * structurally valid for CloudWatch.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */

type Node =
  | { kind: "and" | "or"; terms: Node[] }
  | { kind: "cmp"; path: string[]; op: "=" | "!="; value: string }
  | { kind: "notExists"; path: string[] };

const TOKEN =
  /\s*(\{|\}|\(|\)|&&|\|\||!=|=|NOT EXISTS|\$(?:\.[A-Za-z0-9_]+)+|"(?:[^"\\]|\\.)*"|[A-Za-z0-9*_.:-]+)/y;

function tokenize(pattern: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < pattern.length) {
    if (/^\s*$/.test(pattern.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(pattern);
    if (!m) throw new Error(`unexpected text at ${at}: ${pattern.slice(at, at + 20)}`);
    out.push(m[1]!);
  }
  return out;
}

export function parseFilterPattern(pattern: string): Node {
  const tokens = tokenize(pattern);
  let i = 0;
  const peek = () => tokens[i];
  const take = (want?: string) => {
    const t = tokens[i++];
    if (t === undefined || (want !== undefined && t !== want))
      throw new Error(`expected ${want ?? "a token"} at token ${i - 1}, got ${t ?? "end"}`);
    return t;
  };
  const term = (): Node => {
    if (peek() === "(") {
      take("(");
      const e = expr();
      take(")");
      return e;
    }
    const sel = take();
    if (!sel.startsWith("$.")) throw new Error(`expected a $.selector, got ${sel}`);
    const path = sel.slice(2).split(".");
    const op = take();
    if (op === "NOT EXISTS") return { kind: "notExists", path };
    if (op !== "=" && op !== "!=") throw new Error(`expected = or != after ${sel}, got ${op}`);
    const raw = take();
    if (["(", ")", "{", "}", "&&", "||"].includes(raw)) throw new Error(`expected a value after ${op}`);
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    return { kind: "cmp", path, op, value };
  };
  const expr = (): Node => {
    const terms = [term()];
    let joiner: "&&" | "||" | undefined;
    while (peek() === "&&" || peek() === "||") {
      const j = take() as "&&" | "||";
      if (joiner && joiner !== j) throw new Error("&& and || mixed without parentheses");
      joiner = j;
      terms.push(term());
    }
    return terms.length === 1 ? terms[0]! : { kind: joiner === "&&" ? "and" : "or", terms };
  };
  take("{");
  const root = expr();
  take("}");
  if (i !== tokens.length) throw new Error(`trailing tokens: ${tokens.slice(i).join(" ")}`);
  return root;
}

const lookup = (event: unknown, path: string[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
    event,
  );

function valueMatches(want: string, got: unknown): boolean {
  if (typeof got !== "string" && typeof got !== "number" && typeof got !== "boolean") return false;
  const s = String(got);
  const escaped = want.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`).test(s);
}

function evaluate(node: Node, event: unknown): boolean {
  switch (node.kind) {
    case "and":
      return node.terms.every((t) => evaluate(t, event));
    case "or":
      return node.terms.some((t) => evaluate(t, event));
    case "notExists":
      return lookup(event, node.path) === undefined;
    case "cmp": {
      const v = lookup(event, node.path);
      // A comparison on a field the event lacks matches nothing, `!=` included.
      if (v === undefined) return false;
      return node.op === "=" ? valueMatches(node.value, v) : !valueMatches(node.value, v);
    }
  }
}

export function filterMatches(pattern: string, event: unknown): boolean {
  return evaluate(parseFilterPattern(pattern), event);
}
