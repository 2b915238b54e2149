/** The shape of the coverage comparison's flaws (bench/coverage/aws.ts, kubernetes.ts). */

/** One resource of a fixture, as `@pulumi/aws` / `@pulumi/kubernetes` take it. */
export interface Res {
  /** Its part in the fixture ("bucket", "sse", "rule"...); the URN's name is `<flaw>.<role>`. */
  readonly role: string;
  readonly type: string;
  /** The physical ID other resources of the fixture refer to it by; `<flaw>-<role>` when not given. */
  readonly id?: string;
  /** Its ARN in the outputs, for a resource others refer to by ARN. */
  readonly arn?: string;
  readonly inputs: Record<string, unknown>;
}

export interface Flaw {
  /** Unique, kebab-case; names the fixture's resources. */
  readonly id: string;
  readonly area: string;
  /** How the flaw is written: inline or separate resource, old or new type, JSON string or object... */
  readonly form: string;
  /** Public catalog checks the flaw fails (formats of policy-pack/lib/catalog.ts). */
  readonly catalog: readonly string[];
  /** The hardened minimal resource set. */
  readonly good: readonly Res[];
  /** The same set with the one flaw. */
  readonly bad: readonly Res[];
}

export function pair(
  id: string,
  area: string,
  form: string,
  catalog: string[],
  build: (id: string) => { good: Res[]; bad: Res[] },
): Flaw {
  const { good, bad } = build(id);
  return { id, area, form, catalog, good, bad };
}

/** A copy of `set` whose `role` resource's inputs went through `change` (on a deep copy). */
export function mutate(
  set: Res[],
  role: string,
  change: (inputs: Record<string, unknown>) => unknown,
): Res[] {
  if (!set.some((r) => r.role === role)) throw new Error(`no resource "${role}" to mutate`);
  return set.map((r) => {
    if (r.role !== role) return r;
    const inputs = structuredClone(r.inputs);
    change(inputs);
    return { ...r, inputs };
  });
}
