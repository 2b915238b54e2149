import type {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { UNKNOWN_VALUES, UnknownValueError } from "./sdk/policyInternals";
import { plain, type UnseenRead, withUnseenReads } from "./values";

/**
 * The shape every Rampart policy takes: a pure `check` over a resource's type and properties that
 * returns the violation messages, wrapped once here into a CrossGuard `ResourceValidationPolicy`.
 *
 * Policies match on `args.type` strings rather than `validateResourceOfType(Class)`: custom resources
 * (Istio, Helm values, any CRD) have no class, and not importing the provider SDKs keeps the pack's
 * start-up fast. `props` arrive wrapped in the policy SDK's unknown-checking proxy during preview:
 * reading an unknown value throws and the server turns the policy into an advisory note, so checks test
 * presence (`"key" in props`) where that is all they need.
 */

export type Props = Record<string, any>;

export interface CheckContext {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** The policy's config (from `--policy-pack-config`), over the defaults of its `configSchema`. */
  readonly config: Record<string, any>;
  readonly args: ResourceValidationArgs;
}

/** A violation message, or several; nothing (or an empty list) means compliant. */
export type CheckResult = string | readonly string[] | undefined | void;

/**
 * What every policy documents beside its check: the public catalog checks it implements and how to fix
 * what it finds. Both end up in the description CrossGuard shows (see {@link describe}) and in
 * docs/policies.md.
 */
export interface PolicyDocs {
  /** `<provider>-<service>-<resource>-<verb>-<what>`, e.g. `aws-kms-key-require-rotation`. */
  readonly name: string;
  /** What the policy prevents and why it matters ("X must Y: reason"). */
  readonly description: string;
  /**
   * The catalog checks it implements, at least one, each in a format of lib/catalog.ts
   * (`CKV_AWS_79`, `AVD-AWS-0028`, `CIS AWS 5.6`, `FSBP EC2.8`, `PSS restricted: Capabilities`, ...).
   */
  readonly catalog?: readonly string[];
  /** How to fix a violation: one imperative sentence naming the property and the value to set. */
  readonly remediation?: string;
}

/** Each policy's own docs (the spec's description, catalog and remediation), for docs and tests. */
const recordedDocs = new WeakMap<object, PolicyDocs>();

export function policyDocs(policy: Policy): PolicyDocs | undefined {
  return recordedDocs.get(policy);
}

/** The description CrossGuard carries: the spec's, then its remediation and catalog references. */
export function describe(docs: PolicyDocs): string {
  const parts = [docs.description.trim()];
  if (docs.remediation) parts.push(`Remediation: ${docs.remediation.trim()}`);
  if (docs.catalog?.length) parts.push(`Catalog: ${docs.catalog.join(", ")}.`);
  return parts.join(" ");
}

export interface ResourcePolicySpec extends PolicyDocs {
  readonly enforcementLevel?: EnforcementLevel;
  /** The resource types it inspects (exact type tokens), or a predicate over the type. */
  readonly types: readonly string[] | ((type: string) => boolean);
  readonly configSchema?: PolicyConfigSchema;
  readonly check: (props: Props, ctx: CheckContext) => CheckResult;
}

/** Defaults declared in a config schema, for keys the pack's config does not set. */
export function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
    const d = (prop as { default?: unknown }).default;
    if (d !== undefined) out[key] = d;
  }
  return out;
}

/**
 * The resource types each policy inspects, recorded by `resourcePolicy` and `stackPolicy` so tests (the
 * property-based no-throw test) can feed every policy its own types without each policy exporting them.
 */
const recordedTypes = new WeakMap<object, readonly string[] | ((type: string) => boolean)>();

/** The types a policy built by `resourcePolicy`/`stackPolicy` inspects (a list, or a predicate). */
export function policyTypes(policy: Policy): readonly string[] | ((type: string) => boolean) | undefined {
  return recordedTypes.get(policy);
}

export function resourcePolicy(spec: ResourcePolicySpec): ResourceValidationPolicy {
  // Every policy sees every resource, so the type test runs ~90 times per resource: a Set lookup.
  const typeSet = typeof spec.types === "function" ? undefined : new Set(spec.types);
  const matches = typeSet ? (t: string) => typeSet.has(t) : (spec.types as (type: string) => boolean);
  const defaults = schemaDefaults(spec.configSchema);
  const policy: ResourceValidationPolicy = {
    name: spec.name,
    description: describe(spec),
    enforcementLevel: spec.enforcementLevel ?? "mandatory",
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
    validateResource: (args, reportViolation) => {
      if (!matches(args.type)) return;
      const config = { ...defaults, ...args.getConfig<Record<string, any>>() };
      const { result, unseen } = withUnseenReads(() =>
        spec.check(args.props, {
          type: args.type,
          name: args.name,
          urn: args.urn,
          config,
          args,
        }),
      );
      const messages = result === undefined ? [] : typeof result === "string" ? [result] : result;
      for (const m of messages) reportViolation(m);
      // Nothing found, but a value it read through `at` was unknown (a preview value, or a secret
      // `rampart check` cannot show): not a pass. The SDK's unknown-value error makes the server report
      // the resource as not inspectable by this policy, naming the first such property.
      if (messages.length === 0 && unseen.length > 0) throw unseenError(args.props, unseen[0]!);
    },
  };
  recordedTypes.set(policy, spec.types);
  recordedDocs.set(policy, {
    name: spec.name,
    description: spec.description,
    catalog: spec.catalog,
    remediation: spec.remediation,
  });
  // Deliberately no `__pulumiType` on validateResource (what validateResourceOfType sets): with it the
  // policy server skips other types without calling us, but answers each skip with a PolicyNotApplicable
  // entry per skipped policy that both sides must encode and decode, which costs more than the type test
  // above (figures: README, Benchmarks).
  return policy;
}

/** The SDK's unknown-value error for an unknown value `at` met, named by its path from the props. */
function unseenError(props: Props, read: UnseenRead): Error {
  const base = pathTo(plain(props), read.root) ?? [];
  // Always the string sentinel: the note names the property, and `rampart check` words it without the type.
  return new UnknownValueError(UNKNOWN_VALUES.string, [...base, ...read.path.map(String)]);
}

/** The path of `target` under `root` (object identity), or undefined; walks at most a few thousand nodes. */
function pathTo(root: unknown, target: unknown): string[] | undefined {
  if (root === target) return [];
  const stack: [unknown, string[]][] = [[root, []]];
  for (let seen = 0; stack.length > 0 && seen < 5000; seen++) {
    const [node, path] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (v === target) return [...path, k];
      if (v !== null && typeof v === "object") stack.push([v, [...path, k]]);
    }
  }
  return undefined;
}

export type Policy = ResourceValidationPolicy | StackValidationPolicy;

/** A stack policy's finding: the message and the resource it is about. */
export interface StackViolation {
  readonly urn?: string;
  readonly message: string;
}

export interface StackCheckContext {
  /** The policy's config (from `--policy-pack-config`), over the defaults of its `configSchema`. */
  readonly config: Record<string, any>;
  readonly args: StackValidationArgs;
  /** The stack's resources of the given types, in order. */
  ofType(...types: string[]): PolicyResource[];
}

export interface StackPolicySpec extends PolicyDocs {
  readonly enforcementLevel?: EnforcementLevel;
  /** The resource types it reads (documentation, and the property-based test's input). */
  readonly types: readonly string[];
  readonly configSchema?: PolicyConfigSchema;
  /**
   * Pure over the stack's resources. A stack policy sees many resources, so it must read values that
   * may be unknown through `seen()` (lib/unknown.ts) and skip what it cannot see, rather than let one
   * unknown value silence it for the whole stack.
   */
  readonly check: (resources: readonly PolicyResource[], ctx: StackCheckContext) => readonly StackViolation[];
}

/** Wraps a pure stack check into a CrossGuard `StackValidationPolicy` (the counterpart of `resourcePolicy`). */
export function stackPolicy(spec: StackPolicySpec): StackValidationPolicy {
  const defaults = schemaDefaults(spec.configSchema);
  const policy: StackValidationPolicy = {
    name: spec.name,
    description: describe(spec),
    enforcementLevel: spec.enforcementLevel ?? "mandatory",
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
    validateStack: (args, reportViolation) => {
      const config = { ...defaults, ...args.getConfig<Record<string, any>>() };
      const ofType = (...types: string[]) => args.resources.filter((r) => types.includes(r.type));
      for (const v of spec.check(args.resources, { config, args, ofType })) reportViolation(v.message, v.urn);
    },
  };
  recordedTypes.set(policy, spec.types);
  recordedDocs.set(policy, {
    name: spec.name,
    description: spec.description,
    catalog: spec.catalog,
    remediation: spec.remediation,
  });
  return policy;
}
