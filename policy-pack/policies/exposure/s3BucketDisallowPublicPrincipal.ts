import { publicPolicyViolations } from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";
import { BUCKET_POLICY_TYPES, BUCKET_TYPES } from "../../lib/s3";

/**
 * A bucket policy is public when it allows `"*"` (or `{ AWS: "*" }`) without a condition pinning the
 * caller to an account, organization, VPC endpoint, source resource or IP range (lib/iam.ts
 * `restrictsPrincipal`), which is how S3's own policy-status check decides it. Checked on a separate
 * `BucketPolicy` and on the inline `policy` of `Bucket`/`BucketV2`, as a JSON string or an object.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketpolicy/
 */
export const s3BucketDisallowPublicPrincipal = resourcePolicy({
  name: "aws-s3-bucket-disallow-public-principal",
  description:
    'S3 bucket policies must not allow any principal ("*") without a condition restricting the caller ' +
    "(organization, account, VPC endpoint, source ARN or IP): that publishes the bucket's objects to " +
    "everyone on the internet.",
  catalog: ["CKV_AWS_70"],
  remediation:
    'Remove the bucket policy statement allowing Principal "*", or add a condition pinning the caller (aws:PrincipalOrgID, aws:SourceVpce, aws:SourceArn).',
  types: [...BUCKET_POLICY_TYPES, ...BUCKET_TYPES],
  check: (props) => {
    if (!("policy" in props)) return;
    return publicPolicyViolations(props.policy, "Bucket policy");
  },
});
