import { stackPolicy, type StackViolation } from "../../lib/policy";
import { refersTo, stringsOf } from "../../lib/refs";
import { seen, UNSEEN } from "../../lib/unknown";
import { tagValue } from "../../lib/values";

/** The tag that marks a managed policy as a permissions boundary (AccessControl sets it on its own). */
export const BOUNDARY_TAG = "rampart:policy-use";
export const BOUNDARY_USE = "permissions-boundary";

const POLICY = "aws:iam/policy:Policy";
const ROLE = "aws:iam/role:Role";
/** Resources that attach a managed policy as an identity policy, by their `policyArn`. */
const ATTACHMENTS = [
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  "aws:iam/policyAttachment:PolicyAttachment",
];

/**
 * A boundary's `Allow *` is a ceiling; attached as an identity policy it is full administrator access.
 * aws-iam-policy-disallow-wildcard-admin exempts policies tagged as boundaries; this policy makes sure a
 * policy so tagged is never attached as an identity policy (by an attachment resource, or a role's
 * `managedPolicyArns`), so the tag cannot hide an administrator grant.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export const iamBoundaryPolicyDisallowIdentityUse = stackPolicy({
  name: "aws-iam-boundary-policy-disallow-identity-use",
  description:
    "A managed policy tagged rampart:policy-use=permissions-boundary must only be used as a permissions " +
    "boundary, never attached to a role, user or group as an identity policy: a boundary typically allows " +
    '"*" as its ceiling, which attached as a grant is full administrator access (CIS AWS Foundations 1.16, ' +
    "no full administrative privileges; AWS IAM permissions boundaries). Remedy: attach a scoped policy " +
    "instead, and reference the boundary only in permissionsBoundary.",
  catalog: ["CIS AWS 1.16", "AVD-AWS-0057"],
  remediation:
    "Remove the boundary policy's ARN from every policyArn and managedPolicyArns, and reference it only in permissionsBoundary.",
  types: [POLICY, ROLE, ...ATTACHMENTS],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const boundaries = ctx
      .ofType(POLICY)
      .filter((p) => seen(() => tagValue(p.props, BOUNDARY_TAG)) === BOUNDARY_USE);
    for (const boundary of boundaries) {
      for (const att of ctx.ofType(...ATTACHMENTS)) {
        if (refersTo(att, "policyArn", boundary, ["arn", "id"]) === true)
          out.push({
            urn: att.urn,
            message: `Attaches the permissions boundary "${boundary.name}" as an identity policy: a boundary's allow is a ceiling, attached it grants all of it. Attach a scoped policy; use the boundary only as permissionsBoundary.`,
          });
      }
      for (const role of ctx.ofType(ROLE)) {
        const managed = stringsOf(role, "managedPolicyArns");
        const arn = seen(() => ("arn" in boundary.props ? boundary.props.arn : undefined));
        const viaDeps = (role.propertyDependencies?.managedPolicyArns ?? []).some(
          (d) => d.urn === boundary.urn,
        );
        if (viaDeps || (managed !== UNSEEN && typeof arn === "string" && managed.includes(arn)))
          out.push({
            urn: role.urn,
            message: `Lists the permissions boundary "${boundary.name}" in managedPolicyArns: attached, its allow is a grant. Use it only as permissionsBoundary.`,
          });
      }
    }
    return out;
  },
});
