import { worldCidrs } from "../../lib/network";
import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

/**
 * EKS's defaults are a public endpoint open to 0.0.0.0/0, so an unset flag or CIDR list is a violation.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
 */
export const eksClusterDisallowPublicEndpoint = resourcePolicy({
  name: "aws-eks-cluster-disallow-public-endpoint",
  description:
    "The EKS API endpoint must not be reachable from the whole internet: a public endpoint exposes the " +
    "Kubernetes API to credential stuffing and to the next API-server vulnerability. Use the private " +
    "endpoint, or restrict publicAccessCidrs.",
  catalog: ["CKV_AWS_38", "AVD-AWS-0041", "CIS EKS 5.4.1", "FSBP EKS.1"],
  remediation:
    "Set vpcConfig.endpointPublicAccess to false, or set vpcConfig.publicAccessCidrs to the operators' CIDR ranges (never 0.0.0.0/0 or ::/0).",
  types: ["aws:eks/cluster:Cluster"],
  check: (props) => {
    const vpc = "vpcConfig" in props ? asObject(props.vpcConfig) : undefined;
    if (vpc && "endpointPublicAccess" in vpc && vpc.endpointPublicAccess === false) return;
    const cidrs = vpc && "publicAccessCidrs" in vpc ? vpc.publicAccessCidrs : undefined;
    if (cidrs === undefined || (Array.isArray(cidrs) && cidrs.length === 0))
      return "EKS API endpoint is public to 0.0.0.0/0: set vpcConfig.endpointPublicAccess: false, or list publicAccessCidrs.";
    const world = worldCidrs(cidrs);
    if (world.length > 0)
      return `EKS API endpoint is public to ${world.join(", ")}: set vpcConfig.endpointPublicAccess: false, or narrow publicAccessCidrs.`;
  },
});
