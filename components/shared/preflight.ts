import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AUTO_SCALING_SLR,
  autoScalingRoleProblem,
  missingOfferings,
  offeringsProblem,
} from "./preflight.logic";

/**
 * Resolves to `true` once the Auto Scaling service-linked role is known to exist, or fails the update
 * with the command that creates it. Feed it into whatever needs the role, so nothing is created first.
 */
export function autoScalingRoleExists(opts: pulumi.InvokeOutputOptions): pulumi.Output<true> {
  return aws.iam
    .getRolesOutput(
      { nameRegex: `^${AUTO_SCALING_SLR.name}$`, pathPrefix: AUTO_SCALING_SLR.pathPrefix },
      opts,
    )
    .apply((roles) => {
      const problem = autoScalingRoleProblem(roles.names);
      if (problem) throw new pulumi.RunError(problem);
      return true as const;
    });
}

/**
 * Resolves to the instance types once EC2 is known to offer each of them in every zone, or fails the
 * update naming the missing (type, zone) pairs.
 */
export function offeredInstanceTypes(
  pool: string,
  instanceTypes: readonly string[],
  zones: readonly string[],
  opts: pulumi.InvokeOutputOptions,
): pulumi.Output<string[]> {
  return aws.ec2
    .getInstanceTypeOfferingsOutput(
      {
        locationType: "availability-zone",
        filters: [
          { name: "instance-type", values: [...instanceTypes] },
          { name: "location", values: [...zones] },
        ],
      },
      opts,
    )
    .apply((offered) => {
      const problem = offeringsProblem(pool, missingOfferings(instanceTypes, zones, offered));
      if (problem) throw new pulumi.RunError(problem);
      return [...instanceTypes];
    });
}
