import { resourcePolicy } from "../../lib/policy";
import { asList } from "../../lib/values";

const ALL = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html */
export const eksClusterRequireControlPlaneLogs = resourcePolicy({
  name: "aws-eks-cluster-require-control-plane-logs",
  description:
    "EKS clusters must send all five control-plane log types (api, audit, authenticator, controllerManager, " +
    "scheduler) to CloudWatch: the audit and authenticator logs are the only record of who did what to the " +
    "cluster.",
  catalog: ["CKV_AWS_37", "AVD-AWS-0038"],
  remediation:
    'Set enabledClusterLogTypes to ["api", "audit", "authenticator", "controllerManager", "scheduler"].',
  types: ["aws:eks/cluster:Cluster"],
  check: (props) => {
    const enabled = "enabledClusterLogTypes" in props ? asList(props.enabledClusterLogTypes) : [];
    const missing = ALL.filter((t) => !enabled.includes(t));
    if (missing.length > 0)
      return `EKS control-plane log types missing: ${missing.join(", ")}: set enabledClusterLogTypes to all five.`;
  },
});
