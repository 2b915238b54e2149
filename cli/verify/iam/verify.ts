import type { AccessCase } from "./cases";
import {
  evaluate,
  type IdentityPolicies,
  type Policies,
  type PolicyVerdict,
  type ResourceKind,
} from "./evaluate";
import { managedPolicy } from "./managed";
import { arnAccount } from "./match";
import { buildWorld, type RoleInfo, type World } from "./model";
import type { ContextValue, Decision, ExportResource, Request, RequestPrincipal } from "./types";

/**
 * Access cases against an export: each case becomes a request (principal, action, resource, context)
 * and the policies that apply to it, which the pure evaluator decides.
 */

export interface AccessVerdict {
  readonly id: string;
  readonly description?: string;
  readonly expect: "allow" | "deny";
  readonly verdict: Decision;
  /** The verdict is the expected one; "undecidable" never passes. */
  readonly pass: boolean;
  readonly reason: string;
  readonly cite: string;
  readonly policies: readonly PolicyVerdict[];
}

/** The session name our verdicts give a role's callers: AWS matches a role ARN to all its sessions. */
const SESSION = "rampart-verify";

function sessionOf(role: RoleInfo): { principal: RequestPrincipal; roleArn: string } {
  const account = arnAccount(role.arn) ?? "000000000000";
  const partition = role.arn.split(":")[1] ?? "aws";
  return {
    principal: {
      type: "aws",
      arn: `arn:${partition}:sts::${account}:assumed-role/${role.name}/${SESSION}`,
      account,
    },
    roleArn: role.arn,
  };
}

function roleIdentity(role: RoleInfo): IdentityPolicies {
  return {
    mode: "export",
    policies: role.identity,
    managed: role.managedArns.map((arn) => ({ arn, policy: managedPolicy(arn) })),
    boundary: role.boundary,
  };
}

interface Resolved {
  readonly principal: RequestPrincipal;
  readonly identity: IdentityPolicies;
  readonly principalArn?: string;
}

function resolvePrincipal(c: AccessCase, world: World): Resolved | string {
  const p = c.principal;
  if ("anonymous" in p) return { principal: { type: "anonymous" }, identity: { mode: "none" } };
  if ("service" in p)
    return { principal: { type: "service", service: p.service }, identity: { mode: "none" } };
  if ("account" in p) {
    return {
      principal: {
        type: "aws",
        arn: `arn:aws:sts::${p.account}:assumed-role/AnyRole/${SESSION}`,
        account: p.account,
      },
      identity: { mode: "assume-allow", why: `account ${p.account}'s own IAM policies (outside the export)` },
      principalArn: `arn:aws:iam::${p.account}:role/AnyRole`,
    };
  }
  const ref = "role" in p ? p.role : p.arn;
  const role = world.findRole(ref);
  if (role) {
    const s = sessionOf(role);
    return { principal: s.principal, identity: roleIdentity(role), principalArn: s.roleArn };
  }
  if ("role" in p) return `no aws:iam/role:Role "${p.role}" in the export`;
  const account = arnAccount(p.arn);
  if (!account) return `principal ARN "${p.arn}" names no account`;
  const roleMatch = /^arn:([\w-]+):iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(p.arn);
  const arn = roleMatch
    ? `arn:${roleMatch[1]}:sts::${account}:assumed-role/${roleMatch[2]}/${SESSION}`
    : p.arn;
  const identity: IdentityPolicies =
    p.assumeIdentityAllows || account !== world.account
      ? { mode: "assume-allow", why: `${p.arn}'s IAM policies (outside the export, assumed to allow)` }
      : { mode: "unknown", why: `${p.arn}'s IAM policies are not in the export` };
  return { principal: { type: "aws", arn, account }, identity, principalArn: p.arn };
}

function resourceOf(
  c: AccessCase,
  world: World,
): Pick<Policies, "resource" | "resourceKind" | "resourceAccount"> {
  const kind: ResourceKind = /^arn:[\w-]+:kms:/.test(c.resource)
    ? "kms-key"
    : /^sts:AssumeRole/i.test(c.action) && /:iam::\d{12}:role\//.test(c.resource)
      ? "role-trust"
      : "generic";
  const owned = world.owns(c.resource) || (kind === "role-trust" && world.findRole(c.resource) !== undefined);
  const resourceAccount = c.resourceAccount ?? (owned ? world.account : undefined);
  if (c.resource === "*") return { resource: "none", resourceKind: kind, resourceAccount };
  if (kind === "role-trust") {
    const role = world.findRole(c.resource);
    if (!role?.trust)
      return { resource: { outside: `${c.resource} is not a role of the export` }, resourceKind: kind };
    return { resource: role.trust, resourceKind: kind, resourceAccount };
  }
  const policy = world.resourcePolicy(c.resource);
  if (policy === undefined) {
    return {
      resource: { outside: `${c.resource} is not in the export` },
      resourceKind: kind,
      resourceAccount,
    };
  }
  return { resource: policy, resourceKind: kind, resourceAccount };
}

/** Condition keys AWS adds to every request of this shape; a case's own context wins. */
function defaultContext(
  c: AccessCase,
  r: Resolved,
  resourceAccount: string | undefined,
  endpoint: { id?: string; vpc?: string } | undefined,
): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  const p = r.principal;
  if (p.type === "aws") {
    ctx["aws:PrincipalAccount"] = p.account;
    if (r.principalArn) ctx["aws:PrincipalArn"] = r.principalArn;
    ctx["aws:PrincipalIsAWSService"] = false;
    // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account
    if (c.action.toLowerCase().startsWith("kms:")) ctx["kms:CallerAccount"] = p.account;
  } else if (p.type === "service") {
    ctx["aws:PrincipalIsAWSService"] = true;
    ctx["aws:PrincipalServiceName"] = p.service;
  }
  const account = resourceAccount ?? arnAccount(c.resource);
  if (account) ctx["aws:ResourceAccount"] = account;
  if (endpoint?.id) ctx["aws:SourceVpce"] = endpoint.id;
  if (endpoint?.vpc) ctx["aws:SourceVpc"] = endpoint.vpc;
  return ctx;
}

function verifyOne(c: AccessCase, world: World): AccessVerdict {
  const base = { id: c.id, description: c.description, expect: c.expect, cite: c.cite };
  const undecidable = (reason: string): AccessVerdict => ({
    ...base,
    verdict: "undecidable",
    pass: false,
    reason,
    policies: [],
  });
  const resolved = resolvePrincipal(c, world);
  if (typeof resolved === "string") return undecidable(resolved);
  const resource = resourceOf(c, world);
  const endpoints = c.via ? world.endpoints.filter((e) => e.serviceName.endsWith(`.${c.via}`)) : [];
  if (c.via && endpoints.length === 0)
    return undecidable(`no VPC endpoint whose service ends with ".${c.via}"`);
  // Several VPCs may each have such an endpoint: the call must work through every one of them.
  const runs = (endpoints.length > 0 ? endpoints : [undefined]).map((e) => {
    const context = {
      ...defaultContext(
        c,
        resolved,
        resource.resourceAccount,
        e && {
          id: e.resource.id,
          vpc: typeof e.resource.inputs.vpcId === "string" ? e.resource.inputs.vpcId : undefined,
        },
      ),
      ...c.context,
    };
    const request: Request = {
      principal: resolved.principal,
      action: c.action,
      resource: c.resource,
      context,
    };
    return evaluate(request, {
      identity: resolved.identity,
      ...resource,
      endpoints: e?.policy ? [e.policy] : [],
      incomplete: world.incomplete,
    });
  });
  // The least favourable answer decides: a required call must work through every endpoint, a forbidden
  // one must fail through every endpoint.
  const order: Decision[] =
    c.expect === "allow" ? ["deny", "undecidable", "allow"] : ["allow", "undecidable", "deny"];
  const worst = runs.reduce((a, b) => (order.indexOf(b.decision) < order.indexOf(a.decision) ? b : a));
  return {
    ...base,
    verdict: worst.decision,
    pass: worst.decision === c.expect,
    reason: worst.reason,
    policies: runs.flatMap((r) => r.policies),
  };
}

export function verifyAccess(
  resources: readonly ExportResource[],
  cases: readonly AccessCase[],
): AccessVerdict[] {
  const world = buildWorld(resources);
  return cases.map((c) => verifyOne(c, world));
}
