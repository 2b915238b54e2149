import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketDisallowPublicAcl as policy } from "../../../policy-pack/policies/exposure/s3BucketDisallowPublicAcl";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const ACL = "aws:s3/bucketAcl:BucketAcl";
const ACL_V2 = "aws:s3/bucketAclV2:BucketAclV2";
const OBJECT = "aws:s3/bucketObject:BucketObject";
const OBJECT_V2 = "aws:s3/bucketObjectv2:BucketObjectv2";
const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTH_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
const LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";

const aclMsg = (acl: string, subject: string, exposure: string) =>
  `ACL "${acl}" makes the ${subject} ${exposure}: remove acl or set it to "private", and grant access through a policy that names the principals.`;
const acp = (...grants: unknown[]) => ({ owner: { id: "owner-id" }, grants });

test("private, unset and non-public canned ACLs pass on every type", async () => {
  for (const type of [BUCKET, BUCKET_V2, ACL, ACL_V2, OBJECT, OBJECT_V2]) {
    assert.deepEqual(await violations(policy, type, { bucket: "b" }), [], type);
    for (const acl of ["private", "bucket-owner-full-control", "log-delivery-write", "aws-exec-read"])
      assert.deepEqual(await violations(policy, type, { bucket: "b", acl }), [], `${type} ${acl}`);
  }
});

test("an inline public ACL on Bucket and BucketV2 is flagged", async () => {
  assert.deepEqual(await violations(policy, BUCKET, { acl: "public-read" }), [
    aclMsg("public-read", "bucket", "readable by anyone on the internet"),
  ]);
  assert.deepEqual(await violations(policy, BUCKET_V2, { acl: "public-read-write" }), [
    aclMsg("public-read-write", "bucket", "readable and writable by anyone on the internet"),
  ]);
  assert.deepEqual(await violations(policy, BUCKET, { acl: "authenticated-read" }), [
    aclMsg("authenticated-read", "bucket", "readable by any AWS account"),
  ]);
});

test("inline grants to AllUsers / AuthenticatedUsers on Bucket and BucketV2 are flagged", async () => {
  assert.deepEqual(
    await violations(policy, BUCKET, {
      grants: [
        { type: "CanonicalUser", id: "abc", permissions: ["FULL_CONTROL"] },
        { type: "Group", uri: ALL_USERS, permissions: ["READ"] },
      ],
    }),
    ["grants[1] grants the AllUsers group (anyone on the internet) access to the bucket: remove the grant."],
  );
  assert.deepEqual(
    await violations(policy, BUCKET_V2, {
      grants: [{ type: "Group", uri: AUTH_USERS, permissions: ["READ"] }],
    }),
    [
      "grants[0] grants the AuthenticatedUsers group (any AWS account) access to the bucket: remove the grant.",
    ],
  );
  assert.deepEqual(
    await violations(policy, BUCKET, {
      grants: [{ type: "Group", uri: LOG_DELIVERY, permissions: ["WRITE"] }],
    }),
    [],
  );
});

test("a public canned ACL on a separate BucketAcl / BucketAclV2 is flagged", async () => {
  for (const type of [ACL, ACL_V2])
    assert.deepEqual(
      await violations(policy, type, { bucket: "b", acl: "public-read" }),
      [aclMsg("public-read", "bucket", "readable by anyone on the internet")],
      type,
    );
});

test("BucketAcl accessControlPolicy grants to the public groups are flagged, others pass", async () => {
  for (const type of [ACL, ACL_V2]) {
    assert.deepEqual(
      await violations(policy, type, {
        bucket: "b",
        accessControlPolicy: acp(
          { grantee: { type: "CanonicalUser", id: "owner-id" }, permission: "FULL_CONTROL" },
          { grantee: { type: "Group", uri: ALL_USERS }, permission: "READ" },
          { grantee: { type: "Group", uri: AUTH_USERS }, permission: "WRITE" },
        ),
      }),
      [
        "accessControlPolicy.grants[1] grants the AllUsers group (anyone on the internet) access to the bucket: remove the grant.",
        "accessControlPolicy.grants[2] grants the AuthenticatedUsers group (any AWS account) access to the bucket: remove the grant.",
      ],
      type,
    );
    assert.deepEqual(
      await violations(policy, type, {
        bucket: "b",
        accessControlPolicy: acp(
          { grantee: { type: "CanonicalUser", id: "owner-id" }, permission: "FULL_CONTROL" },
          { grantee: { type: "Group", uri: LOG_DELIVERY }, permission: "WRITE" },
        ),
      }),
      [],
      type,
    );
  }
});

test("a public ACL on BucketObject / BucketObjectv2 is flagged as the object's", async () => {
  for (const type of [OBJECT, OBJECT_V2])
    assert.deepEqual(
      await violations(policy, type, { bucket: "b", key: "model.bin", acl: "public-read" }),
      [aclMsg("public-read", "object", "readable by anyone on the internet")],
      type,
    );
});

test("an unknown acl or grantee during preview is an advisory note, not a violation or a throw", async () => {
  const acl = await validate(policy, { type: BUCKET, props: { acl: UNKNOWN.string } });
  assert.deepEqual(acl.violations, []);
  assert.match(acl.unknownRead ?? "", /acl/);
  const grants = await validate(policy, {
    type: ACL,
    props: { bucket: "b", accessControlPolicy: acp({ grantee: { type: "Group", uri: UNKNOWN.string } }) },
  });
  assert.deepEqual(grants.violations, []);
  assert.match(grants.unknownRead ?? "", /uri/);
});

test("other types are ignored", async () => {
  assert.deepEqual(await violations(policy, "aws:s3/bucketPolicy:BucketPolicy", { acl: "public-read" }), []);
});
