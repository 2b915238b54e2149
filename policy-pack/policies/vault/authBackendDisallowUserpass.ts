import { resourcePolicy } from "../../lib/policy";
import { knownStrings } from "../../lib/values";

/**
 * Humans log in through the organisation's identity provider (OIDC), where single sign-on, MFA and
 * leaving the company are enforced. A `userpass` method keeps its own passwords inside Vault: none of
 * that applies, and an account outlives the person. Workloads use Kubernetes auth.
 * Catalog: no check names userpass; the closest hardening item is "Develop an off-boarding process": with
 * OIDC, removing a person at the identity provider ends their Vault logins, a userpass account does not.
 * @see https://developer.hashicorp.com/vault/docs/auth/userpass
 * @see https://developer.hashicorp.com/vault/docs/auth/jwt/oidc-providers
 */
export const authBackendDisallowUserpass = resourcePolicy({
  name: "vault-authbackend-disallow-userpass",
  description:
    "Vault must not enable auth methods that keep their own passwords (config disallowedTypes: userpass): " +
    "logins there skip the identity provider's single sign-on, MFA and offboarding, and an account outlives " +
    "its owner (hardening guide: single sign-on and MFA for every component).",
  catalog: ["Vault Develop an off-boarding process"],
  remediation:
    'Replace the userpass auth method with an OIDC method (vault.jwt.AuthBackend type "oidc") bound to the identity provider.',
  types: ["vault:index/authBackend:AuthBackend"],
  configSchema: {
    properties: {
      disallowedTypes: {
        type: "array",
        items: { type: "string" },
        default: ["userpass"],
        description: "Auth method types refused.",
      },
    },
  },
  check: (props, { config }) => {
    const type = props.type;
    if (typeof type === "string" && knownStrings(config.disallowedTypes).includes(type.toLowerCase()))
      return (
        `Vault auth method${typeof props.path === "string" && props.path !== "" ? ` "${props.path}"` : ""} is of ` +
        `type ${type}, with passwords of its own: log people in through OIDC (VaultAccess's oidc option).`
      );
  },
});
