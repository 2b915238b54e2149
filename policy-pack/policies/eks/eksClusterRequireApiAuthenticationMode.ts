import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

/**
 * The aws-auth ConfigMap is edited by anyone who can write ConfigMaps in kube-system, is not an AWS API
 * (no CloudTrail event, no IAM condition) and one typo locks everyone out; access entries are an AWS API.
 * The EKS API's default, when accessConfig is omitted, is CONFIG_MAP.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
 */
export const eksClusterRequireApiAuthenticationMode = resourcePolicy({
  name: "aws-eks-cluster-require-api-authentication-mode",
  description:
    'EKS clusters must authenticate IAM principals through access entries only (accessConfig.authenticationMode "API"): ' +
    "CONFIG_MAP and API_AND_CONFIG_MAP keep the aws-auth ConfigMap, which anyone able to edit kube-system " +
    "ConfigMaps can use to map themselves to system:masters, outside CloudTrail and IAM (EKS Best Practices, " +
    'Identity and Access Management; CIS EKS Benchmark 1.7 Cluster Access Manager API, Kubescape C-0285). Remedy: set accessConfig: { authenticationMode: "API" }.',
  catalog: ["AVD-KSV-0115", "CIS EKS 4.1.7"],
  remediation: 'Set accessConfig.authenticationMode to "API" and grant access with EKS access entries.',
  types: ["aws:eks/cluster:Cluster"],
  check: (props) => {
    const access = "accessConfig" in props ? asObject(props.accessConfig) : undefined;
    const mode = access && "authenticationMode" in access ? access.authenticationMode : undefined;
    if (mode === "API") return;
    const shown =
      typeof mode === "string" && mode !== "" ? `"${mode}"` : "unset (the EKS API's default, CONFIG_MAP)";
    return `EKS authentication mode is ${shown}: set accessConfig.authenticationMode to "API" so only access entries grant cluster access.`;
  },
});
