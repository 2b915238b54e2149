import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

/**
 * Without `bound_claims` or `bound_subject`, every person or workload the identity provider signs a token
 * for logs in with the role's policies: the provider's whole directory, not the role's group. Bind a claim
 * (the role map binds its groups claim to the role's IdP groups). A glob claim (`bound_claims_type = "glob"`)
 * of `*` binds nothing.
 * Catalog: no check covers claim binding; the closest hardening item is "Develop an off-boarding process"
 * (removing a person from the groups granting access): access bound to a groups claim ends with membership.
 * @see https://developer.hashicorp.com/vault/api-docs/auth/jwt#bound_claims
 * @see https://developer.hashicorp.com/vault/docs/auth/jwt#bound-claims
 */
export const jwtAuthBackendRoleRequireBoundClaims = resourcePolicy({
  name: "vault-jwt-authbackendrole-require-bound-claims",
  description:
    "Vault JWT and OIDC auth roles must bind a claim (bound_claims, or bound_subject) with a value other than " +
    "`*`: otherwise anyone the identity provider signs a token for logs in with the role's policies (Vault " +
    "JWT/OIDC auth API: bound_claims, bound_subject).",
  catalog: ["Vault Develop an off-boarding process"],
  remediation:
    'Set boundClaims (e.g. the groups claim to the role\'s identity provider groups) or boundSubject, with no bare "*" glob.',
  types: ["vault:jwt/authBackendRole:AuthBackendRole"],
  check: (props) => {
    const role = `Vault JWT/OIDC auth role${typeof props.roleName === "string" ? ` "${props.roleName}"` : ""}`;
    const glob = props.boundClaimsType === "glob";
    const claims = Object.entries(asObject(props.boundClaims) ?? {});
    const binding = ([, v]: [string, unknown]) =>
      typeof v === "string" && v.split(",").some((x) => x.trim() !== "" && !(glob && /^\*+$/.test(x.trim())));
    const subject = typeof props.boundSubject === "string" && props.boundSubject.trim() !== "";
    if (!subject && !claims.some(binding))
      return (
        `${role} binds no claim and no subject, so anyone the identity provider signs in gets its policies: ` +
        `set boundClaims (e.g. the groups claim to the role's groups).`
      );
  },
});
