import { typesOf } from "./k8s";
import { asArray, asObject, asString, at } from "./values";

/**
 * Reading Kyverno policies (kyverno.io ClusterPolicy and Policy), shared by the Kyverno policies:
 * every rule, its verifyImages entries, and the failure action that applies to each, as Kyverno 1.19
 * decides it: the rule's own `failureAction` (validate or verifyImages entry), else the deprecated
 * spec-level `validationFailureAction`, else Audit (Kyverno's default).
 * @see https://github.com/kyverno/kyverno/blob/v1.19.0/api/kyverno/v1/spec_types.go
 * @see https://kyverno.io/docs/policy-types/cluster-policy/validate/#failure-action
 */
export const KYVERNO_POLICY_TYPES = typesOf(
  ["kyverno.io/v1", "kyverno.io/v2beta1"],
  ["ClusterPolicy", "Policy"],
);

/** `Enforce`, `Audit` (either case), or undefined when unknown or unset. */
export function action(v: unknown): "Enforce" | "Audit" | undefined {
  const s = asString(v)?.toLowerCase();
  return s === "enforce" ? "Enforce" : s === "audit" ? "Audit" : undefined;
}

export interface ImageRule {
  readonly label: string;
  readonly rule: Record<string, any>;
  readonly verify: Record<string, any>;
  /** The action that applies; `undefined` when a value is unknown. */
  readonly action: "Enforce" | "Audit" | undefined;
  /** Where the action came from, for messages. */
  readonly from: string;
}

/** Every verifyImages entry of a Kyverno policy, with the failure action that applies to it. */
export function imageRules(o: Record<string, any>): ImageRule[] {
  const spec = asObject(o.spec) ?? {};
  const specAction = spec.validationFailureAction;
  const out: ImageRule[] = [];
  asArray(spec.rules).forEach((r, i) => {
    const rule = asObject(r);
    if (!rule) return;
    const name = asString(rule.name) ?? `#${i + 1}`;
    asArray(rule.verifyImages).forEach((v, j) => {
      const verify = asObject(v);
      if (!verify) return;
      const own = verify.failureAction;
      const [value, from] =
        own !== undefined
          ? [own, "failureAction"]
          : specAction !== undefined
            ? [specAction, "spec.validationFailureAction"]
            : ["Audit", "the default (no failureAction)"];
      out.push({ label: `rule "${name}" verifyImages[${j}]`, rule, verify, action: action(value), from });
    });
  });
  return out;
}

/** The namespaces a rule matches (`match.resources` and `match.any/all[].resources`). */
export function ruleNamespaces(rule: Record<string, any>): string[] {
  const match = asObject(rule.match) ?? {};
  const blocks = [
    asObject(match.resources),
    ...[...asArray(match.any), ...asArray(match.all)].map((b) => asObject(at(b, "resources"))),
  ];
  return blocks.flatMap((b) =>
    asArray(b?.namespaces)
      .map(asString)
      .filter((s): s is string => s !== undefined),
  );
}
