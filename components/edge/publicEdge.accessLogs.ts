/**
 * The load balancer's access-log bucket policy (pure). ALB access logs are written by Elastic Load
 * Balancing: in Regions available before August 2022 by the Region's ELB account (named by its root
 * ARN), in newer Regions by the `logdelivery.elasticloadbalancing.amazonaws.com` service principal.
 * The bucket must use SSE-S3: access logs do not support SSE-KMS.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */

import { denyInsecureTransport } from "../shared/bucketPolicy";

/** The ELB account of each Region that has one (Regions available before August 2022). */
export const ELB_ACCOUNT_IDS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-gov-west-1": "048591011584",
  "us-gov-east-1": "190560391635",
  "cn-north-1": "638102146993",
  "cn-northwest-1": "037604701340",
};

export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/** Who writes a Region's access logs: its ELB account, or the log delivery service principal. */
export function elbLogDeliveryPrincipal(
  partition: string,
  region: string,
): { readonly AWS: string } | { readonly Service: string } {
  const account = ELB_ACCOUNT_IDS[region];
  return account ? { AWS: `arn:${partition}:iam::${account}:root` } : { Service: ELB_LOG_DELIVERY_SERVICE };
}

export interface AccessLogPolicyContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly bucketArn: string;
  /** The load balancer's `accessLogs.prefix`. */
  readonly prefix: string;
}

/**
 * Elastic Load Balancing may put objects under `<prefix>/AWSLogs/<our account>/` only; nothing reaches
 * the bucket without TLS. Reading is left to the account's IAM (no statement grants it here).
 */
export function accessLogBucketPolicy(c: AccessLogPolicyContext) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ElbWritesAccessLogs",
        Effect: "Allow",
        Principal: elbLogDeliveryPrincipal(c.partition, c.region),
        Action: "s3:PutObject",
        Resource: `${c.bucketArn}/${c.prefix}/AWSLogs/${c.accountId}/*`,
      },
      denyInsecureTransport(c.bucketArn),
    ],
  };
}
