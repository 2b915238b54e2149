import { resourcePolicy } from "../../lib/policy";

/**
 * `default_role` is the role used when a login names none. With it set, a person who does not choose a
 * role still gets one (and its policies), and every group the role is meant to separate lands there; the
 * role map makes each login name its role.
 * Catalog: no check names default_role; the closest hardening item is "Develop an off-boarding process"
 * (access granted through groups, so removing a person from a group removes the access): a default role
 * hands its policies to logins whatever their groups.
 * @see https://developer.hashicorp.com/vault/api-docs/auth/jwt#default_role
 */
export const jwtAuthBackendDisallowDefaultRole = resourcePolicy({
  name: "vault-jwt-authbackend-disallow-default-role",
  description:
    "Vault JWT/OIDC auth methods must not set default_role: logins that name no role get it and its policies, " +
    "so the role choice that keeps groups apart is skipped (Vault JWT/OIDC auth API: default_role).",
  catalog: ["Vault Develop an off-boarding process"],
  remediation: "Remove defaultRole from the JWT/OIDC auth method so every login names its role.",
  types: ["vault:jwt/authBackend:AuthBackend"],
  check: (props) => {
    const role = props.defaultRole;
    if (typeof role === "string" && role.trim() !== "")
      return `Vault JWT/OIDC auth method sets defaultRole "${role}", given to logins that name no role: remove it.`;
  },
});
