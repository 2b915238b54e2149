/**
 * A Kubernetes authorizer for `rampart verify`, from the export alone: may a person in these groups do this
 * verb on this resource in this namespace? It answers like the API server with EKS's authorizers, which
 * only add permissions: EKS access policies associated with the access entries that map the groups, then
 * RBAC (the union of every rule bound to the groups; a ClusterRole through a RoleBinding applies in that
 * binding's namespace only; aggregated ClusterRoles take the rules of the ClusterRoles they select).
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html
 */
import { hasUnknown, isObject, objs, str, strs, tagsOf, type Props } from "../network/props";
import type { ExportResource } from "../network/types";
import { desired } from "../images/workloads";
import { selects, triAny, type KObject } from "./model";
import { accessPolicyName, EKS_ACCESS_POLICY_RULES } from "./rbacEks";
import type { Tri } from "./types";

/** A question, in the terms of a SubjectAccessReview's resourceAttributes (JSON form: CLUSTER.md). */
export interface RbacRequest {
  /** The person's Kubernetes groups (what their access entry maps); `system:authenticated` is implied. */
  readonly groups: readonly string[];
  readonly verb: string;
  /** The API group (`apps`, `batch`); `""` is the core group. @default "" */
  readonly apiGroup?: string;
  /** `pods`, or with a subresource `pods/log`. */
  readonly resource: string;
  /** One object's name, for rules limited by `resourceNames`. */
  readonly name?: string;
  /** Absent: a cluster-scoped request (or one across all namespaces), which only cluster-wide grants admit. */
  readonly namespace?: string;
}

export interface RbacCase extends RbacRequest {
  readonly id: string;
  readonly description?: string;
  readonly expect: "allow" | "deny";
  /** The document the expectation comes from (required for `expect: allow`). */
  readonly cite?: string;
}

export type RbacDecision = "allow" | "deny" | "undecidable";

export interface RbacVerdict {
  readonly id: string;
  readonly description?: string;
  readonly expect: "allow" | "deny";
  readonly cite?: string;
  readonly verdict: RbacDecision;
  /** `verdict === expect`; undecidable never passes. */
  readonly pass: boolean;
  /** One line: the grant that allowed it, or why nothing did. */
  readonly reason: string;
  /** What was assumed or could not be read. */
  readonly notes: readonly string[];
}

interface RoleObject extends KObject {
  readonly rules: readonly Props[];
  readonly labels: Readonly<Record<string, string>>;
  /** `aggregationRule.clusterRoleSelectors` of an aggregated ClusterRole. */
  readonly aggregate?: readonly unknown[];
}

interface AccessEntry {
  readonly name: string;
  readonly principalArn?: string;
  readonly groups: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly unknown: boolean;
}

interface Association {
  readonly name: string;
  readonly principalArn?: string;
  readonly policy?: string;
  /** Namespaces of a namespace-scoped association; undefined for cluster scope. */
  readonly namespaces?: readonly string[];
  readonly unknown: boolean;
}

export interface RbacModel {
  readonly roles: readonly RoleObject[];
  readonly clusterRoles: ReadonlyMap<string, RoleObject>;
  readonly bindings: readonly KObject[];
  readonly accessEntries: readonly AccessEntry[];
  readonly associations: readonly Association[];
}

const RBAC_TYPE =
  /^kubernetes:rbac\.authorization\.k8s\.io\/v1:(Role|ClusterRole|RoleBinding|ClusterRoleBinding)$/;
export const ACCESS_ENTRY_TYPE = "aws:eks/accessEntry:AccessEntry";
export const ASSOCIATION_TYPE = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";

const labelsOf = (meta: Props): Record<string, string> =>
  Object.fromEntries(
    Object.entries(isObject(meta.labels) ? meta.labels : {}).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );

export function buildRbacModel(resources: readonly ExportResource[]): RbacModel {
  const roles: RoleObject[] = [];
  const clusterRoles = new Map<string, RoleObject>();
  const bindings: KObject[] = [];
  const accessEntries: AccessEntry[] = [];
  const associations: Association[] = [];
  for (const r of resources) {
    const obj = desired(r);
    if (r.type === ACCESS_ENTRY_TYPE) {
      accessEntries.push({
        name: r.urn.slice(r.urn.lastIndexOf("::") + 2),
        principalArn: str(obj.principalArn),
        groups: strs(obj.kubernetesGroups),
        tags: tagsOf(obj),
        unknown: hasUnknown(obj.principalArn) || hasUnknown(obj.kubernetesGroups),
      });
      continue;
    }
    if (r.type === ASSOCIATION_TYPE) {
      const scope = isObject(obj.accessScope) ? obj.accessScope : {};
      const policyArn = str(obj.policyArn);
      associations.push({
        name: r.urn.slice(r.urn.lastIndexOf("::") + 2),
        principalArn: str(obj.principalArn),
        ...(policyArn ? { policy: accessPolicyName(policyArn) } : {}),
        ...(str(scope.type) === "cluster" ? {} : { namespaces: strs(scope.namespaces) }),
        unknown: hasUnknown(obj.principalArn) || hasUnknown(obj.policyArn) || hasUnknown(scope),
      });
      continue;
    }
    const m = RBAC_TYPE.exec(r.type);
    if (!m) continue;
    const kind = m[1]!;
    const meta = isObject(obj.metadata) ? obj.metadata : {};
    const base: KObject = {
      kind,
      namespace: kind.startsWith("Cluster") ? "" : (str(meta.namespace) ?? "default"),
      name: str(meta.name) ?? r.urn,
      spec: obj,
      unknown: hasUnknown(obj),
    };
    if (kind.endsWith("Binding")) {
      bindings.push(base);
      continue;
    }
    const agg = isObject(obj.aggregationRule) ? obj.aggregationRule.clusterRoleSelectors : undefined;
    const role: RoleObject = {
      ...base,
      rules: objs(obj.rules),
      labels: labelsOf(meta),
      ...(Array.isArray(agg) ? { aggregate: agg } : {}),
    };
    if (kind === "ClusterRole") clusterRoles.set(role.name, role);
    else roles.push(role);
  }
  return { roles, clusterRoles, bindings, accessEntries, associations };
}

/** Kubernetes' RuleAllows: verbs, API groups, `resource[/subresource]` (with `*` and `*` + `/sub`), resourceNames. */
export function ruleAllows(rule: Props, req: RbacRequest): boolean {
  const verbs = strs(rule.verbs);
  const groups = Array.isArray(rule.apiGroups) ? rule.apiGroups.filter((g) => typeof g === "string") : [];
  const resources = strs(rule.resources);
  const names = strs(rule.resourceNames);
  const sub = req.resource.includes("/") ? req.resource.slice(req.resource.indexOf("/") + 1) : undefined;
  return (
    (verbs.includes("*") || verbs.includes(req.verb)) &&
    (groups.includes("*") || groups.includes(req.apiGroup ?? "")) &&
    resources.some((x) => x === "*" || x === req.resource || (sub !== undefined && x === `*/${sub}`)) &&
    (names.length === 0 || (req.name !== undefined && names.includes(req.name)))
  );
}

interface Found {
  readonly decision: Tri;
  readonly by: string;
}

/** Kubernetes' default ClusterRole the API server creates and the export never shows (the one modelled). */
const CLUSTER_ADMIN = { apiGroups: ["*"], resources: ["*"], verbs: ["*"] };

/** The rules a role reference names, or undefined when they cannot be told (absent, unknown, aggregated on unknowns). */
function rulesOf(
  model: RbacModel,
  ref: { kind: string; name: string },
  ns: string,
  seen = new Set<string>(),
) {
  if (ref.kind === "ClusterRole" && ref.name === "cluster-admin" && !model.clusterRoles.has(ref.name))
    return [CLUSTER_ADMIN];
  const role =
    ref.kind === "Role"
      ? model.roles.find((r) => r.namespace === ns && r.name === ref.name)
      : model.clusterRoles.get(ref.name);
  if (!role || role.unknown) return undefined;
  if (!role.aggregate) return role.rules;
  // The aggregation controller replaces the rules with those of every ClusterRole a selector matches.
  const out: Props[] = [];
  seen.add(role.name);
  for (const other of model.clusterRoles.values()) {
    if (seen.has(other.name)) continue;
    const match = triAny(role.aggregate.map((s) => selects(s, other.labels)));
    if (match === undefined) return undefined;
    if (!match) continue;
    const rules = rulesOf(model, { kind: "ClusterRole", name: other.name }, "", seen);
    if (!rules) return undefined;
    out.push(...rules);
  }
  return out;
}

function rbacDecides(model: RbacModel, req: RbacRequest, groups: ReadonlySet<string>): Found[] {
  const out: Found[] = [];
  for (const b of model.bindings) {
    if (b.kind === "RoleBinding" && b.namespace !== req.namespace) continue;
    const where = b.kind === "RoleBinding" ? `${b.namespace}/${b.name}` : b.name;
    const label = `${b.kind} ${where}`;
    if (b.unknown) {
      out.push({ decision: undefined, by: `${label} is unknown until apply` });
      continue;
    }
    const bound = objs(b.spec.subjects).some((s) => s.kind === "Group" && groups.has(str(s.name) ?? ""));
    if (!bound) continue;
    const ref = isObject(b.spec.roleRef) ? b.spec.roleRef : {};
    const refName = str(ref.name) ?? "";
    const refKind = str(ref.kind) ?? "";
    const rules = rulesOf(model, { kind: refKind, name: refName }, b.namespace);
    const target = `${refKind} ${refKind === "Role" ? `${b.namespace}/` : ""}${refName}`;
    if (!rules) {
      out.push({ decision: undefined, by: `${label} -> ${target}: its rules are not in the export` });
      continue;
    }
    const i = rules.findIndex((rule) => ruleAllows(rule, req));
    if (i >= 0) out.push({ decision: true, by: `${label} -> ${target} rule #${i + 1}` });
  }
  return out;
}

/** EKS access policies of the access entries that map the groups. */
function eksDecides(model: RbacModel, req: RbacRequest, entries: readonly AccessEntry[]): Found[] {
  const out: Found[] = [];
  for (const e of entries) {
    for (const a of model.associations) {
      if (a.unknown || e.unknown || a.principalArn === undefined || e.principalArn === undefined) {
        if (a.principalArn === undefined || e.principalArn === undefined || a.principalArn === e.principalArn)
          out.push({ decision: undefined, by: `access policy association ${a.name} is unknown until apply` });
        continue;
      }
      if (a.principalArn !== e.principalArn) continue;
      // A namespace-scoped association admits requests in those namespaces only.
      if (a.namespaces && (req.namespace === undefined || !a.namespaces.includes(req.namespace))) continue;
      const rules = a.policy ? EKS_ACCESS_POLICY_RULES[a.policy] : undefined;
      const label = `EKS access policy ${a.policy ?? "?"} (${a.namespaces ? `namespaces ${a.namespaces.join(", ")}` : "cluster"} scope) of access entry ${e.name}`;
      if (!rules) out.push({ decision: undefined, by: `${label}: its permissions are not modelled` });
      else if (rules.some((rule) => ruleAllows(rule as unknown as Props, req)))
        out.push({ decision: true, by: label });
    }
  }
  return out;
}

const describe = (req: RbacRequest) =>
  `${req.verb} ${req.apiGroup ? `${req.apiGroup}/` : ""}${req.resource}${req.name ? ` ${req.name}` : ""} ${req.namespace ? `in ${req.namespace}` : "cluster-wide"}`;

/**
 * Decides one request. The person's groups are those asked plus every group of the access entries that
 * map one of them (the same IAM principal holds them all) and `system:authenticated`.
 */
export function authorize(
  model: RbacModel,
  req: RbacRequest,
): { decision: RbacDecision; reason: string; notes: string[] } {
  const notes: string[] = [];
  const asked = new Set(req.groups);
  const entries = model.accessEntries.filter((e) => e.groups.some((g) => asked.has(g)));
  const groups = new Set([...req.groups, "system:authenticated"]);
  for (const e of entries)
    for (const g of e.groups)
      if (!groups.has(g)) {
        groups.add(g);
        notes.push(`access entry ${e.name} also maps group ${g}`);
      }
  const masters = entries.find((e) => e.groups.includes("system:masters"));
  if (masters || asked.has("system:masters")) {
    // EKS refuses such an entry ("cannot start with system:"), but were one there it would be cluster-admin.
    // https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2915 (the CreateAccessEntry error)
    return {
      decision: "allow",
      reason: `allow: group system:masters${masters ? ` (access entry ${masters.name}; EKS refuses system: groups in access entries)` : ""} bypasses authorization`,
      notes,
    };
  }
  const found = [...eksDecides(model, req, entries), ...rbacDecides(model, req, groups)];
  const allowed = found.find((f) => f.decision === true);
  if (allowed) return { decision: "allow", reason: `allow: ${describe(req)} by ${allowed.by}`, notes };
  const unknown = found.find((f) => f.decision === undefined);
  if (unknown) return { decision: "undecidable", reason: `undecidable: ${unknown.by}`, notes };
  return {
    decision: "deny",
    reason: `deny: no grant to ${[...groups].sort().join(", ")} allows ${describe(req)}`,
    notes,
  };
}

export function verifyRbacCase(model: RbacModel, c: RbacCase): RbacVerdict {
  const { decision, reason, notes } = authorize(model, c);
  return {
    id: c.id,
    ...(c.description !== undefined ? { description: c.description } : {}),
    expect: c.expect,
    ...(c.cite !== undefined ? { cite: c.cite } : {}),
    verdict: decision,
    pass: decision === c.expect,
    reason,
    notes: [...new Set(notes)],
  };
}

export function verifyRbac(resources: readonly ExportResource[], cases: readonly RbacCase[]): RbacVerdict[] {
  const model = buildRbacModel(resources);
  return cases.map((c) => verifyRbacCase(model, c));
}
