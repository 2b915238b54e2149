import type { AccessCase } from "./cases";
import { buildWorld } from "./model";
import { OTHER_ACCOUNT } from "./rampartAccess";
import type { ExportResource } from "./types";

/**
 * Access cases of the SIEM's detection part (components/observability/siemPipeline.detection.ts),
 * derived from the export: AWS Config delivers to the archive (through its role, and as the service
 * under the archive's bucket policy) and nobody else's Config does; EventBridge writes findings to the
 * findings log group only, and publishes alerts to the topic and its key. Each case cites its source.
 */

const CITE = {
  configBucket:
    "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html ; https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html",
  configKms: "https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html",
  eventsLogs:
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions",
  eventsSns:
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions",
  snsKms: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const out = (r: ExportResource, k: string): string | undefined => str(r.outputs?.[k]) ?? str(r.inputs[k]);
const ofType = (rs: readonly ExportResource[], t: string) => rs.filter((r) => r.type === t);

export function siemDetectionAccess(resources: readonly ExportResource[]): AccessCase[] {
  const world = buildWorld(resources);
  const account = world.account;
  const region = world.region ?? "us-east-1";
  if (!account) return [];
  const cases: AccessCase[] = [];

  // AWS Config → the archive. Config writes `<prefix>/AWSLogs/<account>/Config/<region>/...` with the
  // bucket-owner-full-control ACL, first checking the bucket ACL.
  for (const channel of ofType(resources, "aws:cfg/deliveryChannel:DeliveryChannel")) {
    const bucket = str(channel.inputs.s3BucketName);
    if (!bucket) continue;
    const prefix = str(channel.inputs.s3KeyPrefix);
    const objectOf = (a: string) =>
      `arn:aws:s3:::${bucket}/${prefix ? `${prefix}/` : ""}AWSLogs/${a}/Config/${region}/2026/12/1/ConfigSnapshot/${a}_Config_${region}_ConfigSnapshot_0.json.gz`;
    const put = {
      action: "s3:PutObject",
      resource: objectOf(account),
      context: { "s3:x-amz-acl": "bucket-owner-full-control" },
    };
    const role = world.roles.find((r) =>
      (r.trust?.document.statements ?? []).some((s) => s.principal?.service.includes("config.amazonaws.com")),
    );
    if (role) {
      cases.push({
        id: `config-delivery/role/${role.name}/s3:PutObject`,
        description: "Config's role writes configuration snapshots and history under the channel's prefix",
        principal: { role: role.arn },
        ...put,
        expect: "allow",
        cite: CITE.configBucket,
      });
      const key = str(channel.inputs.s3KmsKeyArn);
      if (key && world.owns(key)) {
        // S3 asks KMS for the object's data key on the role's behalf.
        cases.push({
          id: `config-delivery/role/${role.name}/kms:GenerateDataKey`,
          description: "Config's role encrypts its deliveries with the channel's key, through S3",
          principal: { role: role.arn },
          action: "kms:GenerateDataKey",
          resource: key,
          context: { "kms:ViaService": `s3.${region}.amazonaws.com` },
          expect: "allow",
          cite: CITE.configKms,
        });
      }
    }
    cases.push(
      {
        id: `config-delivery/service/${bucket}/s3:GetBucketAcl`,
        principal: { service: "config.amazonaws.com" },
        action: "s3:GetBucketAcl",
        resource: `arn:aws:s3:::${bucket}`,
        context: { "aws:SourceAccount": account },
        expect: "allow",
        cite: CITE.configBucket,
      },
      {
        id: `config-delivery/service/${bucket}/s3:PutObject`,
        principal: { service: "config.amazonaws.com" },
        ...put,
        context: { ...put.context, "aws:SourceAccount": account },
        expect: "allow",
        cite: CITE.configBucket,
      },
      {
        id: `config-delivery-forbidden/other-account/${bucket}`,
        description: "Config acting for another account cannot write to our archive (confused deputy)",
        principal: { service: "config.amazonaws.com" },
        ...put,
        resource: objectOf(OTHER_ACCOUNT),
        context: { ...put.context, "aws:SourceAccount": OTHER_ACCOUNT },
        resourceAccount: account,
        expect: "deny",
        cite: CITE.configBucket,
      },
    );
  }

  // EventBridge → the rules' targets.
  const groups = ofType(resources, "aws:cloudwatch/logGroup:LogGroup");
  // Each alert topic, with a rule that targets it (EventBridge sends the rule's ARN as aws:SourceArn).
  const topics = new Map<string, string>();
  for (const target of ofType(resources, "aws:cloudwatch/eventTarget:EventTarget")) {
    const arn = str(target.inputs.arn);
    if (!arn) continue;
    if (arn.includes(":log-group:")) {
      cases.push({
        id: `events-findings-log/${arn.split(":log-group:")[1]}/logs:PutLogEvents`,
        description: "EventBridge writes matched findings to the findings log group",
        principal: { service: "events.amazonaws.com" },
        action: "logs:PutLogEvents",
        resource: `${arn}:log-stream:${target.inputs.rule as string}`,
        expect: "allow",
        cite: CITE.eventsLogs,
      });
      // ... and to no other group of the stack: the log resource policy names the findings group only.
      const other = groups.map((g) => out(g, "arn")).find((g) => g && g !== arn);
      if (other) {
        cases.push({
          id: `events-findings-log-forbidden/${other.split(":log-group:")[1]}`,
          description: "The findings log policy does not let EventBridge write to other log groups",
          principal: { service: "events.amazonaws.com" },
          action: "logs:PutLogEvents",
          resource: `${other}:log-stream:x`,
          expect: "deny",
          cite: CITE.eventsLogs,
        });
      }
    } else if (arn.startsWith("arn:") && arn.split(":")[2] === "sns" && !topics.has(arn))
      topics.set(arn, str(target.inputs.rule) ?? "");
  }
  for (const [topic, rule] of topics) {
    if (world.resourcePolicy(topic) === undefined) continue; // not in this export: its owner's cases
    const ruleArn = (a: string) => `arn:aws:events:${region}:${a}:rule/${rule}`;
    cases.push(
      {
        id: `events-alerts/${topic.split(/[:/]/).pop()}/sns:Publish`,
        description: "EventBridge publishes finding alerts to the alert topic",
        principal: { service: "events.amazonaws.com" },
        action: "sns:Publish",
        resource: topic,
        context: { "aws:SourceAccount": account, "aws:SourceArn": ruleArn(account) },
        expect: "allow",
        cite: CITE.eventsSns,
      },
      {
        id: `events-alerts-forbidden/other-account/${topic.split(/[:/]/).pop()}`,
        description: "A rule of another account cannot publish to the alert topic",
        principal: { service: "events.amazonaws.com" },
        action: "sns:Publish",
        resource: topic,
        context: { "aws:SourceAccount": OTHER_ACCOUNT, "aws:SourceArn": ruleArn(OTHER_ACCOUNT) },
        resourceAccount: account,
        expect: "deny",
        cite: CITE.eventsSns,
      },
    );
    const topicResource = ofType(resources, "aws:sns/topic:Topic").find((t) => out(t, "arn") === topic);
    const key = topicResource && str(topicResource.inputs.kmsMasterKeyId);
    if (key && world.owns(key)) {
      for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
        cases.push({
          id: `events-alerts/${topic.split(/[:/]/).pop()}/${action}`,
          description: "EventBridge may use the encrypted topic's key (SNS asks for it on publish)",
          principal: { service: "events.amazonaws.com" },
          action,
          resource: key,
          context: { "aws:SourceAccount": account },
          expect: "allow",
          cite: CITE.snsKms,
        });
      }
    }
  }
  return cases;
}
