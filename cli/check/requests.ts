import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { analyzerPb as pb } from "../sdk/pulumiInternals";
import type { LoadedExport, StateResource } from "./exportDoc";
import { LEVEL_TO_PB } from "./packInfo";
import type { ResolvedPolicyConfig } from "./policyConfig";
import { holdsPlaintextSecret, marshalProperties, type SecretSet, secretPaths } from "./properties";
import { stackRequestBytes, withProperties } from "./wire";

/**
 * The requests `rampart check` sends a pack, built from the export as the engine builds them for
 * `pulumi policy analyze` (pkg/resource/deploy/analyze_snapshot.go; `stateToAnalyzerResource`,
 * `setAnalyzerResourceProvider`): `Analyze` with a resource's *inputs*, its options and its provider
 * resolved to that provider resource (URN, type, name, inputs); `AnalyzeStack` with every resource's
 * *outputs*, parent, dependencies and property dependencies. Pending deletions (`delete: true`) and
 * provider resources (`pulumi:providers:*`) are not analyzed; providers are only looked up.
 */

type JsonObject = Parameters<typeof Struct.fromJavaScript>[0];

export const isProviderType = (type: string) => type.startsWith("pulumi:providers:");

/** `urn::id` → urn (`providers.ParseReference` splits at the last `::`). */
function providerUrn(ref: string): string {
  const i = ref.lastIndexOf("::");
  return i < 0 ? ref : ref.slice(0, i);
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

/** `Configure`: every policy's level and properties, with `disabled` policies turned off. */
export function configureRequest(
  config: Map<string, ResolvedPolicyConfig>,
  disabled: ReadonlySet<string> = new Set(),
): pb.ConfigureAnalyzerRequest {
  const req = new pb.ConfigureAnalyzerRequest();
  const map = req.getPolicyconfigMap();
  for (const [name, c] of config) {
    const pc = new pb.PolicyConfig();
    pc.setEnforcementlevel(LEVEL_TO_PB[disabled.has(name) ? "disabled" : c.enforcementLevel]);
    // Always set: the policy server reads `getProperties().toJavaScript()` unguarded.
    pc.setProperties(Struct.fromJavaScript(c.properties as JsonObject));
    map.set(name, pc);
  }
  return req;
}

/** `ConfigureStack`: the stack and project the resources come from, and whether this is a preview. */
export function stackConfigureRequest(doc: LoadedExport, dryRun: boolean): pb.AnalyzerStackConfigureRequest {
  const req = new pb.AnalyzerStackConfigureRequest();
  if (doc.stack) req.setStack(doc.stack);
  if (doc.project) req.setProject(doc.project);
  req.setDryRun(dryRun);
  return req;
}

/** The `Analyze` and `AnalyzeStack` requests for one export, encoded (wire.ts). */
export class Requests {
  readonly byUrn: ReadonlyMap<string, StateResource>;
  /** The resources analyzed: neither pending deletions nor providers. */
  readonly subjects: readonly StateResource[];
  /** The root stack's URN ("" when the export has none). */
  readonly stackUrn: string;
  private readonly providers = new Map<string, pb.AnalyzerProviderResource | null>();

  constructor(
    doc: LoadedExport,
    /** Collects the plaintext secrets met while marshalling. */
    private readonly secrets: SecretSet,
    /** Send secrets' plaintext (for the policies that read secrets) instead of unknown values. */
    private readonly reveal = false,
  ) {
    this.byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
    this.subjects = doc.resources.filter((r) => !r.delete && !isProviderType(r.type));
    this.stackUrn = doc.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "";
  }

  /** An encoded AnalyzeRequest for `r`. */
  analyze(r: StateResource): Uint8Array {
    const req = this.envelope(new pb.AnalyzeRequest(), r);
    return withProperties(req, marshalProperties(r.inputs, this.secrets, this.reveal));
  }

  /** Whether `r`'s Analyze request would carry a secret's plaintext (in its inputs or its provider's). */
  holdsSecret(r: StateResource): boolean {
    const p = r.provider ? this.byUrn.get(providerUrn(r.provider)) : undefined;
    return (
      holdsPlaintextSecret(r.inputs) ||
      (p !== undefined && isProviderType(p.type) && holdsPlaintextSecret(p.inputs))
    );
  }

  /**
   * The paths of the secrets `urn`'s Analyze request sends as unknown values, in its inputs and in its
   * provider's (a policy reads those as `args.provider.props`): all of them, or with `reveal` those the
   * export holds only as ciphertext.
   */
  secretPathsOf(urn: string): readonly string[] {
    const r = this.byUrn.get(urn);
    if (!r) return [];
    let paths = this.paths.get(urn);
    if (!paths) {
      const which = this.reveal ? false : undefined;
      const p = r.provider ? this.byUrn.get(providerUrn(r.provider)) : undefined;
      paths = [
        ...secretPaths(r.inputs, which),
        ...(p !== undefined && isProviderType(p.type) ? secretPaths(p.inputs, which) : []),
      ];
      this.paths.set(urn, paths);
    }
    return paths;
  }

  private readonly paths = new Map<string, readonly string[]>();

  /** Whether the AnalyzeStack request would carry a secret's plaintext (in any subject's outputs). */
  stackHoldsSecret(): boolean {
    return this.subjects.some((r) => holdsPlaintextSecret(r.outputs));
  }

  /** An encoded AnalyzeStackRequest for every subject. */
  stack(): Uint8Array {
    return stackRequestBytes(this.subjects.map((r) => this.stackResource(r)));
  }

  private stackResource(r: StateResource): Uint8Array {
    const ar = this.envelope(new pb.AnalyzerResource(), r);
    if (r.parent) ar.setParent(r.parent);
    ar.setDependenciesList(r.dependencies);
    const deps = ar.getPropertydependenciesMap();
    for (const [k, urns] of Object.entries(r.propertyDependencies)) {
      if (urns.length === 0) continue;
      const pd = new pb.AnalyzerPropertyDependencies();
      pd.setUrnsList(urns);
      deps.set(k, pd);
    }
    return withProperties(ar, marshalProperties(r.outputs, this.secrets, this.reveal));
  }

  /** What AnalyzeRequest and AnalyzerResource both carry: URN, type, name, options and provider. */
  private envelope<M extends pb.AnalyzeRequest | pb.AnalyzerResource>(msg: M, r: StateResource): M {
    msg.setUrn(r.urn);
    msg.setType(r.type);
    msg.setName(r.name);
    msg.setOptions(resourceOptions(r));
    const provider = this.providerOf(r);
    if (provider) msg.setProvider(provider);
    return msg;
  }

  /** The provider resource `r` names, built once per provider. */
  private providerOf(r: StateResource): pb.AnalyzerProviderResource | undefined {
    if (!r.provider) return undefined;
    const urn = providerUrn(r.provider);
    if (!this.providers.has(urn)) {
      const p = this.byUrn.get(urn);
      let msg: pb.AnalyzerProviderResource | null = null;
      if (p && isProviderType(p.type)) {
        msg = new pb.AnalyzerProviderResource();
        msg.setUrn(p.urn);
        msg.setType(p.type);
        msg.setName(p.name);
        msg.setProperties(
          Struct.fromJavaScript(marshalProperties(p.inputs, this.secrets, this.reveal) as JsonObject),
        );
      }
      this.providers.set(urn, msg);
    }
    return this.providers.get(urn) ?? undefined;
  }
}
