import * as path from "node:path";
import { UsageError } from "../errors";
import { Analyzer, PackFailure } from "./client";
import type { LoadedExport } from "./exportDoc";
import { Findings } from "./findings";
import { type CheckReport, compareFindings } from "./model";
import { initialConfig, readPackMeta, schemaInfo } from "./packInfo";
import { PackProcess, readPackManifest } from "./packProcess";
import { type PolicyConfigEntry, reconcilePolicyConfig } from "./policyConfig";
import { firstPass } from "./pool";
import { findStuckResource } from "./probe";
import { SecretSet } from "./properties";
import { configureRequest, Requests, stackConfigureRequest } from "./requests";
import { retryWithout } from "./retries";
import { readSecretReaders, secretPass } from "./secretPass";

/**
 * Drives one policy pack over a stack's resources with the engine's semantics for checking existing
 * state (pkg/resource/deploy/analyze_snapshot.go `AnalyzeSnapshot`, behind `pulumi policy analyze`):
 * requests as requests.ts builds them; the root `pulumi:pulumi:Stack` resource analyzed like any other,
 * as the engine does; a diagnostic at level `remediate` counted as mandatory.
 *
 * Here: start `jobs` pack processes, read the pack's policies and config, configure every process, then
 * the first pass over every resource (pool.ts), a second pass where a policy threw (retries.ts), and a
 * last pass for the policies that read secrets where the export carries plaintext (secretPass.ts).
 */

export interface AnalyzeOptions {
  readonly export: LoadedExport;
  readonly packDir: string;
  /** Parsed `--policy-config` file, with its name for messages. */
  readonly policyConfig?: { readonly file: string; readonly entries: Record<string, PolicyConfigEntry> };
  /** Pack processes to run (default 1). */
  readonly jobs?: number;
  /** Start-up and per-call timeout (default 120 s). */
  readonly timeoutMs?: number;
  /**
   * Requests in flight per pack process (default 64, faster than 16 on `npm run bench -- check`: more
   * calls share each HTTP/2 write and event-loop turn).
   */
  readonly inFlight?: number;
  /** Tells the pack this is a preview (`PULUMI_DRY_RUN`, `ConfigureStack.dryRun`); default false. */
  readonly dryRun?: boolean;
  /** Called as resources are answered in the first pass (the progress line). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface AnalyzeResult {
  readonly report: CheckReport;
  /** Every plaintext secret met in the export; output is scrubbed of them. */
  readonly secrets: SecretSet;
}

/** The deadline of each call when probing for the resource a silent pack is stuck on. */
const PROBE_TIMEOUT_MS = 10_000;

export async function analyzeExport(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const manifest = readPackManifest(opts.packDir);
  const label = path.relative(process.cwd(), manifest.dir) || ".";
  const jobs = Math.max(1, opts.jobs ?? 1);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const inFlight = Math.max(1, opts.inFlight ?? 64);
  const doc = opts.export;
  const dryRun = opts.dryRun ?? false;

  // The CLI hands the pack its stack and project this way (analyzer_plugin.go constructEnv).
  const env: Record<string, string> = {
    PULUMI_DRY_RUN: String(dryRun),
    PULUMI_NODEJS_DRY_RUN: String(dryRun),
  };
  if (doc.project) Object.assign(env, { PULUMI_PROJECT: doc.project, PULUMI_NODEJS_PROJECT: doc.project });
  if (doc.stack) Object.assign(env, { PULUMI_STACK: doc.stack, PULUMI_NODEJS_STACK: doc.stack });

  const starting = Array.from({ length: jobs }, () => PackProcess.start(manifest, { timeoutMs, env }));
  const settled = await Promise.allSettled(starting);
  const started = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    for (const p of started) p.kill();
    throw failed.reason;
  }
  const analyzers = started.map((p) => new Analyzer(p, timeoutMs));
  const secrets = new SecretSet();

  const fail = (err: unknown): never => {
    if (err instanceof PackFailure) {
      throw new UsageError(
        secrets.scrub(`policy pack ${label} ${err.message}; stopped it`.replace(/\s*\n\s*/g, " ")),
      );
    }
    throw err;
  };
  // A pack that fails while secret readers hold plaintext may have written it anywhere in its output.
  const failWithheld = (err: unknown): never => {
    if (err instanceof PackFailure) {
      throw new UsageError(
        `policy pack ${label} failed while its policies that read secrets ran (details withheld: they saw secret values); stopped it`,
      );
    }
    throw err;
  };

  try {
    const info = await analyzers[0]!.getAnalyzerInfo().catch(fail);
    const pack = readPackMeta(info, manifest.dir, manifest.version);
    const config = reconcilePolicyConfig(
      schemaInfo(info),
      initialConfig(info),
      opts.policyConfig?.entries ?? {},
      opts.policyConfig?.file ?? "",
      `${pack.name}@${pack.version}`,
    );
    const policies = pack.policies.map((p) => ({
      ...p,
      configuredLevel: config.get(p.name)?.enforcementLevel ?? p.enforcementLevel,
    }));
    const readers = readSecretReaders(
      manifest.dir,
      policies.map((p) => p.name),
      `${pack.name}@${pack.version}`,
    );

    const stackConfigure = stackConfigureRequest(doc, dryRun);
    await Promise.all(
      analyzers.map(async (a) => {
        await a.configure(configureRequest(config));
        await a.configureStack(stackConfigure);
      }),
    ).catch(fail);

    const requests = new Requests(doc, secrets);
    const descriptions = new Map(policies.map((p) => [p.name, p.description]));
    const levels = new Map(policies.map((p) => [p.name, p.configuredLevel]));
    const newFindings = (r: Requests) =>
      new Findings(
        pack,
        descriptions,
        (urn) => r.byUrn.get(urn)?.type ?? "",
        r.stackUrn,
        (urn) => r.secretPathsOf(urn),
        levels,
      );
    const findings = newFindings(requests);
    // The server runs only stack policies in AnalyzeStack; with none enabled the call can only return
    // nothing, and decoding a large stack is the most expensive single call a pack answers.
    const stackPolicies = policies.filter((p) => p.kind !== "resource" && p.configuredLevel !== "disabled");
    const retries = await firstPass(analyzers, {
      requests,
      findings,
      inFlight,
      onProgress: opts.onProgress,
      stackPack: stackPolicies.length > 0 ? analyzers[analyzers.length - 1] : undefined,
    }).catch(async (err: unknown) => {
      // A silent pack: name the resource it is stuck on, found by sending the unanswered calls again
      // one at a time to a fresh pack (probe.ts), rather than whichever call's deadline came first.
      if (err instanceof PackFailure && err.unanswered.length > 1) {
        for (const a of analyzers) a.pack.kill();
        const stuck = await findStuckResource({
          manifest,
          env,
          unanswered: err.unanswered,
          requests,
          configure: configureRequest(config),
          configureStack: stackConfigure,
          timeoutMs: Math.min(timeoutMs, PROBE_TIMEOUT_MS),
        });
        if (stuck)
          return fail(
            new PackFailure(
              `stopped answering: Analyze for ${stuck} never returns (found by sending the ${err.unanswered.length} unanswered calls again, one at a time, to a fresh pack)`,
            ),
          );
      }
      return fail(err);
    });
    await retryWithout(analyzers[0]!, retries, requests, findings, (disabled) =>
      configureRequest(config, disabled),
    ).catch(fail);
    const all = await secretPass(analyzers, findings.list, {
      doc,
      secrets,
      readers,
      policies,
      config,
      inFlight,
      newFindings,
    }).catch(failWithheld);

    const scrubbed = all.map((f) => ({ ...f, message: secrets.scrub(f.message) })).sort(compareFindings);
    return {
      report: {
        packs: [{ ...pack, policies }],
        resources: requests.subjects.length,
        findings: scrubbed,
        ...(doc.file ? { source: { file: doc.file, text: doc.text } } : {}),
      },
      secrets,
    };
  } finally {
    for (const a of analyzers) a.close();
  }
}
