import { type Analyzer, CallError } from "./client";
import type { StateResource } from "./exportDoc";
import type { Findings } from "./findings";
import type { Requests } from "./requests";

/**
 * The first pass: every subject's `Analyze` call, and the `AnalyzeStack` call, spread over the pack
 * processes from one queue, with `inFlight` calls at a time on each. A call the pack fails because a
 * policy threw becomes an error finding and a retry (retries.ts); anything else (the pack died or
 * stopped answering) stops the pass and is thrown.
 */

/** urn ("" = the stack call) -> the policies that threw on it. */
export type Retries = Map<string, Set<string>>;

export interface PoolOptions {
  readonly requests: Requests;
  readonly findings: Findings;
  /** Calls in flight on each pack process. */
  readonly inFlight: number;
  /** The pack that makes the `AnalyzeStack` call; none when no stack policy is enabled. */
  readonly stackPack: Analyzer | undefined;
  /** The resources to `Analyze` (default: every subject of `requests`). */
  readonly subjects?: readonly StateResource[];
  /** Called after each resource's call settles. */
  readonly onProgress?: (done: number, total: number) => void;
}

export async function firstPass(analyzers: readonly Analyzer[], opts: PoolOptions): Promise<Retries> {
  const { requests, findings, inFlight, stackPack } = opts;
  const { stackUrn } = requests;
  const subjects = opts.subjects ?? requests.subjects;
  const retries: Retries = new Map();
  let next = 0;
  let done = 0;
  let aborted = false;
  const worker = async (a: Analyzer) => {
    while (!aborted && next < subjects.length) {
      const r = subjects[next++]!;
      try {
        findings.fromDiagnostics(await a.analyze(requests.analyze(r), r.urn), r.urn);
      } catch (err) {
        if (!(err instanceof CallError)) {
          aborted = true;
          throw err;
        }
        const threw = findings.fromCallError(err, r.urn);
        if (threw) retries.set(r.urn, new Set([threw]));
      }
      opts.onProgress?.(++done, subjects.length);
    }
  };
  const stackTask = async (a: Analyzer) => {
    try {
      findings.fromDiagnostics(await a.analyzeStack(requests.stack()), undefined);
    } catch (err) {
      if (!(err instanceof CallError)) {
        aborted = true;
        throw err;
      }
      const threw = findings.fromCallError(err, stackUrn);
      if (threw) retries.set("", new Set([threw]));
    }
  };
  // The stack call goes first on its pack, which joins the Analyze calls once it has answered. Sent
  // alongside them, its large request trickles in under HTTP/2 flow control while the pack serves small
  // calls, and the pack then decodes it at the end of the run, alone, with the other cores idle.
  await Promise.all(
    analyzers.map(async (a) => {
      if (a === stackPack) await stackTask(a);
      await Promise.all(Array.from({ length: inFlight }, () => worker(a)));
    }),
  );
  return retries;
}
