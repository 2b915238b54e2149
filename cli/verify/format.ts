/**
 * Renders a VerifyReport: a table for people (the per-tier matrix, failing cases first with what decided
 * each — flows, access, images — counts, a one-line summary) and JSON for machines (the contract README documents; built field by
 * field so that a library's new internal field does not silently change it).
 */
import { renderTierMatrix, type TierMatrix } from "./network";
import { summarizeVerify, type VerifyReport, type VerifySummary } from "./report";
import { printable } from "../terminal";

export { printable };

/** The matrix with its tier names escaped before rendering, so that column widths stay right. */
function printableMatrix(m: TierMatrix): TierMatrix {
  const cells: TierMatrix["cells"] = {};
  for (const [from, row] of Object.entries(m.cells)) {
    cells[printable(from)] = Object.fromEntries(Object.entries(row).map(([to, c]) => [printable(to), c]));
  }
  return { ...m, tiers: m.tiers.map(printable), columns: m.columns.map(printable), cells };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `PASS: 61 flows, 67 access cases, 7 images, 7 cluster cases, 30 RBAC cases, 0 lint problems` or `FAIL: 3 of 61 flows failed, ...`. */
export function verifySummaryLine(r: VerifyReport, s: VerifySummary = summarizeVerify(r)): string {
  const flows = s.flows.passed + s.flows.failed;
  const access = s.access.passed + s.access.failed;
  const images = s.images.passed + s.images.failed;
  const cluster = s.cluster.passed + s.cluster.failed;
  const rbac = s.rbac.passed + s.rbac.failed;
  const lint = plural(s.lint, "lint problem");
  if (s.pass)
    return (
      `PASS: ${plural(flows, "flow")}, ${plural(access, "access case")}, ${plural(images, "image")}, ` +
      `${plural(cluster, "cluster case")}, ${plural(rbac, "RBAC case")}, ${lint}`
    );
  return (
    `FAIL: ${s.flows.failed} of ${plural(flows, "flow")} failed, ${s.access.failed} of ${plural(access, "access case")} failed, ` +
    `${s.images.failed} of ${plural(images, "image")} failed, ${s.cluster.failed} of ${plural(cluster, "cluster case")} failed, ` +
    `${s.rbac.failed} of ${plural(rbac, "RBAC case")} failed, ${lint}`
  );
}

function failingLines(r: VerifyReport): string[] {
  const lines: string[] = [];
  for (const f of r.flows.filter((v) => !v.pass)) {
    lines.push(
      `FAIL flow ${printable(f.id)} (${f.port}/${f.protocol}): expected ${f.expect}, got ${f.verdict}`,
      `     ${printable(f.reason)}`,
    );
    if (f.cite) lines.push(`     cite: ${printable(f.cite)}`);
  }
  for (const a of r.access.filter((v) => !v.pass)) {
    lines.push(`FAIL access ${printable(a.id)}: expected ${a.expect}, got ${a.verdict}`);
    lines.push(`     ${printable(a.reason)}`);
    for (const p of a.policies) {
      const by = p.statements.length > 0 ? ` by ${p.statements.map(printable).join(", ")}` : "";
      const detail = p.detail ? ` (${printable(p.detail)})` : "";
      lines.push(`     ${p.role} ${printable(p.source)}: ${p.result}${by}${detail}`);
    }
    lines.push(`     cite: ${printable(a.cite)}`);
  }
  for (const i of r.images.filter((v) => !v.pass)) {
    lines.push(`FAIL image ${printable(i.image)}: ${i.verdict}`);
    lines.push(`     at ${printable(i.urn)} ${printable(i.path)}`);
    lines.push(`     ${printable(i.reason)}`);
    if (i.cite) lines.push(`     cite: ${printable(i.cite)}`);
  }
  for (const c of r.cluster.filter((v) => !v.pass)) {
    lines.push(`FAIL cluster ${printable(c.id)}: expected ${c.expect}, got ${c.verdict}`);
    lines.push(`     ${printable(c.reason)}`);
    for (const l of c.layers) lines.push(`     ${l.layer}: ${l.decision}: ${printable(l.reason)}`);
    for (const n of c.notes) lines.push(`     note: ${printable(n)}`);
    if (c.cite) lines.push(`     cite: ${printable(c.cite)}`);
  }
  for (const c of r.rbac.filter((v) => !v.pass)) {
    lines.push(`FAIL rbac ${printable(c.id)}: expected ${c.expect}, got ${c.verdict}`);
    lines.push(`     ${printable(c.reason)}`);
    for (const n of c.notes) lines.push(`     note: ${printable(n)}`);
    if (c.cite) lines.push(`     cite: ${printable(c.cite)}`);
  }
  for (const p of r.lint) {
    const where = [p.urn, p.property, p.statement].filter((x) => x !== undefined).map((x) => printable(x));
    lines.push(`LINT ${where.join(" ")}: ${printable(p.message)}`);
  }
  return lines;
}

export interface TableOptions {
  /** Print the per-tier matrix. @default true */
  readonly matrix?: boolean;
}

/** The report for people. `plan` prints it without the matrix when its own output is JSON or SARIF. */
export function renderVerifyTable(r: VerifyReport, opts: TableOptions = {}): string {
  const s = summarizeVerify(r);
  const out: string[] = [];
  if (opts.matrix ?? true) {
    if (r.matrix) {
      out.push("Reachability between tiers (probed ports allowed end to end, by source tier):");
      out.push(renderTierMatrix(printableMatrix(r.matrix)).trimEnd(), "");
    } else {
      out.push("No subnet has a rampart:tier tag: no tier matrix.", "");
    }
  }
  const failing = failingLines(r);
  if (failing.length > 0) out.push(...failing, "");
  const flows = s.flows.passed + s.flows.failed;
  const access = s.access.passed + s.access.failed;
  const images = s.images.passed + s.images.failed;
  const cluster = s.cluster.passed + s.cluster.failed;
  const rbac = s.rbac.passed + s.rbac.failed;
  out.push(
    `passing: ${s.flows.passed} of ${plural(flows, "flow")}, ${s.access.passed} of ${plural(access, "access case")}, ` +
      `${s.images.passed} of ${plural(images, "image")}, ${s.cluster.passed} of ${plural(cluster, "cluster case")}, ` +
      `${s.rbac.passed} of ${plural(rbac, "RBAC case")}`,
  );
  out.push(verifySummaryLine(r, s));
  return `${out.join("\n")}\n`;
}

/** The fields a cluster and an RBAC verdict share, in the JSON report's order. */
function caseJson(c: {
  readonly id: string;
  readonly description?: string;
  readonly expect: string;
  readonly verdict: string;
  readonly pass: boolean;
  readonly reason: string;
  readonly cite?: string;
}) {
  return {
    id: c.id,
    ...(c.description !== undefined ? { description: c.description } : {}),
    expect: c.expect,
    verdict: c.verdict,
    pass: c.pass,
    reason: c.reason,
    ...(c.cite !== undefined ? { cite: c.cite } : {}),
  };
}

/**
 * The report for machines:
 * `{"flows":[{id,description?,protocol,port,expect,verdict,pass,reason,cite?,paths:[{from,to,decision,hops:[{direction,layer,at,decision,rule}],replyPorts?}]}],
 *   "access":[{id,description?,expect,verdict,pass,reason,cite,decidedBy:[{role,source,result,statements,detail?}]}],
 *   "images":[{image,registry?,urn,type,path,verdict,pass,reason,cite?}],
 *   "cluster":[{id,description?,expect,verdict,pass,reason,cite?,layers:[{layer,decision,reason}],notes}],
 *   "lint":[{urn,property,statement?,value?,message}], "matrix":{tiers,columns,cells}|null,
 *   "summary":{flows:{passed,failed},access:{passed,failed},images:{passed,failed},cluster:{passed,failed},lint,pass}}`
 */
export function renderVerifyJson(r: VerifyReport): string {
  const doc = {
    flows: r.flows.map((f) => ({
      id: f.id,
      ...(f.description !== undefined ? { description: f.description } : {}),
      protocol: f.protocol,
      port: f.port,
      expect: f.expect,
      verdict: f.verdict,
      pass: f.pass,
      reason: f.reason,
      ...(f.cite !== undefined ? { cite: f.cite } : {}),
      paths: f.paths.map((p) => ({
        from: p.from,
        to: p.to,
        decision: p.decision,
        hops: p.hops.map((h) => ({
          direction: h.direction,
          layer: h.layer,
          at: h.at,
          decision: h.decision,
          rule: h.rule,
        })),
        ...(p.replyPorts ? { replyPorts: p.replyPorts.map((x) => ({ from: x.from, to: x.to })) } : {}),
      })),
    })),
    access: r.access.map((a) => ({
      id: a.id,
      ...(a.description !== undefined ? { description: a.description } : {}),
      expect: a.expect,
      verdict: a.verdict,
      pass: a.pass,
      reason: a.reason,
      cite: a.cite,
      decidedBy: a.policies.map((p) => ({
        role: p.role,
        source: p.source,
        result: p.result,
        statements: [...p.statements],
        ...(p.detail !== undefined ? { detail: p.detail } : {}),
      })),
    })),
    images: r.images.map((i) => ({
      image: i.image,
      ...(i.registry !== undefined ? { registry: i.registry } : {}),
      urn: i.urn,
      type: i.type,
      path: i.path,
      verdict: i.verdict,
      pass: i.pass,
      reason: i.reason,
      ...(i.cite !== undefined ? { cite: i.cite } : {}),
    })),
    cluster: r.cluster.map((c) => ({
      ...caseJson(c),
      layers: c.layers.map((l) => ({ layer: l.layer, decision: l.decision, reason: l.reason })),
      notes: [...c.notes],
    })),
    rbac: r.rbac.map((c) => ({ ...caseJson(c), notes: [...c.notes] })),
    lint: r.lint.map((p) => ({
      urn: p.urn,
      property: p.property,
      ...(p.statement !== undefined ? { statement: p.statement } : {}),
      ...(p.value !== undefined ? { value: p.value } : {}),
      message: p.message,
    })),
    matrix: r.matrix ? { tiers: r.matrix.tiers, columns: r.matrix.columns, cells: r.matrix.cells } : null,
    summary: summarizeVerify(r),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
