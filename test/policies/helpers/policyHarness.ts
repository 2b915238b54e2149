import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { isDeepStrictEqual } from "node:util";
import type { Policy } from "../../../policy-pack/lib/policy";

// The policy SDK's proxy internals, through the pack's one door to them (contract-tested there).
import {
  unknownCheckingProxy,
  UNKNOWN_VALUES,
  UnknownValueError,
} from "../../../policy-pack/lib/sdk/policyInternals";

/**
 * Calls a policy the way `@pulumi/policy`'s analyzer server does (server.js `analyze`): props wrapped in
 * the unknown-checking proxy, `notApplicable` and `stackTags` present, `getConfig` returning the pack
 * config for that policy, an unknown value read turning into an advisory "can't run during preview".
 * End-to-end runs through the real server are in test/cli (rampart check).
 */

/** The SDK's sentinels for values unknown during preview. */
export const UNKNOWN = {
  string: UNKNOWN_VALUES.string,
  number: UNKNOWN_VALUES.number,
  boolean: UNKNOWN_VALUES.boolean,
  array: UNKNOWN_VALUES.array,
  object: UNKNOWN_VALUES.object,
} as const;

export interface Outcome {
  /** Violation messages reported. */
  readonly violations: string[];
  /** Set when the policy read a value unknown during preview (the server reports an advisory note). */
  readonly unknownRead?: string;
  /** Set when the policy declared itself not applicable. */
  readonly notApplicable?: string;
}

export interface ResourceUnderTest {
  readonly type: string;
  readonly props: Record<string, any>;
  readonly name?: string;
  readonly urn?: string;
  readonly protect?: boolean;
}

class NotApplicable extends Error {
  constructor(readonly reason?: string) {
    super(reason);
  }
}

function isResourcePolicy(p: Policy): p is ResourceValidationPolicy {
  return "validateResource" in p;
}

export async function validate(
  policy: Policy,
  resource: ResourceUnderTest,
  config: Record<string, any> = {},
): Promise<Outcome> {
  if (!isResourcePolicy(policy) || !policy.validateResource)
    throw new Error(`${policy.name} is not a resource policy`);
  const name = resource.name ?? "subject";
  const urn = resource.urn ?? `urn:pulumi:test::rampart::${resource.type}::${name}`;
  const target = structuredClone(resource.props);
  const before = structuredClone(resource.props);
  const props = unknownCheckingProxy<Record<string, any>>(target);
  const violations: string[] = [];
  const args: ResourceValidationArgs = {
    type: resource.type,
    props,
    urn,
    name,
    opts: {
      protect: resource.protect ?? false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : [policy.validateResource];
  try {
    for (const v of validations)
      await Promise.resolve(v(args, (message: string) => violations.push(message)));
  } catch (err) {
    if (err instanceof UnknownValueError) return { violations, unknownRead: err.message };
    if (err instanceof NotApplicable) return { violations, notApplicable: err.reason };
    throw err;
  } finally {
    assertUnmutated(policy, [target], [before]);
  }
  return { violations };
}

/** Validates one resource and returns only the violation messages. */
export async function violations(
  policy: Policy,
  type: string,
  props: Record<string, any>,
  config?: Record<string, any>,
) {
  return (await validate(policy, { type, props }, config)).violations;
}

export interface StackResourceUnderTest extends ResourceUnderTest {
  readonly parentUrn?: string;
  readonly dependencyUrns?: string[];
}

/** Runs a stack policy over resources, wiring parents and dependencies by URN as the server does. */
export async function validateStack(
  policy: Policy,
  resources: StackResourceUnderTest[],
  config: Record<string, any> = {},
): Promise<{ message: string; urn?: string }[]> {
  const sp = policy as StackValidationPolicy;
  if (!sp.validateStack) throw new Error(`${policy.name} is not a stack policy`);
  const byUrn = new Map<string, PolicyResource>();
  const targets = resources.map((r) => structuredClone(r.props));
  const befores = resources.map((r) => structuredClone(r.props));
  const list: PolicyResource[] = resources.map((r, i) => {
    const name = r.name ?? "subject";
    const urn = r.urn ?? `urn:pulumi:test::rampart::${r.type}::${name}`;
    const pr = {
      type: r.type,
      props: unknownCheckingProxy(targets[i]),
      urn,
      name,
      opts: {
        protect: r.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: {},
        additionalSecretOutputs: [],
      },
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource;
    byUrn.set(urn, pr);
    return pr;
  });
  resources.forEach((r, i) => {
    const pr = list[i] as any;
    if (r.parentUrn) pr.parent = byUrn.get(r.parentUrn);
    pr.dependencies = (r.dependencyUrns ?? []).map((u) => byUrn.get(u)).filter(Boolean);
  });
  const out: { message: string; urn?: string }[] = [];
  try {
    await Promise.resolve(
      sp.validateStack(
        {
          resources: list,
          stackTags: new Map(),
          getConfig: <T extends object>() => config as T,
          notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
          },
        },
        (message: string, urn?: string) => out.push({ message, urn }),
      ),
    );
  } finally {
    assertUnmutated(policy, targets, befores);
  }
  return out;
}

/**
 * Policies must only read what they are given: the pack decodes each request once and shares the data
 * between policies (policy-pack/lib/decodeOnce.ts), so a policy that wrote to `props` would change what
 * the next policy sees. Every policy test goes through here, the property-based one included.
 */
function assertUnmutated(policy: Policy, seen: unknown[], given: unknown[]): void {
  seen.forEach((after, i) => {
    if (!isDeepStrictEqual(after, given[i]))
      throw new Error(`${policy.name} mutated the resource properties it was given`);
  });
}
