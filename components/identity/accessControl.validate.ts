import { type ArgProblem, Problems } from "../shared/problems";
import { tagArgProblems } from "../shared/rules";
import type { AccessControlArgs } from "./accessControl.args";
import { accessRoleName, IAM_LIMITS } from "./accessControl.iam.logic";
import { roleMapProblems } from "./roles.validate";

const PROVIDER_ARN = {
  saml: /^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/[\w+=,.@-]+$/,
  oidc: /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/[^\s*]+$/,
} as const;
const TAG_KEY = /^[\w.:/=+@-]{1,128}$/;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@/-]+$/;

/** `AccessControl`'s own checks (the role map's through `roleMapProblems`). */
export function validateAccessControlArgs(args: AccessControlArgs): ArgProblem[] {
  const p = new Problems();
  p.under(["roles"], roleMapProblems(args.roles));
  // The same prefix rule as the other components: it names IAM roles and policies and S3 buckets.
  if (typeof args.namePrefix !== "string" || !/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/.test(args.namePrefix))
    p.at(
      ["namePrefix"],
      args.namePrefix,
      "is not a name prefix (expected 2-24 lowercase letters, digits and -, starting with a letter)",
    );
  else
    args.roles.forEach((role, i) => {
      const roleName = accessRoleName(args.namePrefix, role.name);
      if (typeof role.name === "string" && roleName.length > IAM_LIMITS.roleName)
        p.at(
          ["roles", i, "name"],
          role.name,
          `makes the IAM role name ${roleName} ${roleName.length} characters long (expected at most ${IAM_LIMITS.roleName}: shorten the role name)`,
        );
    });
  const idp = args.identityProvider;
  if (idp.kind !== "saml" && idp.kind !== "oidc")
    p.at(
      ["identityProvider", "kind"],
      (idp as { kind: unknown }).kind,
      'is not a provider kind (expected "saml" or "oidc")',
    );
  else if (!PROVIDER_ARN[idp.kind].test(idp.providerArn ?? ""))
    p.at(
      ["identityProvider", "providerArn"],
      idp.providerArn,
      `is not an IAM ${idp.kind.toUpperCase()} provider ARN (expected arn:aws:iam::<account>:${idp.kind}-provider/<name>)`,
    );
  if (idp.kind === "oidc") {
    if (!idp.audience)
      p.at(
        ["identityProvider", "audience"],
        idp.audience,
        "must be set for an OIDC provider (expected the client ID tokens are issued to)",
      );
    if (!idp.issuerHost)
      p.at(
        ["identityProvider", "issuerHost"],
        idp.issuerHost,
        "must be set for an OIDC provider (expected its host and path as IAM keys it, without https://)",
      );
    else if (idp.issuerHost.includes("://"))
      p.at(
        ["identityProvider", "issuerHost"],
        idp.issuerHost,
        "is not an issuer host (expected host and path without https://)",
      );
  }
  if (args.mfaSessionTag !== undefined && !TAG_KEY.test(args.mfaSessionTag))
    p.at(
      ["mfaSessionTag"],
      args.mfaSessionTag,
      "is not a session tag key (expected 1-128 letters, digits and _.:/=+@-)",
    );
  if (
    args.mfaMaxAgeSeconds !== undefined &&
    (!Number.isInteger(args.mfaMaxAgeSeconds) || args.mfaMaxAgeSeconds < 60 || args.mfaMaxAgeSeconds > 43200)
  )
    p.at(
      ["mfaMaxAgeSeconds"],
      args.mfaMaxAgeSeconds,
      "is out of range (expected whole seconds from 60 to 43200)",
    );
  const breakGlass = args.roles.some((r) => r.breakGlass);
  const principals = args.breakGlassPrincipalArns ?? [];
  if (breakGlass && principals.length === 0)
    p.at(
      ["breakGlassPrincipalArns"],
      args.breakGlassPrincipalArns,
      "must name the IAM users or roles that may break the glass (expected at least one)",
    );
  principals.forEach((arn, i) => {
    if (!PRINCIPAL_ARN.test(arn))
      p.at(
        ["breakGlassPrincipalArns", i],
        arn,
        "is not an IAM user or role ARN (expected arn:aws:iam::<account>:user/<name> or role/<name>, no wildcards)",
      );
  });
  if (args.permissionsBoundaryArn !== undefined) {
    if (!/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/.test(args.permissionsBoundaryArn))
      p.at(
        ["permissionsBoundaryArn"],
        args.permissionsBoundaryArn,
        "is not a managed policy ARN (expected arn:aws:iam::<account>:policy/<name>)",
      );
  }
  if (!/^\/([\w.#-]+\/)+$/.test(args.logGroupPrefix))
    p.at(["logGroupPrefix"], args.logGroupPrefix, "is not a log group prefix (expected /rampart/<stack>/)");
  if (!/^[a-z0-9][a-z0-9.-]{1,40}-$/.test(args.modelBucketNamePrefix))
    p.at(
      ["modelBucketNamePrefix"],
      args.modelBucketNamePrefix,
      "is not a bucket name prefix (expected <namePrefix>-models-)",
    );
  p.under([], tagArgProblems(args.tags));
  return p.list;
}
