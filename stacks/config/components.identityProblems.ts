import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { validateAccessControlArgs } from "../../components/identity/accessControl.validate";
import { validateOrgGuardrailsArgs } from "../../components/identity/orgGuardrails.validate";
import { validateVaultAccessArgs } from "../../components/identity/vaultAccess.validate";
import { showValue } from "../../components/shared/problems";
import {
  accessArgsOf,
  accessKeys,
  ORG_GUARDRAILS_KEYS,
  orgGuardrailsArgsOf,
  vaultAccessArgsOf,
  vaultAccessKeys,
} from "./components.identity";
import { mapLines } from "./components.mesh";
import { keyOf } from "./messages";
import type { RampartConfig } from "./schema";

/**
 * AccessControl's, VaultAccess's and OrgGuardrails' value checks on the Args the stack would give them,
 * as config lines (one owner per rule: the components' validators; config maps their paths to keys).
 * Outputs of other components stand in as placeholders, so only config values are judged. What a
 * missing key means (no identity provider, no Vault address, no SIEM for break-glass, no account role)
 * is the stack rules' one line (environment.identity.ts), so the validators' lines for it are dropped.
 */

/** A well-formed stand-in for an absent identity provider (its absence is reported once, by the stack rules). */
const STAND_IN_PROVIDER = {
  kind: "saml",
  providerArn: "arn:aws:iam::123456789012:saml-provider/stand-in",
} as const;
/** A well-formed stand-in for an absent Vault address (VaultServer's, or missing: the stack rules say). */
const STAND_IN_ADDRESS = "https://vault.stand-in:8200";

/** The platform's outputs, as placeholders: the kube provider is never read by a validator. */
const PLATFORM = {
  clusterName: "",
  kubeProvider: {} as k8s.Provider,
  modelsKeyArn: "",
} as const;

export function identityComponentProblems(
  c: Partial<RampartConfig>,
  project: string,
  stack: string,
): string[] {
  const out: string[] = [];
  const { access, vault, organization } = c;
  const namespaces = c.namespaces ?? [];
  const tags = c.tags ?? {};
  if (access) {
    const args = accessArgsOf(
      {
        access: { ...access, identityProvider: access.identityProvider ?? STAND_IN_PROVIDER },
        namespaces,
        tags,
      },
      project,
      stack,
    );
    // Roles' default namespaces are not judged when rampart:namespaces itself did not parse (reported
    // there).
    const problems = validateAccessControlArgs({ ...args, ...PLATFORM }).filter(
      (p) => c.namespaces !== undefined || !(p.path[0] === "roles" && p.path[2] === "namespaces"),
    );
    out.push(...mapLines(problems, accessKeys(access)));
  }
  if (vault) {
    const args = vaultAccessArgsOf({ vault, access, namespaces }, project, stack, () => pulumi.secret(""));
    const problems = validateVaultAccessArgs({
      ...args,
      address: args.address ?? STAND_IN_ADDRESS,
      kubernetes: { ...args.kubernetes, host: "", caCertPem: "", issuer: "" },
    }).filter((p) => !(p.path[0] === "oidc" && p.path[1] === "roles"));
    const keys = vaultAccessKeys(access);
    for (const p of problems) {
      // The rotation is configured in days: say it in days, with the value the user wrote.
      if (p.path[0] === "transit" && p.path[1] === "autoRotateSeconds")
        out.push(
          `${keyOf(["vault", "transit", "autoRotateDays"])}: ${showValue(vault.transit.autoRotateDays)} is out of range (expected days, from one hour (Vault's minimum) to 365 days)`,
        );
      else out.push(...mapLines([p], keys));
    }
  }
  const guardrails = organization?.guardrails;
  if (guardrails) {
    const problems = validateOrgGuardrailsArgs(
      orgGuardrailsArgsOf({ guardrails, tags }, project, stack),
    ).filter((p) => !(p.path[0] === "accountRole" && guardrails.accountRole === undefined));
    out.push(...mapLines(problems, ORG_GUARDRAILS_KEYS));
  }
  return out;
}
