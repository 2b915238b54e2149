import type { analyzerPb as pb } from "../sdk/pulumiInternals";
import { Analyzer, PackFailure } from "./client";
import { type PackManifest, PackProcess } from "./packProcess";
import type { Requests } from "./requests";

/**
 * Finds the resource a silent pack is stuck on. In one pack many calls are in flight, and the policy
 * server starts each handler as its request arrives, so when one handler never returns every call
 * looks unanswered from outside. The unanswered `Analyze` calls are sent again, one at a time, in the
 * order first sent, to a fresh pack with a short deadline: the first that gets no answer is the one.
 * Only on the failure path, so a check that passes pays nothing.
 */
export async function findStuckResource(opts: {
  readonly manifest: PackManifest;
  readonly env: Record<string, string>;
  readonly unanswered: readonly { readonly name: string; readonly what: string }[];
  readonly requests: Requests;
  readonly configure: pb.ConfigureAnalyzerRequest;
  readonly configureStack: pb.AnalyzerStackConfigureRequest;
  readonly timeoutMs: number;
}): Promise<string | undefined> {
  const urns = opts.unanswered
    .filter((c) => c.name === "Analyze" && opts.requests.byUrn.has(c.what))
    .map((c) => c.what);
  if (urns.length === 0) return undefined;
  let pack: PackProcess | undefined;
  try {
    pack = await PackProcess.start(opts.manifest, { timeoutMs: opts.timeoutMs, env: opts.env });
    const analyzer = new Analyzer(pack, opts.timeoutMs);
    await analyzer.configure(opts.configure);
    await analyzer.configureStack(opts.configureStack);
    for (const urn of urns) {
      try {
        await analyzer.analyze(opts.requests.analyze(opts.requests.byUrn.get(urn)!), urn);
      } catch (err) {
        if (err instanceof PackFailure) return urn;
        // A policy that throws is not a hang: go on to the next call.
      }
    }
    return undefined;
  } catch {
    return undefined; // the probe is best effort: the original failure is reported either way
  } finally {
    pack?.kill();
  }
}
