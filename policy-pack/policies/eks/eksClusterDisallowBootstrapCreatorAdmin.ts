import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

/**
 * With the flag on (the API's default), EKS makes whoever called CreateCluster a cluster admin through an
 * access entry nobody declared: a CI role or a laptop profile keeps cluster-admin for the cluster's life.
 * The replacement is an explicit access entry in the stack (HardenedCluster's deployer entry).
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html
 */
export const eksClusterDisallowBootstrapCreatorAdmin = resourcePolicy({
  name: "aws-eks-cluster-disallow-bootstrap-creator-admin",
  description:
    "EKS clusters must not make their creator a cluster admin implicitly (accessConfig." +
    "bootstrapClusterCreatorAdminPermissions defaults to true): the creating principal, often a CI role, " +
    "keeps an undeclared cluster-admin access entry for the cluster's life (EKS Best Practices, Identity " +
    "and Access Management; CIS EKS 4.1.1 least privilege). Remedy: set it to false and declare the " +
    "deployer's access entry explicitly.",
  catalog: ["CIS EKS 4.1.1", "AVD-KSV-0111"],
  remediation:
    "Set accessConfig.bootstrapClusterCreatorAdminPermissions to false and declare the deployer's access entry explicitly.",
  types: ["aws:eks/cluster:Cluster"],
  check: (props) => {
    const access = "accessConfig" in props ? asObject(props.accessConfig) : undefined;
    const flag =
      access && "bootstrapClusterCreatorAdminPermissions" in access
        ? access.bootstrapClusterCreatorAdminPermissions
        : undefined;
    if (flag === false || flag === "false") return;
    const shown = flag === undefined || flag === "" ? "unset (the EKS API's default, true)" : String(flag);
    return `bootstrapClusterCreatorAdminPermissions is ${shown}: set accessConfig.bootstrapClusterCreatorAdminPermissions to false and declare the deployer's access entry.`;
  },
});
