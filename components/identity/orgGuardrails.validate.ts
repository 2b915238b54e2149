import { type ArgProblem, Problems } from "../shared/problems";
import { tagArgProblems } from "../shared/rules";
import type { OrgGuardrailsArgs } from "./orgGuardrails.args";

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const TARGET = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|\d{12})$/;

/** `OrgGuardrails`' own checks: where the policies may be made, what they attach to. */
export function validateOrgGuardrailsArgs(args: OrgGuardrailsArgs): ArgProblem[] {
  const p = new Problems();
  if (args.accountRole !== "management" && args.accountRole !== "delegated-administrator")
    p.at(
      ["accountRole"],
      args.accountRole,
      'is not an organisation role (expected "management" or "delegated-administrator": only those accounts can create service control policies)',
    );
  if (args.allowedRegions.length === 0)
    p.at(
      ["allowedRegions"],
      args.allowedRegions,
      "must list the Regions data may live in (expected at least one)",
    );
  args.allowedRegions.forEach((r, i) => {
    if (!REGION.test(r)) p.at(["allowedRegions", i], r, "is not a Region code (expected e.g. eu-west-1)");
  });
  if (args.targetIds.length === 0)
    p.at(["targetIds"], args.targetIds, "must name the OUs or accounts to attach to (expected at least one)");
  args.targetIds.forEach((t, i) => {
    if (!TARGET.test(t))
      p.at(
        ["targetIds", i],
        t,
        "is not an OU or account ID (expected ou-xxxx-xxxxxxxx or 12 digits; never the root r-…, which would lock out the management account's own recovery)",
      );
  });
  (args.exemptPrincipalArns ?? []).forEach((a, i) => {
    if (!/^arn:aws[a-z-]*:iam::(\d{12}|\*):role\/[\w+=,.@/*-]+$/.test(a))
      p.at(
        ["exemptPrincipalArns", i],
        a,
        "is not an IAM role ARN pattern (expected arn:aws:iam::<account or *>:role/<name>)",
      );
  });
  p.under([], tagArgProblems(args.tags));
  return p.list;
}
