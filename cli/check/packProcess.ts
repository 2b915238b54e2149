import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { UsageError } from "../errors";
import { policyPackRunner } from "../sdk/pulumiInternals";

/**
 * Starts a CrossGuard policy pack the way the Pulumi CLI does for a Node.js pack
 * (sdk/go/common/resource/plugin/analyzer_plugin.go `NewPolicyAnalyzer`): the `pulumi-analyzer-policy`
 * shim runs `node <pack's @pulumi/pulumi>/cmd/run-policy-pack <engine address> . [-option=value...]` with
 * the pack directory as working directory. run-policy-pack registers ts-node (with type-checking) for
 * TypeScript packs, loads the pack, and the `PolicyPack` serves the Analyzer service on 127.0.0.1 and
 * prints its port on stdout (@pulumi/policy server.js `serve`).
 *
 * There is no engine here: run-policy-pack only drops the address argument, so an address nobody can dial
 * stands in for it. The child also preloads parentWatch.js, which exits it when rampart's end of its
 * stdin closes; together with the exit and signal handlers below, no pack process outlives rampart.
 */

export interface PackManifest {
  readonly dir: string;
  readonly runtime: string;
  /** `runtime.options` from PulumiPolicy.yaml, passed as `-key=value` like the CLI does. */
  readonly options: Record<string, unknown>;
  /** PulumiPolicy.yaml `version`, which the CLI prefers over the pack's own. */
  readonly version?: string;
}

/** Reads and checks `<dir>/PulumiPolicy.yaml`. */
export function readPackManifest(dir: string): PackManifest {
  const abs = path.resolve(dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new UsageError(`policy pack directory ${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new UsageError(`policy pack ${dir} is not a directory`);
  const file = path.join(abs, "PulumiPolicy.yaml");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`${dir} is not a policy pack: it has no PulumiPolicy.yaml`);
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const d = (doc ?? {}) as { runtime?: unknown; version?: unknown };
  const rt = d.runtime;
  const runtime =
    typeof rt === "string"
      ? rt
      : typeof (rt as { name?: unknown })?.name === "string"
        ? (rt as { name: string }).name
        : "";
  if (runtime !== "nodejs") {
    throw new UsageError(
      `policy pack ${dir} has runtime "${runtime}"; rampart check runs Node.js packs (runtime: nodejs)`,
    );
  }
  const options =
    rt !== null && typeof rt === "object" && typeof (rt as { options?: unknown }).options === "object"
      ? ((rt as { options: Record<string, unknown> }).options ?? {})
      : {};
  const version = typeof d.version === "string" && d.version !== "" ? d.version : undefined;
  return { dir: abs, runtime, options, version };
}

/** Every live pack process, so that exit and signals can stop them all. */
const live = new Set<ChildProcess>();

function killAll(): void {
  for (const child of live) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  live.clear();
}

let handlersInstalled = false;
const onSignal = (signal: NodeJS.Signals) => {
  killAll();
  uninstallHandlers();
  // Let the default disposition end us, with the conventional 128+n status.
  process.kill(process.pid, signal);
};
const onSigint = () => onSignal("SIGINT");
const onSigterm = () => onSignal("SIGTERM");
const onSighup = () => onSignal("SIGHUP");

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", killAll);
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  process.on("SIGHUP", onSighup);
}

function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.off("exit", killAll);
  process.off("SIGINT", onSigint);
  process.off("SIGTERM", onSigterm);
  process.off("SIGHUP", onSighup);
}

/** Keeps the last `limit` characters written to a stream. */
class Tail {
  private text = "";
  constructor(private readonly limit: number) {}
  push(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.limit);
  }
  toString(): string {
    return this.text;
  }
}

/**
 * The gist of a pack's stderr in one line: the lines that say what went wrong, without stack frames,
 * source excerpts or run-policy-pack's preamble.
 */
export function summarizeStderr(stderr: string): string {
  const lines = stderr

    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .filter((l) => !/^at /.test(l) && !/^\^+$/.test(l) && !/^~+$/.test(l))
    .filter((l) => !/Running program '.*' failed with an unhandled exception:$/.test(l))
    .filter((l) => !/^Node\.js v\d/.test(l));
  const at = lines.findIndex((l) => /(Error|error)\b.*:/.test(l));
  let picked = at >= 0 ? lines[at]! : (lines[lines.length - 1] ?? "");
  // "TSError: ⨯ Unable to compile TypeScript:" says what went wrong on the next line.
  if (at >= 0 && picked.endsWith(":") && lines[at + 1] !== undefined) picked = `${picked} ${lines[at + 1]}`;
  // Node prints where a file failed to parse as "<file>:<line>" above the source excerpt, and the
  // SyntaxError itself carries no location: take it from there.
  if (at > 0 && picked.startsWith("SyntaxError")) {
    const where = lines
      .slice(0, at)
      .reverse()
      .find((l) => /^(\/|file:\/\/|[A-Za-z]:\\).*:\d+$/.test(l));
    if (where) {
      const file = where.replace(/:\d+$/, "");
      const local = file.startsWith("file://") ? fileURLToPath(file) : file;
      const rel = path.relative(process.cwd(), local);
      picked = `${picked} (at ${rel.startsWith("..") ? local : rel}${where.slice(file.length)})`;
    }
  }
  return picked.length > 300 ? `${picked.slice(0, 297)}...` : picked;
}

export interface StartOptions {
  /** How long to wait for the port. */
  readonly timeoutMs: number;
  /** Extra environment (the CLI sets PULUMI_STACK, PULUMI_PROJECT, ... for the pack). */
  readonly env?: Record<string, string>;
}

export class PackProcess {
  private constructor(
    readonly manifest: PackManifest,
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly stderr: Tail,
    /** Settles (never resolves) when the process exits: watch it to fail calls in flight. */
    readonly exited: Promise<never>,
  ) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last thing the pack wrote on stderr, in one line. */
  stderrSummary(): string {
    return summarizeStderr(this.stderr.toString());
  }

  /** Stops the process (SIGKILL: a pack holds no state worth a graceful stop). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    live.delete(this.child);
    if (live.size === 0) uninstallHandlers();
  }

  static async start(manifest: PackManifest, opts: StartOptions): Promise<PackProcess> {
    const label = path.relative(process.cwd(), manifest.dir) || ".";
    const runner = policyPackRunner(manifest.dir);
    if (runner === undefined) {
      // The CLI's own hint for this case (analyzer_plugin.go, errRunPolicyModuleNotFound).
      throw new UsageError(
        `policy pack ${label} cannot start: @pulumi/pulumi is not installed for it; try running npm install in ${label}`,
      );
    }
    const args = [
      "--require",
      path.join(__dirname, "parentWatch.js"),
      runner,
      "127.0.0.1:0",
      ".",
      ...Object.entries(manifest.options)
        .map(([k, v]) => [k, String(v)] as const)
        .filter(([, v]) => v !== "")
        .map(([k, v]) => `-${k}=${v}`),
    ];
    installHandlers();
    const child = spawn(process.execPath, args, {
      cwd: manifest.dir,
      env: { ...process.env, ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    live.add(child);
    const stderr = new Tail(16_384);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => stderr.push(d));
    child.stdin.on("error", () => undefined);

    const exited = new Promise<never>((_, reject) => {
      child.on("exit", (code, signal) => {
        live.delete(child);
        if (live.size === 0) uninstallHandlers();
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        reject(new PackExitError(how));
      });
      child.on("error", (err) => reject(new PackExitError(err.message)));
    });
    exited.catch(() => undefined);

    const port = await new Promise<number>((resolve, reject) => {
      let buffered = "";
      const timer = setTimeout(() => {
        cleanup();
        child.kill("SIGKILL");
        reject(
          new UsageError(
            `policy pack ${label} did not start within ${opts.timeoutMs / 1000}s (no port on stdout); stopped it`,
          ),
        );
      }, opts.timeoutMs);
      const onData = (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        // A pack may print before serving; the port is the first line that is only a number.
        for (const line of lines) {
          if (/^\d+$/.test(line.trim())) {
            cleanup();
            resolve(Number(line.trim()));
            return;
          }
        }
      };
      const onExit = (e: unknown) => {
        cleanup();
        // Give stderr a moment to be read to the end.
        setImmediate(() => {
          const why = summarizeStderr(stderr.toString());
          reject(
            new UsageError(
              `policy pack ${label} failed to start (${(e as Error).message})${why ? `: ${why}` : ""}`,
            ),
          );
        });
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout.off("data", onData);
      };
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", onData);
      exited.catch(onExit);
    });
    // Keep draining stdout (policies may log); a full pipe would block the pack.
    child.stdout.resume();
    return new PackProcess(manifest, port, child, stderr, exited);
  }
}

export class PackExitError extends Error {}
