import { UsageError } from "./errors";
import { readBoundedText } from "./input";
import { type LoadedExport, readExport } from "./check/exportDoc";
import { parseClusterCases, parseRbacCases } from "./verify/cluster";
import { parseAccessCases } from "./verify/iam";
import { parseDeclaredImages } from "./verify/images";
import { parseFlowCases } from "./verify/network";
import { printable, renderVerifyJson, renderVerifyTable } from "./verify/format";
import { CaseConflictError, type VerifyReport, verifyResources } from "./verify/report";

/**
 * `rampart verify`: does the deployment work for real? Reads a stack export the way `check` does, decides
 * the flow cases (cli/verify/FLOWS.md), access cases (cli/verify/ACCESS.md), image cases
 * (cli/verify/IMAGES.md) and cluster cases (cli/verify/CLUSTER.md) against it, lints every policy document, and renders the verdict. Every bad input is a UsageError (one line, exit 2) raised
 * before anything is evaluated.
 */

export const VERIFY_FORMATS = ["table", "json"] as const;
export type VerifyFormat = (typeof VERIFY_FORMATS)[number];

export interface VerifyOptions {
  /** An export already read (plan), or a file to read. */
  readonly export: LoadedExport | string;
  /** Flow cases replacing Rampart's defaults (or added to them with `keepDefaults`). */
  readonly flowsFile?: string;
  /** Access cases replacing Rampart's defaults (or added to them with `keepDefaults`). */
  readonly accessFile?: string;
  /** Cluster cases replacing Rampart's defaults (or added to them with `keepDefaults`). */
  readonly clusterFile?: string;
  /** RBAC cases replacing Rampart's defaults (or added to them with `keepDefaults`). */
  readonly rbacFile?: string;
  readonly keepDefaults?: boolean;
  /** Images listed for resources whose images the export does not show (cli/verify/IMAGES.md). */
  readonly imagesFile?: string;
}

/** Reads a JSON file of cases; `kind` ("flows", "access", "images", "cluster" or "rbac") names it in every message. */
/** The largest cases file read (16 MB: thousands of cases). */
const MAX_CASES_BYTES = 16 * 1024 * 1024;

function readCases<T>(file: string, kind: string, parse: (json: unknown) => T): T {
  // Bounded like the policy config: /dev/zero or a FIFO stops at the limit.
  const text = readBoundedText(file, MAX_CASES_BYTES, `${kind} file`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${kind} file ${file} is not JSON: ${(err as Error).message.split("\n")[0]}`);
  }
  try {
    return parse(json);
  } catch (err) {
    // The parsers name the field and the value, which comes from the file: keep it on one visible line.
    throw new UsageError(`${kind} file ${file}: ${printable((err as Error).message)}`);
  }
}

export function verify(opts: VerifyOptions): VerifyReport {
  if (opts.keepDefaults && !opts.flowsFile && !opts.accessFile && !opts.clusterFile && !opts.rbacFile) {
    throw new UsageError(
      "verify: --keep-defaults only applies with --flows FILE, --access FILE, --cluster FILE or --rbac FILE",
    );
  }
  // Every input is read before anything is evaluated: bad input fails fast, with one line.
  const doc = typeof opts.export === "string" ? readExport(opts.export) : opts.export;
  const flows = opts.flowsFile ? readCases(opts.flowsFile, "flows", parseFlowCases) : undefined;
  const access = opts.accessFile ? readCases(opts.accessFile, "access", parseAccessCases) : undefined;
  const cluster = opts.clusterFile ? readCases(opts.clusterFile, "cluster", parseClusterCases) : undefined;
  const rbac = opts.rbacFile ? readCases(opts.rbacFile, "rbac", parseRbacCases) : undefined;
  const images = opts.imagesFile ? readCases(opts.imagesFile, "images", parseDeclaredImages) : undefined;
  try {
    return verifyResources(doc.resources, {
      flows,
      access,
      cluster,
      rbac,
      images,
      keepDefaults: opts.keepDefaults,
    });
  } catch (err) {
    if (err instanceof CaseConflictError) throw new UsageError(`verify: ${printable(err.message)}`);
    throw err;
  }
}

export function parseVerifyFormat(value: string | undefined, command: string): VerifyFormat {
  const f = value ?? "table";
  if (!(VERIFY_FORMATS as readonly string[]).includes(f)) {
    throw new UsageError(`${command}: --format must be one of ${VERIFY_FORMATS.join(", ")} (got "${f}")`);
  }
  return f as VerifyFormat;
}

export function renderVerify(report: VerifyReport, format: VerifyFormat): string {
  return format === "json" ? renderVerifyJson(report) : renderVerifyTable(report);
}

export { verifyExitCode, summarizeVerify } from "./verify/report";
export { renderVerifyTable, verifySummaryLine } from "./verify/format";
