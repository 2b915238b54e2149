import { resourcePolicy } from "../../lib/policy";
import { asList, asObject } from "../../lib/values";

const REPOSITORY = "aws:ecr/repository:Repository";

/**
 * A repository creation template (for repositories ECR creates itself: pull-through cache, replication,
 * create-on-push) carries the same `encryptionConfigurations`, and is judged the same way, except one
 * applied to pull-through caches only: those repositories hold copies of public upstream images, and a
 * KMS key in a template needs a custom role ECR assumes (`customRoleArn`), so AES256 is accepted there.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html
 */
export const ecrRepositoryRequireKms = resourcePolicy({
  name: "aws-ecr-repository-require-kms",
  description:
    "ECR repositories must encrypt images with KMS (not the AES256 default), so pulling an inference image " +
    "also requires the key policy's consent and is logged.",
  catalog: ["CKV_AWS_136", "AVD-AWS-0033"],
  remediation: 'Set encryptionConfigurations to [{ encryptionType: "KMS", kmsKey: <key ARN> }].',
  types: [REPOSITORY, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"],
  check: (props, ctx) => {
    if (ctx.type !== REPOSITORY && "appliedFors" in props) {
      const uses = asList(props.appliedFors);
      if (uses.length > 0 && uses.every((u) => u === "PULL_THROUGH_CACHE")) return;
    }
    const configs = "encryptionConfigurations" in props ? asList(props.encryptionConfigurations) : [];
    const kms = configs.some((c) => {
      const t = asObject(c)?.encryptionType;
      return t === "KMS" || t === "KMS_DSSE";
    });
    if (!kms)
      return `ECR ${ctx.type === REPOSITORY ? "repository" : "repository creation template"} is not encrypted with KMS: set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey }].`;
  },
});
