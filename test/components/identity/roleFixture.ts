import {
  BUILTIN_CAPABILITIES,
  BUILTIN_ROLE_NAMES,
  NAMESPACED_CAPABILITIES,
  type AccessRole,
} from "../../../components/identity/roles";

/** The five built-in roles as config would resolve them, the namespaced ones in `namespaces`. */
export function builtinRoles(namespaces: readonly string[] = ["inference"]): AccessRole[] {
  return BUILTIN_ROLE_NAMES.map((name) => ({
    name,
    capabilities: BUILTIN_CAPABILITIES[name],
    groups: [name],
    namespaces: BUILTIN_CAPABILITIES[name].some((c) => NAMESPACED_CAPABILITIES.includes(c)) ? namespaces : [],
    mfa: name.endsWith("admin") || name === "break-glass",
    maxSessionSeconds: 3600,
    breakGlass: name === "break-glass",
  }));
}
