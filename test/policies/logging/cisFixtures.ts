import { res } from "../helpers/awsStack";

/**
 * The CIS AWS Foundations Benchmark's own metric filter patterns (section 4 / Security Hub CloudWatch.1-14,
 * written out by hand from the benchmark, not derived from the policy's token list), one filter and one
 * alarm each on the trail's log group: a stack that should pass.
 */
export const CIS_PATTERNS: Record<string, string> = {
  "CloudWatch.1":
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  "CloudWatch.2": '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
  "CloudWatch.3": '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  "CloudWatch.4":
    "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||" +
    "($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||" +
    "($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||" +
    "($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||" +
    "($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||" +
    "($.eventName=DetachGroupPolicy)}",
  "CloudWatch.5":
    "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || " +
    "($.eventName = StartLogging) || ($.eventName = StopLogging) }",
  "CloudWatch.6": '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  "CloudWatch.7":
    "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
  "CloudWatch.8":
    "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || " +
    "($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || " +
    "($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || " +
    "($.eventName = DeleteBucketReplication)) }",
  "CloudWatch.9":
    "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||" +
    "($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }",
  "CloudWatch.10":
    "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || " +
    "($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || " +
    "($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
  "CloudWatch.11":
    "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || " +
    "($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || " +
    "($.eventName = ReplaceNetworkAclAssociation) }",
  "CloudWatch.12":
    "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || " +
    "($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || " +
    "($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
  "CloudWatch.13":
    "{($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || " +
    "($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || " +
    "($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }",
  "CloudWatch.14":
    "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || " +
    "($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || " +
    "($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || " +
    "($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || " +
    "($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
};

export const TRAIL = "aws:cloudtrail/trail:Trail";
export const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
export const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const GROUP_NAME = "/rampart/prod/trail";
export const GROUP_ARN = `arn:aws:logs:eu-west-1:111122223333:log-group:${GROUP_NAME}`;
export const TOPIC = "arn:aws:sns:eu-west-1:111122223333:rampart-prod-alerts";

export const cisTrail = (props: Record<string, any> = {}) =>
  res(TRAIL, "trail", { s3BucketName: "archive", cloudWatchLogsGroupArn: `${GROUP_ARN}:*`, ...props });

/** One filter and one alarm per CIS monitor, the alarm sending to the topic. */
export function cisFiltersAndAlarms(patterns: Record<string, string> = CIS_PATTERNS) {
  return Object.entries(patterns).flatMap(([id, pattern]) => {
    const metric = `cis-${id.replace(".", "-").toLowerCase()}`;
    return [
      res(FILTER, `${metric}-filter`, {
        logGroupName: GROUP_NAME,
        pattern,
        metricTransformation: { name: metric, namespace: "Rampart/CIS", value: "1" },
      }),
      res(ALARM, `${metric}-alarm`, {
        metricName: metric,
        namespace: "Rampart/CIS",
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        evaluationPeriods: 1,
        alarmActions: [TOPIC],
      }),
    ];
  });
}
