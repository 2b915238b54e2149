import { resourcePolicy } from "../../lib/policy";
import {
  ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPES,
  PUBLIC_ACCESS_BLOCK_SETTINGS,
  PUBLIC_ACCESS_BLOCK_TYPES,
  publicAccessBlockGaps,
} from "../../lib/s3";

/**
 * A public access block with a switch off is the usual first step of making a bucket public. All four
 * switches default to `false` on both resources (the provider docs for `BucketPublicAccessBlock` and
 * `AccountPublicAccessBlock` say "Defaults to `false`"), so an unset switch is flagged as well as an
 * explicit `false`.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketpublicaccessblock/
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/s3/accountpublicaccessblock/
 */
export const s3PublicAccessBlockRequireAllEnabled = resourcePolicy({
  name: "aws-s3-publicaccessblock-require-all-enabled",
  description:
    "S3 public access blocks (bucket and account) must turn on blockPublicAcls, ignorePublicAcls, " +
    "blockPublicPolicy and restrictPublicBuckets: each switch left off (they default to false) lets a public " +
    "ACL or bucket policy expose data that the block exists to protect.",
  catalog: [
    "CKV_AWS_53",
    "CKV_AWS_54",
    "CKV_AWS_55",
    "CKV_AWS_56",
    "AVD-AWS-0086",
    "AVD-AWS-0087",
    "AVD-AWS-0091",
    "AVD-AWS-0093",
  ],
  remediation: "Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.",
  types: [...PUBLIC_ACCESS_BLOCK_TYPES, ...ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPES],
  check: (props, { type }) => {
    const scope = (ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPES as readonly string[]).includes(type)
      ? "Account public access block"
      : "Public access block";
    return publicAccessBlockGaps(props).map(({ key, unset }) =>
      unset
        ? `${scope}: ${key} is not set and defaults to false, so ${PUBLIC_ACCESS_BLOCK_SETTINGS[key]}: set ${key}: true.`
        : `${scope}: ${key} is false, so ${PUBLIC_ACCESS_BLOCK_SETTINGS[key]}: set ${key}: true.`,
    );
  },
});
