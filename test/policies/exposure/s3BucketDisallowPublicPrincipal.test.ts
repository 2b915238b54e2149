import assert from "node:assert/strict";
import { test } from "node:test";
import { s3BucketDisallowPublicPrincipal as policy } from "../../../policy-pack/policies/exposure/s3BucketDisallowPublicPrincipal";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const json = (...Statement: unknown[]) => JSON.stringify(doc(...Statement));
const msg = (label: string) =>
  `Bucket policy ${label} allows any principal ("*") without a condition that restricts it: name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, aws:SourceArn or a similar key.`;
const publicRead = {
  Sid: "PublicRead",
  Effect: "Allow",
  Principal: "*",
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::b/*",
};

test("a bucket policy naming an account, and a Deny to everyone, pass", async () => {
  assert.deepEqual(
    await violations(policy, POLICY, {
      bucket: "b",
      policy: json(
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject" },
        {
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ),
    }),
    [],
  );
});

test('Principal "*" in a JSON-string BucketPolicy is flagged', async () => {
  assert.deepEqual(await violations(policy, POLICY, { bucket: "b", policy: json(publicRead) }), [
    msg('statement "PublicRead"'),
  ]);
});

test('{ AWS: "*" } (also in a list) in an object BucketPolicy is flagged', async () => {
  assert.deepEqual(
    await violations(policy, POLICY, {
      bucket: "b",
      policy: doc(
        { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject" },
        {
          Effect: "Allow",
          Principal: { AWS: ["arn:aws:iam::111122223333:root", "*"] },
          Action: "s3:PutObject",
        },
      ),
    }),
    [msg("statement 0"), msg("statement 1")],
  );
});

test("the inline policy of Bucket (string or object) and BucketV2 (string) is checked", async () => {
  assert.deepEqual(await violations(policy, BUCKET, { policy: json(publicRead) }), [
    msg('statement "PublicRead"'),
  ]);
  assert.deepEqual(await violations(policy, BUCKET, { policy: doc(publicRead) }), [
    msg('statement "PublicRead"'),
  ]);
  assert.deepEqual(await violations(policy, BUCKET_V2, { policy: json(publicRead) }), [
    msg('statement "PublicRead"'),
  ]);
  assert.deepEqual(await violations(policy, BUCKET_V2, { bucket: "b" }), []);
});

test("each restricting condition key (any case, ForAnyValue:) makes a wildcard principal pass", async () => {
  const conditions: Record<string, unknown>[] = [
    { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
    { StringEquals: { "aws:SourceVpc": "vpc-111bbb22" } },
    { StringEquals: { "aws:PrincipalAccount": "111122223333" } },
    { StringEquals: { "aws:PrincipalOrgID": ["o-abc123"] } },
    { StringEquals: { "aws:SourceAccount": "111122223333" } },
    { ArnLike: { "aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/E1" } },
    { IpAddress: { "aws:SourceIp": ["192.0.2.0/24", "2001:db8::/32"] } },
    { StringEquals: { "AWS:SourceOwner": "111122223333" } },
    { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc123/r-ab12/ou-ab12-11111111/*" } },
    { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/reader" } },
  ];
  for (const Condition of conditions)
    assert.deepEqual(
      await violations(policy, POLICY, { bucket: "b", policy: json({ ...publicRead, Condition }) }),
      [],
      JSON.stringify(Condition),
    );
});

test("conditions that do not restrict the caller are flagged", async () => {
  const conditions: Record<string, unknown>[] = [
    { Bool: { "aws:SecureTransport": "true" } },
    { StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
    { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" } },
    { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } },
    { StringLike: { "aws:PrincipalAccount": "*" } },
    { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } },
    { IpAddress: { "aws:SourceIp": ["192.0.2.0/24", "::/0"] } },
    { Null: { "aws:SourceVpce": "false" } },
    {},
  ];
  for (const Condition of conditions)
    assert.deepEqual(
      await violations(policy, POLICY, { bucket: "b", policy: json({ ...publicRead, Condition }) }),
      [msg('statement "PublicRead"')],
      JSON.stringify(Condition),
    );
});

test("an unreadable document is not judged", async () => {
  assert.deepEqual(await violations(policy, POLICY, { bucket: "b", policy: "{not json" }), []);
});

test("an unknown policy during preview is an advisory note; an unknown Resource does not stop the check", async () => {
  const whole = await validate(policy, { type: POLICY, props: { bucket: "b", policy: UNKNOWN.string } });
  assert.deepEqual(whole.violations, []);
  assert.match(whole.unknownRead ?? "", /policy/);
  const principal = await validate(policy, {
    type: POLICY,
    props: {
      bucket: "b",
      policy: doc({ Effect: "Allow", Principal: UNKNOWN.object, Action: "s3:GetObject" }),
    },
  });
  assert.deepEqual(principal.violations, []);
  assert.match(principal.unknownRead ?? "", /Principal/);
  assert.deepEqual(
    await violations(policy, POLICY, {
      bucket: UNKNOWN.string,
      policy: doc({ ...publicRead, Resource: UNKNOWN.string }),
    }),
    [msg('statement "PublicRead"')],
  );
});
