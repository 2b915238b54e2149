import { VAULT_NAMES, vaultUnsealRoleName } from "../../../components/identity/vaultServer.logic";
import { VAULT_UNSEAL_ACTIONS } from "../../../components/security/keyRing.logic";
import type { AccessCase } from "./cases";
import { buildWorld } from "./model";
import type { ExportResource } from "./types";

/**
 * Access cases of VaultServer's auto-unseal (components/identity/vaultServer.ts), derived from the
 * export: the KMS keys tagged `rampart:data-class=vault` (the KeyRing's) and the roles a Pod Identity
 * association binds to Vault's service account whose name is `<prefix>-vault-unseal`. The unseal role
 * must DescribeKey, Encrypt and Decrypt with the vault key (through the `kms` interface endpoint when
 * the VPC has one); it must not do anything else with it (data keys, grants, administration), nor use
 * any other key of the export; and no other role of the export may decrypt with the vault key — not even
 * an administrator's, since the key policy admits only the unseal role by `aws:PrincipalArn`.
 * For the lead to wire into defaultCases.ts.
 */

const CITE = {
  seal: "https://developer.hashicorp.com/vault/docs/configuration/seal/awskms",
  principalArn:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn",
  keyPolicy: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const field = (r: ExportResource, k: string) => r.outputs?.[k] ?? r.inputs?.[k];
const tagOf = (r: ExportResource, k: string) =>
  (field(r, "tags") as Record<string, unknown> | undefined)?.[k] ??
  (field(r, "tagsAll") as Record<string, unknown> | undefined)?.[k];

/** The seal's role by the name VaultServer gives it: `<anything>-vault-unseal`. */
const isUnsealRoleArn = (arn: string) => (arn.split("/").pop() ?? "").endsWith(vaultUnsealRoleName(""));

export function vaultUnsealAccess(resources: readonly ExportResource[]): AccessCase[] {
  const world = buildWorld(resources);
  const via = world.endpoints.some((e) => e.serviceName.endsWith(".kms")) ? { via: "kms" } : {};
  const keys = resources.filter((r) => r.type === "aws:kms/key:Key");
  const vaultKeys = keys
    .filter((r) => tagOf(r, "rampart:data-class") === "vault")
    .map((r) => str(field(r, "arn")))
    .filter((a): a is string => a !== undefined);
  const otherKeys = keys
    .filter((r) => tagOf(r, "rampart:data-class") !== "vault")
    .map((r) => str(field(r, "arn")))
    .filter((a): a is string => a !== undefined);
  const unsealRoles = resources
    .filter(
      (r) =>
        r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation" &&
        field(r, "serviceAccount") === VAULT_NAMES.serviceAccount,
    )
    .map((r) => str(field(r, "roleArn")))
    .filter((a): a is string => a !== undefined && isUnsealRoleArn(a));
  const otherRoles = resources
    .filter((r) => r.type === "aws:iam/role:Role")
    .map((r) => str(field(r, "arn")))
    .filter((a): a is string => a !== undefined && !unsealRoles.includes(a));

  const cases: AccessCase[] = [];
  const short = (arn: string) => arn.split("/").pop() ?? arn;
  for (const key of vaultKeys) {
    for (const role of unsealRoles) {
      for (const action of VAULT_UNSEAL_ACTIONS)
        cases.push({
          id: `vault-unseal/${short(role)}/${action}`,
          description: `Vault's awskms seal calls ${action} with the vault key as its Pod Identity role`,
          principal: { role },
          action,
          resource: key,
          ...via,
          expect: "allow",
          cite: CITE.seal,
        });
      for (const action of [
        "kms:GenerateDataKey",
        "kms:ReEncryptFrom",
        "kms:CreateGrant",
        "kms:PutKeyPolicy",
      ])
        cases.push({
          id: `vault-unseal/${short(role)}/forbidden/${action}`,
          description: `The unseal role needs nothing but the seal's three actions: not ${action}`,
          principal: { role },
          action,
          resource: key,
          ...via,
          expect: "deny",
          cite: CITE.keyPolicy,
        });
      for (const other of otherKeys)
        cases.push({
          id: `vault-unseal/${short(role)}/other-key/${short(other)}`,
          description: "The unseal role must not decrypt with any other key",
          principal: { role },
          action: "kms:Decrypt",
          resource: other,
          ...via,
          expect: "deny",
          cite: CITE.keyPolicy,
        });
    }
    for (const role of otherRoles)
      cases.push({
        id: `vault-unseal/not-the-unseal-role/${short(role)}`,
        description:
          "Only the unseal role may decrypt with the vault key (aws:PrincipalArn in the key policy)",
        principal: { role },
        action: "kms:Decrypt",
        resource: key,
        ...via,
        expect: "deny",
        cite: CITE.principalArn,
      });
  }
  return cases;
}
