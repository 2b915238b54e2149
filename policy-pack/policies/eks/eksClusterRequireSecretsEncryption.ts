import { resourcePolicy } from "../../lib/policy";
import { asList, asObject } from "../../lib/values";

/** @see https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html */
export const eksClusterRequireSecretsEncryption = resourcePolicy({
  name: "aws-eks-cluster-require-secrets-encryption",
  description:
    "EKS clusters must envelope-encrypt Kubernetes Secrets with a KMS key, so secrets in etcd (and its " +
    "backups) are not readable without the key policy's consent.",
  catalog: ["CKV_AWS_58", "AVD-AWS-0039", "CIS EKS 5.3.1"],
  remediation: 'Set encryptionConfig to { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }.',
  types: ["aws:eks/cluster:Cluster"],
  check: (props) => {
    const enc = "encryptionConfig" in props ? asObject(props.encryptionConfig) : undefined;
    if (!enc || !asList(enc.resources).includes("secrets"))
      return 'EKS secrets are not envelope-encrypted: set encryptionConfig: { resources: ["secrets"], provider: { keyArn } }.';
  },
});
