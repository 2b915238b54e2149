import { UNSEEN } from "./unknown";
import { asArray, asObject, at, knownStrings } from "./values";

/**
 * RBAC rule matching as the API server's authorizer does it (rbac/v1 evaluation helpers): an apiGroup
 * matches when the rule lists it or "*"; a resource when the rule lists it, "*", or (for a subresource)
 * "*\/<subresource>" ("pods/*" does NOT match "pods/exec"); a verb when the rule lists it or "*".
 * `resourceNames` narrows a rule to named objects.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/rbac/v1/evaluation_helpers.go
 */

export interface Rule {
  /** 1-based position, for messages (`Rule #2`). */
  readonly n: number;
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames: string[];
}

/** The rules of a Role/ClusterRole (plain props); entries that are not objects are skipped. */
export function rulesOf(role: Record<string, any>): Rule[] {
  return asArray(at(role, "rules")).flatMap((r, i) =>
    r !== null && typeof r === "object"
      ? [
          {
            n: i + 1,
            apiGroups: knownStrings(at(r, "apiGroups")),
            resources: knownStrings(at(r, "resources")),
            verbs: knownStrings(at(r, "verbs")),
            resourceNames: knownStrings(at(r, "resourceNames")),
          },
        ]
      : [],
  );
}

export function matchesGroup(rule: Rule, group: string): boolean {
  return rule.apiGroups.some((g) => g === "*" || g === group);
}

/** `resource` as `pods` or `pods/exec`. */
export function matchesResource(rule: Rule, resource: string): boolean {
  const sub = resource.includes("/") ? resource.slice(resource.indexOf("/") + 1) : undefined;
  return rule.resources.some((r) => r === "*" || r === resource || (sub !== undefined && r === `*/${sub}`));
}

/** The verbs of `wanted` the rule grants ("*" grants them all). */
export function grantedVerbs(rule: Rule, wanted: readonly string[]): string[] {
  if (rule.verbs.includes("*")) return [...wanted];
  return wanted.filter((v) => rule.verbs.includes(v));
}

/** The resources of `wanted` (in `group`) the rule covers. */
export function coveredResources(rule: Rule, group: string, wanted: readonly string[]): string[] {
  if (!matchesGroup(rule, group)) return [];
  return wanted.filter((r) => matchesResource(rule, r));
}

/** The role's name, for exemptions (known string or undefined). */
export function roleName(role: Record<string, any>): string | undefined {
  const n = at(role, "metadata", "name");
  return typeof n === "string" ? n : undefined;
}

const AGGREGATE_LABEL = /^rbac\.authorization\.k8s\.io\/aggregate-to-(edit|admin)$/;
/** Labels that the built-in aggregated roles carry besides the aggregation label itself. */
const BUILT_IN_LABELS: Record<string, string> = { "kubernetes.io/bootstrapping": "rbac-defaults" };

/** One clusterRoleSelector of an aggregationRule and what it pulls into the ClusterRole. */
export interface AggregatedSelector {
  /** 1-based position, for messages. */
  readonly n: number;
  /** "every" (an empty selector matches every ClusterRole), or the built-in role whose rules it pulls in. */
  readonly pulls: "every" | "edit" | "admin";
}

/**
 * The selectors of a ClusterRole's aggregationRule that pull in rules granting everything (an empty
 * selector matches every ClusterRole, cluster-admin included) or the built-in edit/admin rules.
 * A selector that also requires a label of its own, or uses matchExpressions, is not judged; an unknown
 * selector is skipped.
 * What the built-ins grant (bootstrap policy): `system:aggregate-to-edit` reads Secrets, creates and gets
 * pods/exec, pods/attach and pods/portforward, and impersonates serviceaccounts; `edit` itself carries the
 * aggregate-to-admin label, so `admin` has all of that too.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
 * @see https://github.com/kubernetes/kubernetes/blob/master/plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go
 */
export function aggregatedSelectors(role: Record<string, any>): AggregatedSelector[] {
  const out: AggregatedSelector[] = [];
  asArray(at(role, "aggregationRule", "clusterRoleSelectors")).forEach((raw, i) => {
    const sel = asObject(raw);
    if (!sel) return;
    const labels = at(sel, "matchLabels");
    const expressions = at(sel, "matchExpressions");
    if (labels === UNSEEN || expressions === UNSEEN) return;
    if (expressions !== undefined && expressions !== null && asArray(expressions).length > 0) return;
    const entries = Object.entries(asObject(labels) ?? {});
    if (entries.length === 0) {
      out.push({ n: i + 1, pulls: "every" });
      return;
    }
    let pulls: "edit" | "admin" | undefined;
    for (const [key, value] of entries) {
      const m = AGGREGATE_LABEL.exec(key);
      if (m && value === "true") pulls = pulls ?? (m[1] as "edit" | "admin");
      else if (BUILT_IN_LABELS[key] !== value) return;
    }
    if (pulls) out.push({ n: i + 1, pulls });
  });
  return out;
}
