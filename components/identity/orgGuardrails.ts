import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs } from "../shared/problems";
import type { OrgGuardrailsArgs, OrgGuardrailsOutputs } from "./orgGuardrails.args";
import {
  type Guardrail,
  orgGuardrailsProblems,
  resolveGuardrails,
  scpContent,
  scpPlans,
} from "./orgGuardrails.logic";

export type { OrgGuardrailsArgs, OrgGuardrailsOutputs } from "./orgGuardrails.args";

/**
 * Organisation guardrails: service control policies that keep data in the allowed Regions and stop
 * anyone in the target OUs or accounts from blinding the detection pipeline (trail, GuardDuty, Config,
 * Security Hub, the log archive), leaving the organisation or acting as the root user. Documents in
 * orgGuardrails.logic.ts. Only the management account or the delegated policy administrator can create
 * SCPs, so any other stack is refused before anything is registered.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html
 */
export class OrgGuardrails extends pulumi.ComponentResource implements OrgGuardrailsOutputs {
  public readonly policyIds: Readonly<Record<Guardrail, pulumi.Output<string>>>;

  constructor(name: string, args: OrgGuardrailsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("OrgGuardrails", name, orgGuardrailsProblems(args));
    super("rampart:identity:OrgGuardrails", name, {}, opts);
    const guardrails = resolveGuardrails(args);
    const ids: Partial<Record<Guardrail, pulumi.Output<string>>> = {};

    for (const plan of scpPlans(guardrails)) {
      const policy = new aws.organizations.Policy(
        `${name}-${plan.name}`,
        {
          name: `${args.namePrefix}-${plan.name}`,
          description: plan.description,
          type: "SERVICE_CONTROL_POLICY",
          content: scpContent(plan.document),
          tags: { ...args.tags, "rampart:guardrails": plan.guardrails.join(" ") },
        },
        { parent: this },
      );
      // One attachment per target: an OU's policies reach every account below it.
      // @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_auth.html
      args.targetIds.forEach(
        (targetId) =>
          new aws.organizations.PolicyAttachment(
            `${name}-${plan.name}-${targetId}`,
            { policyId: policy.id, targetId },
            { parent: this },
          ),
      );
      for (const g of plan.guardrails) ids[g] = policy.id;
    }

    this.policyIds = ids as Record<Guardrail, pulumi.Output<string>>;
    this.registerOutputs({ policyIds: this.policyIds });
  }
}
