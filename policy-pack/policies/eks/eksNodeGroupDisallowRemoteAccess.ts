import { resourcePolicy } from "../../lib/policy";

/** @see https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html */
export const eksNodeGroupDisallowRemoteAccess = resourcePolicy({
  name: "aws-eks-nodegroup-disallow-remote-access",
  description:
    "Managed node groups must not enable SSH remote access: it puts a key pair on every node and (without " +
    "source security groups) opens port 22 to the internet. Use SSM Session Manager for node debugging.",
  catalog: ["CKV_AWS_100"],
  remediation: "Remove remoteAccess from the node group and debug nodes through SSM Session Manager.",
  types: ["aws:eks/nodeGroup:NodeGroup"],
  check: (props) => {
    if ("remoteAccess" in props && props.remoteAccess)
      return "Node group enables SSH remote access: remove remoteAccess and use SSM Session Manager.";
  },
});
