import { isAllow, parsePolicyDocument, statementLabel, type Statement } from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";
import {
  allowsAnyOf,
  FEDERATED_ASSUME_ACTIONS,
  federatedPrincipals,
  isSharedIssuer,
  pinsKey,
  readFederated,
} from "../../lib/trust";

/** The audience of AWS's SAML sign-in endpoint, which every console federation uses. */
const SAML_AUDIENCE = "https://signin.aws.amazon.com/saml";

function findings(s: Statement): string[] {
  const label = statementLabel(s);
  return federatedPrincipals(s.principal).flatMap((raw) => {
    const idp = readFederated(raw);
    if (!idp) return [];
    if (idp.kind === "saml") {
      if (pinsKey(s.condition, "SAML:aud")) return [];
      return [
        `Trust policy ${label} trusts SAML provider ${idp.arn} without a SAML:aud condition: add ` +
          `Condition { StringEquals: { "SAML:aud": "${SAML_AUDIENCE}" } } so only assertions made for AWS sign-in are accepted.`,
      ];
    }
    if (isSharedIssuer(idp.host)) {
      if (pinsKey(s.condition, `${idp.host}:sub`)) return [];
      return [
        `Trust policy ${label} trusts ${idp.host} without a ${idp.host}:sub condition: every token that issuer ` +
          `grants (any pod of the cluster, any repository) could take the role; add Condition { StringEquals: { "${idp.host}:sub": "<the one subject>" } }.`,
      ];
    }
    if (pinsKey(s.condition, `${idp.host}:aud`)) return [];
    return [
      `Trust policy ${label} trusts ${idp.host} without a ${idp.host}:aud condition: any client of that ` +
        `identity provider could take the role; add Condition { StringEquals: { "${idp.host}:aud": "<your client ID>" } }.`,
    ];
  });
}

/**
 * A federated trust is only as narrow as its condition: without an audience, a SAML assertion or OIDC
 * token issued for any other application of the same identity provider is accepted; for issuers shared
 * by many parties (EKS IRSA, GitHub Actions) the subject is what names the caller. Conditions count when
 * a positive string operator (`StringEquals`, `StringLike`...) compares the key with a concrete value;
 * `...IfExists`, negated operators and a bare `"*"` do not.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
export const iamRoleRequireFederatedAudience = resourcePolicy({
  name: "aws-iam-role-require-federated-audience",
  description:
    "Role trust policies that trust a federated identity provider must pin who the token was issued for " +
    "(SAML: SAML:aud; OIDC: <host>:aud; EKS IRSA and GitHub Actions: <host>:sub). Without it any " +
    "application, pod or repository that the same provider serves can take the role (Checkov CKV_AWS_358 " +
    "for GitHub Actions; EKS best practices for IRSA). Remedy: add the audience or subject condition with StringEquals.",
  catalog: ["CKV_AWS_358"],
  remediation:
    "Add a StringEquals condition on SAML:aud, <host>:aud or (for EKS IRSA and GitHub Actions) <host>:sub to every federated statement of assumeRolePolicy.",
  types: ["aws:iam/role:Role"],
  check: (props) => {
    if (!("assumeRolePolicy" in props)) return;
    return (parsePolicyDocument(props.assumeRolePolicy) ?? [])
      .filter((s) => isAllow(s) && allowsAnyOf(s, FEDERATED_ASSUME_ACTIONS))
      .flatMap(findings);
  },
});
