/**
 * Alertmanager's AWS identity: an IAM role assumed through EKS Pod Identity by the `alertmanager`
 * service account of `monitoring` only (the association binds it), allowed to publish to the SIEM's
 * alert topic and nothing else.
 */

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Record<string, string>;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

/** The account of an ARN (`arn:<partition>:<service>:<region>:<account>:...`). */
export function accountOfArn(arn: string): string {
  const account = arn.split(":")[4];
  if (!account || !/^\d{12}$/.test(account))
    throw new Error(`alertTopicArn: "${arn}" names no 12-digit account`);
  return account;
}

/**
 * Publish to the one topic; the topic's KMS key only through SNS (a publisher to an encrypted topic needs
 * GenerateDataKey and Decrypt on its key: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
 */
export function alertPublishPolicy(topicArn: string, keyArn: string, region: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "PublishAlerts", Effect: "Allow", Action: "sns:Publish", Resource: topicArn },
      {
        Sid: "EncryptAlertsThroughSns",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: keyArn,
        Condition: { StringEquals: { "kms:ViaService": `sns.${region}.amazonaws.com` } },
      },
    ],
  };
}
