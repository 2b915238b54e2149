import { resourcePolicy } from "../../lib/policy";

/**
 * `IMMUTABLE_WITH_EXCLUSION` leaves the tags matching its filters mutable; it is allowed only when config
 * `allowExclusions` is true.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
 */
export const ecrRepositoryRequireImmutableTags = resourcePolicy({
  name: "aws-ecr-repository-require-immutable-tags",
  description:
    "ECR repositories must make image tags immutable: a mutable tag lets anyone with push access swap the " +
    "image a deployment runs without changing its manifest (the default is MUTABLE).",
  catalog: ["CKV_AWS_51", "AVD-AWS-0031", "FSBP ECR.2"],
  remediation: 'Set imageTagMutability to "IMMUTABLE".',
  types: ["aws:ecr/repository:Repository"],
  configSchema: {
    properties: {
      allowExclusions: {
        type: "boolean",
        default: false,
        description: "Accept IMMUTABLE_WITH_EXCLUSION (some tags stay mutable).",
      },
    },
  },
  check: (props, ctx) => {
    const m = "imageTagMutability" in props ? props.imageTagMutability : "MUTABLE";
    if (m === "IMMUTABLE") return;
    if (m === "IMMUTABLE_WITH_EXCLUSION" && ctx.config.allowExclusions === true) return;
    return `ECR image tags are ${String(m)}: set imageTagMutability: "IMMUTABLE".`;
  },
});
