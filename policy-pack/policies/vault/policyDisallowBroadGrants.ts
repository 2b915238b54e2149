import { resourcePolicy } from "../../lib/policy";
import {
  grants,
  parseVaultPolicy,
  VAULT_CAPABILITIES,
  vaultPathMatches,
  vaultPathReaches,
} from "../../lib/vaultHcl";
import { knownStrings } from "../../lib/values";

/** Paths no mount or system endpoint of ours is called: a rule matching them matches every path. */
const ANY_PATH = ["rampart-probe-mount/rampart-probe/x", "rampart-probe-mount"];
/** An unnamed system endpoint: a rule matching it covers the whole of sys/ (seal, rekey, raw, ...). */
const ANY_SYS = ["sys/rampart-probe", "sys/rampart-probe/x"];

/**
 * Vault's root policy is the only one meant to hold everything; a written policy that grants `*`, any
 * glob covering every mount, or the whole of `sys/` is a root token in all but name (seal, rekey,
 * `sys/raw`, policy rewrites). Explicit system paths (`sys/mounts/*`, `sys/audit*`...) are an
 * administrator's job: allowed for the policies named in `adminPolicies`; other policies get only the
 * self-service endpoints of Vault's own `default` policy.
 * Catalog: Vault production hardening, "Avoid root tokens" (a policy granting everything is one).
 * @see https://developer.hashicorp.com/vault/docs/concepts/policies#root-policy
 * @see https://developer.hashicorp.com/vault/docs/concepts/policies#built-in-policies
 * @see https://developer.hashicorp.com/vault/tutorials/operations/production-hardening (least privilege, no root tokens)
 */
export const policyDisallowBroadGrants = resourcePolicy({
  name: "vault-policy-disallow-broad-grants",
  description:
    "Vault policies must not grant every path (`*`, `+/*`), any path of the whole sys/ tree (sys/*, sys/+), " +
    "or capabilities Vault does not have (root, *); explicit sys/ paths are for the admin policies of config " +
    "adminPolicies, others get only the default policy's self-service endpoints: such a policy is a root " +
    "token by another name (HashiCorp Vault production hardening: least privilege; Vault policy docs: root " +
    "policy). A document that does not parse is reported, never passed.",
  catalog: ["Vault Avoid root tokens"],
  remediation:
    "Grant explicit paths and real capabilities only, and move explicit sys/ paths to an admin policy named in adminPolicies.",
  types: ["vault:index/policy:Policy"],
  configSchema: {
    properties: {
      adminPolicies: {
        type: "array",
        items: { type: "string" },
        default: ["rampart-platform-admin", "rampart-break-glass"],
        description: "Policy names allowed explicit sys/ paths (the platform.admin capability's policies).",
      },
      selfServiceSysPaths: {
        type: "array",
        items: { type: "string" },
        default: [
          "sys/capabilities-self",
          "sys/internal/ui/resultant-acl",
          "sys/renew",
          "sys/leases/renew",
          "sys/leases/lookup",
          "sys/wrapping/wrap",
          "sys/wrapping/lookup",
          "sys/wrapping/unwrap",
          "sys/tools/hash",
          "sys/tools/hash/*",
          "sys/control-group/request",
        ],
        description: "sys/ paths any policy may hold: those of Vault's built-in default policy.",
      },
    },
  },
  check: (props, { config, name }) => {
    const doc = props.policy;
    const policyName = typeof props.name === "string" && props.name !== "" ? props.name : name;
    if (typeof doc !== "string")
      return `Vault policy "${policyName}" has no policy document: set policy to its HCL or JSON text.`;
    const parsed = parseVaultPolicy(doc);
    if (parsed.error !== undefined)
      return `Vault policy "${policyName}" cannot be read (${parsed.error}): Vault would refuse it; fix the document.`;
    const admin = knownStrings(config.adminPolicies).includes(policyName);
    const selfService = new Set(knownStrings(config.selfServiceSysPaths));
    const out: string[] = [];
    for (const rule of parsed.rules) {
      const where = `Vault policy "${policyName}" path "${rule.path}"`;
      const invalid = rule.capabilities.filter((c) => !VAULT_CAPABILITIES.has(c));
      if (invalid.length > 0)
        out.push(
          `${where} lists ${invalid.map((c) => `"${c}"`).join(", ")}, not a Vault capability (root access is ` +
            `the root token's alone): list the capabilities the path needs.`,
        );
      if (!grants(rule)) continue;
      if (ANY_PATH.some((p) => vaultPathMatches(rule.path, p)))
        out.push(`${where} grants ${rule.capabilities.join(", ")} on every path: grant explicit paths.`);
      else if (ANY_SYS.some((p) => vaultPathMatches(rule.path, p)))
        out.push(
          `${where} grants ${rule.capabilities.join(", ")} on the whole of sys/: grant explicit sys paths ` +
            `(sys/mounts/*, sys/policies/acl/*...) in an admin policy.`,
        );
      else if (!admin && vaultPathReaches(rule.path, "sys") && !selfService.has(rule.path))
        out.push(
          `${where} grants a system path to a policy that is not an admin policy (config adminPolicies): ` +
            `remove it, or move it to the admin policy.`,
        );
    }
    return out;
  },
});
