/**
 * EKS Pod Identity trust, the one document every workload role of ours uses: the EKS Auth service
 * assumes the role and tags the session with the pod's namespace, service account and cluster; the
 * association (not this document) binds the role to one service account. `aws:SourceAccount` keeps
 * another account's cluster from using the role (confused deputy).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function podIdentityTrustPolicy(accountId: string) {
  return {
    Version: "2012-10-17" as const,
    Statement: [
      {
        Sid: "EksPodIdentity",
        Effect: "Allow" as const,
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}
