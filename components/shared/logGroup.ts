import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export interface EncryptedLogGroupArgs {
  /** The log group's name; it must match a prefix the logs key's policy admits. */
  readonly name: pulumi.Input<string>;
  /** The KeyRing's `logs` key. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Days to keep events (a CloudWatch Logs period: `logRetentionProblem`). */
  readonly retentionDays: number;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A log group we own, created before whatever writes to it: encrypted with our key and with a retention,
 * where a service left to create it would make it unencrypted and keep it forever.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/logs/encrypt-log-data-kms.html
 */
export function encryptedLogGroup(
  resourceName: string,
  args: EncryptedLogGroupArgs,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    resourceName,
    {
      name: args.name,
      kmsKeyId: args.kmsKeyArn,
      retentionInDays: args.retentionDays,
      tags: { ...args.tags },
    },
    opts,
  );
}
