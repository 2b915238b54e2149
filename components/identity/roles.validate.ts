import { dnsLabelProblem } from "../shared/rules";
import { type ArgProblem, Problems } from "../shared/problems";
import {
  CAPABILITIES,
  type AccessRole,
  type Capability,
  isAdministrative,
  NAMESPACED_CAPABILITIES,
} from "./roles";

/** IAM's bounds for `maxSessionDuration`. @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
export const SESSION_BOUNDS = { min: 3600, max: 43200 } as const;

/**
 * The rules every plane relies on, for a resolved role map: names are unique DNS labels, capabilities
 * known, namespaced capabilities have namespaces, administrative roles require MFA, sessions within
 * IAM's bounds, one break-glass role at most and it is administrative. Paths are `[index, field]`.
 */
export function roleMapProblems(roles: readonly AccessRole[]): ArgProblem[] {
  const p = new Problems();
  const names = new Set<string>();
  roles.forEach((role, i) => {
    const nameProblem = dnsLabelProblem(role.name);
    if (nameProblem) p.at([i, "name"], role.name, nameProblem);
    else if (names.has(role.name))
      p.at([i, "name"], role.name, "is defined twice (expected unique role names)");
    names.add(role.name);
    role.capabilities.forEach((c, j) => {
      if (!(CAPABILITIES as readonly string[]).includes(c))
        p.at([i, "capabilities", j], c, `is not a capability (expected one of ${CAPABILITIES.join(", ")})`);
    });
    const namespaced = role.capabilities.filter((c: Capability) => NAMESPACED_CAPABILITIES.includes(c));
    if (namespaced.length > 0 && role.namespaces.length === 0)
      p.at(
        [i, "namespaces"],
        role.namespaces,
        `must name at least one namespace for ${namespaced.join(", ")}`,
      );
    role.namespaces.forEach((ns, j) => {
      const problem = dnsLabelProblem(ns);
      if (problem) p.at([i, "namespaces", j], ns, problem);
    });
    if (isAdministrative(role) && !role.mfa)
      p.at(
        [i, "mfa"],
        role.mfa,
        "must be true: the role is administrative (expected MFA for platform.admin)",
      );
    if (
      !Number.isInteger(role.maxSessionSeconds) ||
      role.maxSessionSeconds < SESSION_BOUNDS.min ||
      role.maxSessionSeconds > SESSION_BOUNDS.max
    )
      p.at(
        [i, "maxSessionSeconds"],
        role.maxSessionSeconds,
        `is not a session length IAM accepts (expected whole seconds from ${SESSION_BOUNDS.min} to ${SESSION_BOUNDS.max})`,
      );
    if (role.breakGlass && !isAdministrative(role))
      p.at(
        [i, "breakGlass"],
        role.breakGlass,
        "is only for an administrative role (expected platform.admin)",
      );
    if (!role.breakGlass && role.groups.length === 0)
      p.at(
        [i, "groups"],
        role.groups,
        "must name at least one identity-provider group (expected who holds the role)",
      );
    role.groups.forEach((g, j) => {
      if (typeof g !== "string" || g.trim() === "" || g.includes("*"))
        p.at([i, "groups", j], g, "is not a group name (expected a non-empty name without wildcards)");
    });
  });
  const breakGlass = roles.filter((r) => r.breakGlass);
  if (breakGlass.length > 1)
    p.at(
      [roles.indexOf(breakGlass[1] as AccessRole), "breakGlass"],
      true,
      "is set on a second role (expected one break-glass role at most)",
    );
  return p.list;
}
