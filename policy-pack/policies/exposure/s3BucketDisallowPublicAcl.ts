import { resourcePolicy } from "../../lib/policy";
import {
  BUCKET_ACL_TYPES,
  BUCKET_OBJECT_TYPES,
  BUCKET_TYPES,
  publicCannedAcl,
  publicGroup,
} from "../../lib/s3";
import { asList, asObject } from "../../lib/values";

/**
 * Every form a program can give a bucket or an object a public ACL in: the canned `acl` inline on
 * `Bucket`/`BucketV2` (and their inline `grants[].uri`), on a separate `BucketAcl`/`BucketAclV2` (`acl`,
 * `accessControlPolicy.grants[].grantee.uri`), and on `BucketObject`/`BucketObjectv2` (`acl`). AWS has
 * recommended disabling ACLs altogether (Object Ownership "BucketOwnerEnforced") since 2023.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketacl/
 */
export const s3BucketDisallowPublicAcl = resourcePolicy({
  name: "aws-s3-bucket-disallow-public-acl",
  description:
    "S3 buckets and objects must not carry ACLs that grant access to AllUsers or AuthenticatedUsers " +
    "(public-read, public-read-write, authenticated-read, or such a grantee): anyone on the internet, or any " +
    "AWS account, could read (or overwrite) model weights, prompts and logs.",
  catalog: ["AVD-AWS-0092", "CKV_AWS_375"],
  remediation:
    'Set acl to "private" (or remove it) and drop every grant to the AllUsers or AuthenticatedUsers group.',
  types: [...BUCKET_TYPES, ...BUCKET_ACL_TYPES, ...BUCKET_OBJECT_TYPES],
  check: (props, { type }) => {
    const subject = (BUCKET_OBJECT_TYPES as readonly string[]).includes(type) ? "object" : "bucket";
    const out: string[] = [];
    if ("acl" in props) {
      const exposure = publicCannedAcl(props.acl);
      if (exposure)
        out.push(
          `ACL "${String(props.acl)}" makes the ${subject} ${exposure}: remove acl or set it to "private", ` +
            "and grant access through a policy that names the principals.",
        );
    }
    // Bucket/BucketV2 inline `grants[]` carry the grantee's `uri` directly; BucketAcl nests it.
    const grants: { label: string; uri: unknown }[] = [];
    if ((BUCKET_TYPES as readonly string[]).includes(type) && "grants" in props)
      asList(props.grants).forEach((g, i) => {
        const o = asObject(g);
        if (o && "uri" in o) grants.push({ label: `grants[${i}]`, uri: o.uri });
      });
    if ((BUCKET_ACL_TYPES as readonly string[]).includes(type) && "accessControlPolicy" in props) {
      const acp = asObject(props.accessControlPolicy);
      if (acp && "grants" in acp)
        asList(acp.grants).forEach((g, i) => {
          const grantee = asObject(asObject(g)?.grantee);
          if (grantee && "uri" in grantee)
            grants.push({ label: `accessControlPolicy.grants[${i}]`, uri: grantee.uri });
        });
    }
    for (const g of grants) {
      const who = publicGroup(g.uri);
      if (who) out.push(`${g.label} grants ${who} access to the ${subject}: remove the grant.`);
    }
    return out;
  },
});
