import type { analyzerPb as pb } from "../sdk/pulumiInternals";
import { type Analyzer, CallError } from "./client";
import type { Findings } from "./findings";
import type { Retries } from "./pool";
import type { Requests } from "./requests";

/**
 * The second pass. A policy that throws makes the pack fail the whole call (@pulumi/policy server.js),
 * which loses the other policies' verdicts on that resource. Each resource where one threw is analyzed
 * again on one pack with the policies that threw disabled, grouped by that set so the pack is
 * reconfigured once per group; a policy that throws in turn is disabled in a further round. Each round
 * disables one more policy, so this ends. Anything but a failed call is thrown.
 */
export async function retryWithout(
  analyzer: Analyzer,
  retries: Retries,
  requests: Requests,
  findings: Findings,
  configure: (disabled: ReadonlySet<string>) => pb.ConfigureAnalyzerRequest,
): Promise<void> {
  const signature = (s: ReadonlySet<string>) => [...s].sort().join("\n");
  while (retries.size > 0) {
    const disabled = retries.values().next().value as Set<string>;
    const group = [...retries.keys()].filter((k) => signature(retries.get(k)!) === signature(disabled));
    for (const k of group) retries.delete(k);
    await analyzer.configure(configure(disabled));
    for (const urn of group) {
      try {
        if (urn === "") findings.fromDiagnostics(await analyzer.analyzeStack(requests.stack()), undefined);
        else
          findings.fromDiagnostics(
            await analyzer.analyze(requests.analyze(requests.byUrn.get(urn)!), urn),
            urn,
          );
      } catch (err) {
        if (!(err instanceof CallError)) throw err;
        const threw = findings.fromCallError(err, urn === "" ? requests.stackUrn : urn);
        if (threw && !disabled.has(threw)) retries.set(urn, new Set([...disabled, threw]));
      }
    }
  }
}
