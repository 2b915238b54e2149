import * as path from "node:path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { UsageError } from "../errors";
import { analyzerPb as pb } from "../sdk/pulumiInternals";
import { Analyzer, CallError, PackFailure } from "./client";
import type { LoadedExport, StateResource } from "./exportDoc";
import { type CheckReport, compareFindings, type Finding, type PackMeta, type PolicyMeta } from "./model";
import { PackProcess, readPackManifest } from "./packProcess";
import {
  type EnforcementLevel,
  type PolicyConfigEntry,
  reconcilePolicyConfig,
  type ResolvedPolicyConfig,
} from "./policyConfig";
import { marshalProperties, SecretSet } from "./properties";
import { stackRequestBytes, withProperties } from "./wire";

/**
 * Drives one policy pack over a stack's resources with the engine's semantics for checking existing
 * state (pkg/resource/deploy/analyze_snapshot.go `AnalyzeSnapshot`, behind `pulumi policy analyze`):
 *
 * - `Analyze` once per resource with its *inputs*, its options, and its provider reference resolved to
 *   that provider resource (URN, type, name, inputs) (`stateToAnalyzerResource`, `setAnalyzerResourceProvider`);
 * - `AnalyzeStack` once with every resource's *outputs*, parent, dependencies and property dependencies;
 * - pending deletions (`delete: true`) are skipped. Provider resources (`pulumi:providers:*`) are skipped
 *   too, as our design requires; the engine itself analyzes them (they are only looked up as providers
 *   here). The root `pulumi:pulumi:Stack` resource is analyzed like any other, as the engine does;
 * - a diagnostic at level `remediate` counts as mandatory.
 *
 * Requests go to `jobs` pack processes with a bounded number in flight on each. A policy that throws
 * makes the pack fail the whole call (@pulumi/policy server.js); that becomes an error finding naming the
 * policy and the resource, and the resource is analyzed again with that policy disabled so that the
 * other policies' verdicts still count.
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
   * Requests in flight per pack process (default 64: on a 10,000-resource check, 64 beat 16 in 4 of 5
   * alternating runs, 6.5 vs 7.3 s median, as more calls share each HTTP/2 write and event-loop turn).
   */
  readonly inFlight?: number;
  /** Tells the pack this is a preview (`PULUMI_DRY_RUN`, `ConfigureStack.dryRun`); default false. */
  readonly dryRun?: boolean;
}

export interface AnalyzeResult {
  readonly report: CheckReport;
  /** Every plaintext secret met in the export; output is scrubbed of them. */
  readonly secrets: SecretSet;
}

const LEVEL_FROM_PB: Record<number, EnforcementLevel> = {
  [pb.EnforcementLevel.ADVISORY]: "advisory",
  [pb.EnforcementLevel.MANDATORY]: "mandatory",
  [pb.EnforcementLevel.DISABLED]: "disabled",
  [pb.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_TO_PB: Record<EnforcementLevel, pb.EnforcementLevel> = {
  advisory: pb.EnforcementLevel.ADVISORY,
  mandatory: pb.EnforcementLevel.MANDATORY,
  disabled: pb.EnforcementLevel.DISABLED,
  remediate: pb.EnforcementLevel.REMEDIATE,
};
const SEVERITY: Record<number, PolicyMeta["severity"]> = {
  [pb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [pb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [pb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [pb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

const isProviderType = (type: string) => type.startsWith("pulumi:providers:");

/** `urn::id` → urn (`providers.ParseReference` splits at the last `::`). */
function providerUrn(ref: string): string {
  const i = ref.lastIndexOf("::");
  return i < 0 ? ref : ref.slice(0, i);
}

/** The message @pulumi/policy's server fails a call with when a policy throws. */
const POLICY_THREW =
  /^Error validating resource with policy '([^']+)' from policy pack '[^']*':\s*([\s\S]*)$/;

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? ""
  );
}

function resourceOptions(r: StateResource): pb.AnalyzerResourceOptions {
  const opts = new pb.AnalyzerResourceOptions();
  opts.setProtect(r.protect);
  opts.setIgnorechangesList(r.ignoreChanges);
  if (r.deleteBeforeReplace !== undefined) {
    opts.setDeletebeforereplace(r.deleteBeforeReplace);
    opts.setDeletebeforereplacedefined(true);
  }
  opts.setAdditionalsecretoutputsList(r.additionalSecretOutputs);
  opts.setAliasesList(r.aliases);
  const ct = new pb.AnalyzerResourceOptions.CustomTimeouts();
  ct.setCreate(r.customTimeouts.create);
  ct.setUpdate(r.customTimeouts.update);
  ct.setDelete(r.customTimeouts.delete);
  opts.setCustomtimeouts(ct);
  if (r.parent) opts.setParent(r.parent);
  return opts;
}

function readPackMeta(info: pb.AnalyzerInfo, dir: string, version: string | undefined): PackMeta {
  const policies: PolicyMeta[] = info.getPoliciesList().map((p) => {
    const type = p.getPolicyType();
    const level = LEVEL_FROM_PB[p.getEnforcementlevel()] ?? "advisory";
    return {
      name: p.getName(),
      ...(p.getDisplayname() ? { displayName: p.getDisplayname() } : {}),
      description: p.getDescription(),
      enforcementLevel: level,
      configuredLevel: level,
      kind:
        type === pb.PolicyType.POLICY_TYPE_RESOURCE
          ? "resource"
          : type === pb.PolicyType.POLICY_TYPE_STACK
            ? "stack"
            : "unknown",
      ...(SEVERITY[p.getSeverity()] ? { severity: SEVERITY[p.getSeverity()] } : {}),
      ...(p.getUrl() ? { url: p.getUrl() } : {}),
    };
  });
  // The CLI prefers PulumiPolicy.yaml's version over the pack's (analyzer_plugin.go GetAnalyzerInfo).
  return { name: info.getName(), version: version ?? info.getVersion(), dir, policies };
}

function schemaInfo(info: pb.AnalyzerInfo) {
  return info.getPoliciesList().map((p) => {
    const schema = p.getConfigschema();
    return {
      name: p.getName(),
      enforcementLevel: LEVEL_FROM_PB[p.getEnforcementlevel()] ?? "advisory",
      ...(schema
        ? {
            configSchema: {
              properties: schema.getProperties()?.toJavaScript() ?? {},
              required: schema.getRequiredList(),
            },
          }
        : {}),
    };
  });
}

function initialConfig(info: pb.AnalyzerInfo): Record<string, PolicyConfigEntry> {
  const out: Record<string, PolicyConfigEntry> = {};
  info.getInitialconfigMap().forEach((v: pb.PolicyConfig, k: string) => {
    // As the CLI reads it: proto3 cannot tell an unset level from ADVISORY (0).
    out[k] = {
      enforcementLevel: LEVEL_FROM_PB[v.getEnforcementlevel()] ?? "advisory",
      properties: v.getProperties()?.toJavaScript() ?? {},
    };
  });
  return out;
}

function configureRequest(
  config: Map<string, ResolvedPolicyConfig>,
  disabled: ReadonlySet<string> = new Set(),
): pb.ConfigureAnalyzerRequest {
  const req = new pb.ConfigureAnalyzerRequest();
  const map = req.getPolicyconfigMap();
  for (const [name, c] of config) {
    const pc = new pb.PolicyConfig();
    pc.setEnforcementlevel(LEVEL_TO_PB[disabled.has(name) ? "disabled" : c.enforcementLevel]);
    // Always set: the policy server reads `getProperties().toJavaScript()` unguarded.
    pc.setProperties(Struct.fromJavaScript(c.properties as Parameters<typeof Struct.fromJavaScript>[0]));
    map.set(name, pc);
  }
  return req;
}

type JsonObject = Parameters<typeof Struct.fromJavaScript>[0];

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

  try {
    const info = await analyzers[0]!.getAnalyzerInfo().catch(fail);
    const pack = readPackMeta(info, manifest.dir, manifest.version);
    const packLabel = `${pack.name}@${pack.version}`;
    const config = reconcilePolicyConfig(
      schemaInfo(info),
      initialConfig(info),
      opts.policyConfig?.entries ?? {},
      opts.policyConfig?.file ?? "",
      packLabel,
    );
    const policies = pack.policies.map((p) => ({
      ...p,
      configuredLevel: config.get(p.name)?.enforcementLevel ?? p.enforcementLevel,
    }));
    const descriptions = new Map(policies.map((p) => [p.name, p.description]));

    const stackConfigure = new pb.AnalyzerStackConfigureRequest();
    if (doc.stack) stackConfigure.setStack(doc.stack);
    if (doc.project) stackConfigure.setProject(doc.project);
    stackConfigure.setDryRun(dryRun);
    await Promise.all(
      analyzers.map(async (a) => {
        await a.configure(configureRequest(config));
        await a.configureStack(stackConfigure);
      }),
    ).catch(fail);

    // --- requests -----------------------------------------------------------------------------
    const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
    const live = doc.resources.filter((r) => !r.delete);
    const subjects = live.filter((r) => !isProviderType(r.type));
    const stackUrn = doc.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";

    const providerCache = new Map<string, pb.AnalyzerProviderResource | null>();
    const providerOf = (r: StateResource): pb.AnalyzerProviderResource | undefined => {
      if (!r.provider) return undefined;
      const urn = providerUrn(r.provider);
      if (!providerCache.has(urn)) {
        const p = byUrn.get(urn);
        let msg: pb.AnalyzerProviderResource | null = null;
        if (p && isProviderType(p.type)) {
          msg = new pb.AnalyzerProviderResource();
          msg.setUrn(p.urn);
          msg.setType(p.type);
          msg.setName(p.name);
          msg.setProperties(Struct.fromJavaScript(marshalProperties(p.inputs, secrets) as JsonObject));
        }
        providerCache.set(urn, msg);
      }
      return providerCache.get(urn) ?? undefined;
    };
    const analyzeRequest = (r: StateResource): Uint8Array => {
      const req = new pb.AnalyzeRequest();
      req.setUrn(r.urn);
      req.setType(r.type);
      req.setName(r.name);
      req.setOptions(resourceOptions(r));
      const provider = providerOf(r);
      if (provider) req.setProvider(provider);
      return withProperties(req, marshalProperties(r.inputs, secrets));
    };
    const stackResource = (r: StateResource): Uint8Array => {
      const ar = new pb.AnalyzerResource();
      ar.setUrn(r.urn);
      ar.setType(r.type);
      ar.setName(r.name);
      ar.setOptions(resourceOptions(r));
      const provider = providerOf(r);
      if (provider) ar.setProvider(provider);
      if (r.parent) ar.setParent(r.parent);
      ar.setDependenciesList(r.dependencies);
      const deps = ar.getPropertydependenciesMap();
      for (const [k, urns] of Object.entries(r.propertyDependencies)) {
        if (urns.length === 0) continue;
        const pd = new pb.AnalyzerPropertyDependencies();
        pd.setUrnsList(urns);
        deps.set(k, pd);
      }
      return withProperties(ar, marshalProperties(r.outputs, secrets));
    };
    const stackRequest = (): Uint8Array => stackRequestBytes(subjects.map(stackResource));

    // --- responses ----------------------------------------------------------------------------
    const findings: Finding[] = [];
    const typeOf = (urn: string) => byUrn.get(urn)?.type ?? "";
    const toFindings = (diagnostics: readonly pb.AnalyzeDiagnostic[], subjectUrn: string | undefined) => {
      for (const d of diagnostics) {
        const level = LEVEL_FROM_PB[d.getEnforcementlevel()];
        if (level === "disabled" || level === undefined) continue;
        // For Analyze the engine always reports against the analyzed resource; for AnalyzeStack, the
        // URN the policy named, else the stack.
        const urn = subjectUrn ?? (d.getUrn() || stackUrn);
        const description = d.getDescription() || descriptions.get(d.getPolicyname()) || "";
        let message = d.getMessage();
        if (description && message.startsWith(`${description}\n`))
          message = message.slice(description.length + 1);
        findings.push({
          kind: "violation",
          policyPack: d.getPolicypackname() || pack.name,
          policyPackVersion: pack.version,
          policy: d.getPolicyname(),
          enforcementLevel: level === "advisory" ? "advisory" : "mandatory",
          urn,
          type: typeOf(urn),
          message: message.trim() || description,
        });
      }
    };
    /** Records a failed call; returns the policy that threw, if the failure was one. */
    const toError = (err: CallError, urn: string): string | undefined => {
      const m = POLICY_THREW.exec(err.details);
      const policy = m ? m[1]! : "(analysis)";
      const cause = firstLine(m ? m[2]! : err.details);
      findings.push({
        kind: "error",
        policyPack: pack.name,
        policyPackVersion: pack.version,
        policy,
        enforcementLevel: "mandatory",
        urn,
        type: typeOf(urn),
        message: m
          ? `policy threw an error instead of checking this resource: ${cause}`
          : `the policy pack could not analyze this resource: ${cause}`,
      });
      return m ? policy : undefined;
    };

    // --- first pass ---------------------------------------------------------------------------
    const retries = new Map<string, Set<string>>(); // urn ("" = the stack call) -> policies that threw
    let next = 0;
    let aborted = false;
    const worker = async (a: Analyzer) => {
      while (!aborted && next < subjects.length) {
        const r = subjects[next++]!;
        try {
          toFindings(await a.analyze(analyzeRequest(r), r.urn), r.urn);
        } catch (err) {
          if (!(err instanceof CallError)) {
            aborted = true;
            throw err;
          }
          const threw = toError(err, r.urn);
          if (threw) retries.set(r.urn, new Set([threw]));
        }
      }
    };
    const stackTask = async (a: Analyzer) => {
      try {
        toFindings(await a.analyzeStack(stackRequest()), undefined);
      } catch (err) {
        if (!(err instanceof CallError)) {
          aborted = true;
          throw err;
        }
        const threw = toError(err, stackUrn);
        if (threw) retries.set("", new Set([threw]));
      }
    };
    // The server runs only stack policies in AnalyzeStack; with none enabled the call can only return
    // nothing, and decoding a large stack costs the pack seconds.
    const stackPolicies = policies.filter((p) => p.kind !== "resource" && p.configuredLevel !== "disabled");
    const stackPack = stackPolicies.length > 0 ? analyzers[analyzers.length - 1] : undefined;
    // The stack call goes first on its pack, which joins the Analyze calls once it has answered. Sent
    // alongside them, its large request trickles in under HTTP/2 flow control while the pack serves small
    // calls, and the pack then decodes it at the end of the run, alone, with the other cores idle.
    await Promise.all(
      analyzers.map(async (a) => {
        if (a === stackPack) await stackTask(a);
        await Promise.all(Array.from({ length: inFlight }, () => worker(a)));
      }),
    ).catch(fail);

    // --- second pass: the other policies' verdicts on resources where one threw ----------------
    const a0 = analyzers[0]!;
    const signature = (s: ReadonlySet<string>) => [...s].sort().join("\n");
    while (retries.size > 0) {
      const disabled = retries.values().next().value as Set<string>;
      const group = [...retries.keys()].filter((k) => signature(retries.get(k)!) === signature(disabled));
      for (const k of group) retries.delete(k);
      await a0.configure(configureRequest(config, disabled)).catch(fail);
      for (const urn of group) {
        try {
          if (urn === "") toFindings(await a0.analyzeStack(stackRequest()), undefined);
          else toFindings(await a0.analyze(analyzeRequest(byUrn.get(urn)!), urn), urn);
        } catch (err) {
          if (!(err instanceof CallError)) fail(err);
          const threw = toError(err as CallError, urn === "" ? stackUrn : urn);
          // Each round disables one more policy, so this ends.
          if (threw && !disabled.has(threw)) retries.set(urn, new Set([...disabled, threw]));
        }
      }
    }

    const scrubbed = findings.map((f) => ({ ...f, message: secrets.scrub(f.message) })).sort(compareFindings);
    return {
      report: {
        packs: [{ ...pack, policies }],
        resources: subjects.length,
        findings: scrubbed,
        ...(doc.file ? { source: { file: doc.file, text: doc.text } } : {}),
      },
      secrets,
    };
  } finally {
    for (const a of analyzers) a.close();
  }
}
