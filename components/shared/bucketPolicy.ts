/**
 * The statement every bucket policy of ours starts with: no request over plain HTTP, to the bucket or
 * its objects, from anyone.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
 */
export function denyInsecureTransport(bucketArn: string) {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny" as const,
    Principal: "*" as const,
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
