import { toContext } from "./conditions";
import { parsePolicyDocument } from "./parse";
import { and, evaluateDocument, or } from "./statement";
import type { Decision, Request, SourcedPolicy, Tri } from "./types";

/**
 * Service control policies for the evaluator. An SCP never grants: it sets the most a member account's
 * principals may do. A request passes the SCPs when no attached SCP denies it and, at every level from
 * the organisation root down to the account, at least one attached SCP allows it (`FullAWSAccess` is
 * attached everywhere by default). The identity and resource policies must then still grant it, which
 * `evaluate` decides; the management account and service-linked roles are outside SCPs altogether.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */

/** AWS's `FullAWSAccess` SCP, as attached by default to every root, OU and account. */
export const FULL_AWS_ACCESS: SourcedPolicy = {
  kind: "scp",
  urn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
  property: "content",
  document: parsePolicyDocument(
    { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
    "scp",
  ).document,
};

export interface ScpEvaluation {
  readonly decision: Decision;
  readonly reason: string;
  /** `<urn> <property> <statement>` of the statements that decided (the denying ones, if any). */
  readonly statements: readonly string[];
}

/**
 * Whether the SCPs on the path to the account let a request through. `levels` lists, from the root
 * down, the SCPs attached at each level; documents the parser could not fully read go in `incomplete`.
 */
export function evaluateScps(
  request: Request,
  levels: readonly (readonly SourcedPolicy[])[],
  incomplete?: ReadonlySet<SourcedPolicy>,
): ScpEvaluation {
  const ctx = toContext(request.context);
  const denies: Tri[] = [];
  const denyBy: string[] = [];
  const allowBy: string[] = [];
  const unknown: string[] = [];
  const levelAllows: Tri[] = [];
  for (const level of levels) {
    const allows: Tri[] = [];
    for (const p of level) {
      const o = evaluateDocument(p.document, request, ctx, "scp", !incomplete?.has(p));
      const allow = or(o.allowDirect, o.allowAccount);
      allows.push(allow);
      denies.push(o.deny);
      const label = (s: string) => `${p.urn} ${p.property} ${s}`;
      if (o.deny === "yes") denyBy.push(...o.statements.map(label));
      else if (allow === "yes") allowBy.push(...o.statements.map(label));
      unknown.push(...o.unknown.map(label));
    }
    levelAllows.push(or(...allows));
  }
  const deny = or(...denies);
  if (deny === "yes")
    return { decision: "deny", reason: `explicit deny: ${denyBy.join(", ")}`, statements: denyBy };
  if (levels.length === 0)
    return { decision: "undecidable", reason: "no SCP level was given", statements: [] };
  const closed = levelAllows.indexOf("no");
  if (closed >= 0)
    return {
      decision: "deny",
      reason: `implicit deny: no SCP attached at level ${closed} (0 is the root) allows the request`,
      statements: [],
    };
  const allow = and(...levelAllows);
  if (deny === "unknown" || allow === "unknown")
    return { decision: "undecidable", reason: `cannot decide: ${unknown.join("; ")}`, statements: [] };
  return { decision: "allow", reason: "every level allows and no SCP denies", statements: allowBy };
}
