import { resourcePolicy } from "../../lib/policy";
import { asList } from "../../lib/values";

/**
 * A JWT/OIDC role with no `bound_audiences` accepts a token the identity provider issued for any other
 * application (any `aud`): a token minted for a low-trust app logs in to Vault. Vault requires an audience
 * check for `jwt` roles only when nothing else is bound, and leaves it optional for `oidc` roles; the role
 * map always binds the client ID.
 * Catalog: no check covers token audiences; the closest hardening item is "Develop an off-boarding process"
 * (access must follow what the identity provider grants): an unbound audience admits tokens it granted to
 * other applications.
 * @see https://developer.hashicorp.com/vault/api-docs/auth/jwt#bound_audiences
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export const jwtAuthBackendRoleRequireBoundAudiences = resourcePolicy({
  name: "vault-jwt-authbackendrole-require-bound-audiences",
  description:
    "Vault JWT and OIDC auth roles must set bound_audiences (non-empty, no empty entry): without it a token " +
    "the identity provider issued to any other application logs in to Vault (Vault JWT/OIDC auth API: " +
    "bound_audiences; OpenID Connect Core: ID token aud validation).",
  catalog: ["Vault Develop an off-boarding process"],
  remediation:
    "Set boundAudiences to the client IDs the identity provider issues tokens for (no empty entries).",
  types: ["vault:jwt/authBackendRole:AuthBackendRole"],
  check: (props) => {
    const role = `Vault ${props.roleType === "jwt" ? "JWT" : "OIDC"} auth role${typeof props.roleName === "string" ? ` "${props.roleName}"` : ""}`;
    const auds = asList(props.boundAudiences);
    if (auds.length === 0)
      return `${role} sets no boundAudiences, so tokens issued to any application log in: bind the client ID.`;
    if (auds.some((a) => typeof a === "string" && a.trim() === ""))
      return `${role} has an empty entry in boundAudiences: list the client IDs.`;
  },
});
