import type { PolicyResource } from "@pulumi/policy";
import { attachedTo } from "./refs";
import { seen, UNSEEN, type Unseen } from "./unknown";
import { asList, asObject, isTrue, tagValue } from "./values";

/**
 * S3 buckets and their settings in every form a program may write them: inline on `aws:s3/bucket:Bucket`
 * (v7, singular blocks) or `aws:s3/bucketV2:BucketV2` (plural lists), or as separate resources
 * (`BucketServerSideEncryptionConfiguration`, `BucketVersioning`, `BucketObjectLockConfiguration`,
 * `BucketLogging`, and their V2 aliases) that point at the bucket through `bucket`.
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucket/
 */

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;
export const SSE_TYPES = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
] as const;
export const VERSIONING_TYPES = [
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketVersioningV2:BucketVersioningV2",
] as const;
export const OBJECT_LOCK_TYPES = [
  "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
] as const;
export const LOGGING_TYPES = [
  "aws:s3/bucketLogging:BucketLogging",
  "aws:s3/bucketLoggingV2:BucketLoggingV2",
] as const;

export const BUCKET_ACL_TYPES = ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"] as const;
export const BUCKET_OBJECT_TYPES = [
  "aws:s3/bucketObject:BucketObject",
  "aws:s3/bucketObjectv2:BucketObjectv2",
] as const;
export const BUCKET_POLICY_TYPES = ["aws:s3/bucketPolicy:BucketPolicy"] as const;
/** No V2 alias exists for either public access block (checked against @pulumi/aws 7.48.0). */
export const PUBLIC_ACCESS_BLOCK_TYPES = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"] as const;
export const ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPES = [
  "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
] as const;

/** What identifies a bucket in another resource's `bucket`/`targetBucket`: its name, id or ARN. */
export const BUCKET_ID_PROPS = ["id", "bucket", "arn"] as const;

/** The bucket's `rampart:data-class` tag, or UNSEEN. */
export function dataClass(bucket: PolicyResource): string | undefined | Unseen {
  return seen(() => tagValue(bucket.props, "rampart:data-class"));
}

export interface SseDefault {
  readonly algorithm: string | undefined;
  readonly kmsKey: unknown;
}

/** The default-encryption settings of a list of rules, tolerating singular and plural spellings. */
function defaultsOfRules(rules: unknown): SseDefault[] {
  return asList(rules).flatMap((r) => {
    const rule = asObject(r);
    if (!rule) return [];
    const defs = [
      ...asList(rule.applyServerSideEncryptionByDefault),
      ...asList(rule.applyServerSideEncryptionByDefaults),
    ];
    return defs.flatMap((d) => {
      const o = asObject(d);
      if (!o) return [];
      return [
        {
          algorithm: typeof o.sseAlgorithm === "string" ? o.sseAlgorithm : undefined,
          kmsKey: o.kmsMasterKeyId,
        },
      ];
    });
  });
}

/** Inline default encryption of a Bucket / BucketV2, or UNSEEN. */
export function inlineSse(bucket: PolicyResource): SseDefault[] | Unseen {
  return seen(() => {
    const p = bucket.props;
    const blocks = [
      ...("serverSideEncryptionConfiguration" in p ? asList(p.serverSideEncryptionConfiguration) : []),
      ...("serverSideEncryptionConfigurations" in p ? asList(p.serverSideEncryptionConfigurations) : []),
    ];
    return blocks.flatMap((b) => {
      const o = asObject(b);
      return o ? [...defaultsOfRules(o.rule), ...defaultsOfRules(o.rules)] : [];
    });
  });
}

/** Default encryption set by a separate configuration resource, or UNSEEN. */
export function resourceSse(config: PolicyResource): SseDefault[] | Unseen {
  return seen(() => ("rules" in config.props ? defaultsOfRules(config.props.rules) : []));
}

/** Inline versioning of a Bucket (`versioning.enabled`) / BucketV2 (`versionings[].enabled`), or UNSEEN. */
export function inlineVersioning(bucket: PolicyResource): boolean | Unseen {
  return seen(() => {
    const p = bucket.props;
    const blocks = [
      ...("versioning" in p ? asList(p.versioning) : []),
      ...("versionings" in p ? asList(p.versionings) : []),
    ];
    return blocks.some((b) => asObject(b)?.enabled === true);
  });
}

/** Versioning "Enabled" on a separate BucketVersioning(V2) resource, or UNSEEN. */
export function resourceVersioning(r: PolicyResource): boolean | Unseen {
  return seen(() => {
    const c = "versioningConfiguration" in r.props ? asObject(r.props.versioningConfiguration) : undefined;
    return c?.status === "Enabled";
  });
}

/** Object lock switched on inline (`objectLockEnabled: true` or `objectLockConfiguration.objectLockEnabled: "Enabled"`). */
export function inlineObjectLock(bucket: PolicyResource): boolean | Unseen {
  return seen(() => {
    const p = bucket.props;
    if ("objectLockEnabled" in p && isTrue(p.objectLockEnabled)) return true;
    const c = "objectLockConfiguration" in p ? asObject(p.objectLockConfiguration) : undefined;
    return c !== undefined && "objectLockEnabled" in c && c.objectLockEnabled === "Enabled";
  });
}

/** Object lock on a separate BucketObjectLockConfiguration(V2): `objectLockEnabled` defaults to "Enabled". */
export function resourceObjectLock(r: PolicyResource): boolean | Unseen {
  return seen(() => !("objectLockEnabled" in r.props) || r.props.objectLockEnabled === "Enabled");
}

/** Inline server access logging: Bucket `logging.targetBucket` / BucketV2 `loggings[].targetBucket`. */
export function inlineLogging(bucket: PolicyResource): boolean | Unseen {
  return seen(() => {
    const p = bucket.props;
    const blocks = [
      ...("logging" in p ? asList(p.logging) : []),
      ...("loggings" in p ? asList(p.loggings) : []),
    ];
    return blocks.some((b) => {
      const o = asObject(b);
      return o !== undefined && typeof o.targetBucket === "string" && o.targetBucket.length > 0;
    });
  });
}

/**
 * The resources among `candidates` attached to `bucket` through their `bucket` property. Callers select
 * the candidates by type once per check (`ctx.ofType`), not once per bucket: a stack has many buckets.
 */
export function bucketAttachments(
  bucket: PolicyResource,
  candidates: readonly PolicyResource[],
  prop = "bucket",
) {
  return attachedTo(bucket, candidates, prop, BUCKET_ID_PROPS);
}

/**
 * Canned ACLs that grant access beyond the owner's account, and to whom: `public-read(-write)` the
 * AllUsers group (anyone, unauthenticated), `authenticated-read` the AuthenticatedUsers group (any AWS
 * account in the world, not just ours).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
 */
export const PUBLIC_CANNED_ACLS: Readonly<Record<string, string>> = {
  "public-read": "readable by anyone on the internet",
  "public-read-write": "readable and writable by anyone on the internet",
  "authenticated-read": "readable by any AWS account",
};

/** What a canned ACL exposes (see `PUBLIC_CANNED_ACLS`), or undefined for a private one. */
export function publicCannedAcl(acl: unknown): string | undefined {
  if (typeof acl !== "string") return undefined;
  const key = acl.trim().toLowerCase();
  return Object.hasOwn(PUBLIC_CANNED_ACLS, key) ? PUBLIC_CANNED_ACLS[key] : undefined;
}

/**
 * The predefined S3 groups that make an ACL grant public, by URI.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups
 */
const PUBLIC_GROUPS: Readonly<Record<string, string>> = {
  allusers: "the AllUsers group (anyone on the internet)",
  authenticatedusers: "the AuthenticatedUsers group (any AWS account)",
};

/** Who a grantee group URI (`http://acs.amazonaws.com/groups/global/AllUsers`) exposes to, or undefined. */
export function publicGroup(uri: unknown): string | undefined {
  if (typeof uri !== "string") return undefined;
  const m = /acs\.amazonaws\.com\/groups\/global\/([A-Za-z]+)\/?\s*$/.exec(uri.trim());
  const key = m?.[1]?.toLowerCase();
  return key !== undefined && Object.hasOwn(PUBLIC_GROUPS, key) ? PUBLIC_GROUPS[key] : undefined;
}

/**
 * The four switches of an S3 public access block (bucket or account), each with what leaving it off
 * allows. All four default to `false` on both `BucketPublicAccessBlock` and `AccountPublicAccessBlock`
 * (@pulumi/aws 7.48.0 docs), so an unset switch is off.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-options
 */
export const PUBLIC_ACCESS_BLOCK_SETTINGS = {
  blockPublicAcls: "new public ACLs are accepted",
  ignorePublicAcls: "existing public ACLs take effect",
  blockPublicPolicy: "public bucket policies are accepted",
  restrictPublicBuckets: "public bucket policies take effect",
} as const;
export type PublicAccessBlockSetting = keyof typeof PUBLIC_ACCESS_BLOCK_SETTINGS;
export const PUBLIC_ACCESS_BLOCK_KEYS = Object.keys(
  PUBLIC_ACCESS_BLOCK_SETTINGS,
) as PublicAccessBlockSetting[];

export interface PublicAccessBlockGap {
  readonly key: PublicAccessBlockSetting;
  readonly unset: boolean;
}

/** The switches of a public access block's props that are not on: `unset` when absent (default false). */
export function publicAccessBlockGaps(props: Record<string, any>): PublicAccessBlockGap[] {
  return PUBLIC_ACCESS_BLOCK_KEYS.flatMap((key): PublicAccessBlockGap[] => {
    if (!(key in props) || props[key] === undefined || props[key] === null) return [{ key, unset: true }];
    return isTrue(props[key]) ? [] : [{ key, unset: false }];
  });
}

/** Whether a public access block (bucket or account) has all four switches on, or UNSEEN. */
export function publicAccessBlockAllOn(r: PolicyResource): boolean | Unseen {
  return seen(() => publicAccessBlockGaps(r.props).length === 0);
}

export { UNSEEN };

export const LIFECYCLE_TYPES = [
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
] as const;

/** An expiration block that deletes current objects: `days` > 0 or a `date`. */
function expires(expiration: unknown): boolean {
  return asList(expiration).some((e) => {
    const o = asObject(e);
    if (!o) return false;
    const days = typeof o.days === "number" ? o.days : Number.NaN;
    return days > 0 || (typeof o.date === "string" && o.date.trim() !== "");
  });
}

/**
 * Whether a rule list expires current objects, as inline `lifecycleRules` (`enabled: true`) or a
 * lifecycle configuration's `rules` (`status: "Enabled"`) write it. Only a rule without a prefix or
 * filter narrowing it covers the whole bucket; narrowed rules do not count.
 */
export function rulesExpireAll(rules: unknown, form: "inline" | "resource"): boolean {
  return asList(rules).some((r) => {
    const o = asObject(r);
    if (!o) return false;
    const on = form === "inline" ? o.enabled === true : o.status === "Enabled";
    if (!on || !expires(o.expiration)) return false;
    const prefix = typeof o.prefix === "string" ? o.prefix : "";
    const filter = asObject(asList(o.filter)[0]);
    const narrowed =
      prefix !== "" ||
      (filter !== undefined &&
        Object.entries(filter).some(
          ([k, v]) =>
            v !== undefined &&
            v !== null &&
            v !== "" &&
            k !== "objectSizeGreaterThan" &&
            k !== "objectSizeLessThan",
        ));
    return !narrowed;
  });
}

/** Inline lifecycle expiration of a Bucket / BucketV2 (`lifecycleRules`), or UNSEEN. */
export function inlineExpiration(bucket: PolicyResource): boolean | Unseen {
  return seen(() =>
    "lifecycleRules" in bucket.props ? rulesExpireAll(bucket.props.lifecycleRules, "inline") : false,
  );
}

/** Expiration set by a separate lifecycle configuration resource, or UNSEEN. */
export function resourceExpiration(r: PolicyResource): boolean | Unseen {
  return seen(() => ("rules" in r.props ? rulesExpireAll(r.props.rules, "resource") : false));
}

/**
 * The default retention mode of a bucket's Object Lock: inline `objectLockConfiguration.rule` or a
 * separate configuration's `rule`, `defaultRetention.mode`; undefined when no default retention is set.
 */
export function retentionMode(props: Record<string, any>, inline: boolean): string | undefined {
  const block = inline ? asObject(props.objectLockConfiguration) : props;
  const rule = asObject(asList(block?.rule)[0]);
  const retention = asObject(asList(rule?.defaultRetention)[0]);
  return typeof retention?.mode === "string" && retention.mode !== "" ? retention.mode : undefined;
}
