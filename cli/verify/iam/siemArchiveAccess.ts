import { ARCHIVE_PREFIXES, DATA_CLASS_TAG } from "../../../components/observability/siemPipeline.logic";
import type { AccessCase } from "./cases";
import { buildWorld } from "./model";
import type { ExportResource } from "./types";

/**
 * Access cases of the SIEM archive, the trail and the alert topic, derived from the export: the
 * delivering services can write (and use the key), for our account and our trail only; nobody writes
 * without TLS; only our alarms and rules publish to the topic. The archive is found by its data-class
 * tag (`audit-logs` on a bucket), so a user's own archive tagged the same way gets the same checks.
 */

/** AWS's documentation account, standing for "another account". */
const OTHER_ACCOUNT = "111122223333";

const CITE = {
  trailBucket:
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
  trailRole:
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html ; https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html",
  trailKms:
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html",
  configBucket: "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html",
  configKms: "https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html",
  tls: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
  tlsVersion:
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#example-object-tls-version",
  snsKms: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
  snsPolicy: "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html",
  snsTls:
    "https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit",
  crossAccount:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html",
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const out = (r: ExportResource, k: string) => str(r.outputs?.[k]) ?? str(r.inputs[k]);
const ofType = (rs: readonly ExportResource[], t: string) => rs.filter((r) => r.type === t);
const tagOf = (r: ExportResource) => (r.inputs.tags as Record<string, unknown> | undefined)?.[DATA_CLASS_TAG];

/** The archive buckets (name), each with its default SSE-KMS key. */
function archives(resources: readonly ExportResource[]) {
  return resources
    .filter((r) => r.type === "aws:s3/bucket:Bucket" && tagOf(r) === "audit-logs")
    .flatMap((r) => {
      const name = out(r, "bucket");
      if (!name) return [];
      const sse = ofType(
        resources,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      ).find((e) => e.inputs.bucket === name);
      const rules =
        (sse?.inputs.rules as { applyServerSideEncryptionByDefault?: { kmsMasterKeyId?: unknown } }[]) ?? [];
      return [{ name, keyArn: str(rules[0]?.applyServerSideEncryptionByDefault?.kmsMasterKeyId) }];
    });
}

export function siemArchiveAccess(resources: readonly ExportResource[]): AccessCase[] {
  const world = buildWorld(resources);
  const acct = world.account ?? "000000000000";
  const region = world.region ?? "us-east-1";
  const cases: AccessCase[] = [];
  const add = (c: AccessCase) => cases.push(c);
  const tls = { "aws:SecureTransport": true, "s3:TlsVersion": 1.3 };
  const ownerAcl = { "s3:x-amz-acl": "bucket-owner-full-control" };

  for (const archive of archives(resources)) {
    const bucketArn = `arn:aws:s3:::${archive.name}`;
    const put = (id: string, description: string, c: Omit<AccessCase, "id" | "description" | "action">) =>
      add({ id: `siem-archive/${archive.name}/${id}`, description, action: "s3:PutObject", ...c });

    // CloudTrail, for each trail delivering here: ours writes, another account's trail does not.
    for (const t of ofType(resources, "aws:cloudtrail/trail:Trail").filter(
      (x) => x.inputs.s3BucketName === archive.name,
    )) {
      const name = str(t.inputs.name) ?? "trail";
      const trailArn = `arn:aws:cloudtrail:${region}:${acct}:trail/${name}`;
      const prefix = str(t.inputs.s3KeyPrefix) ?? ARCHIVE_PREFIXES.trail;
      const object = `${bucketArn}/${prefix}/AWSLogs/${acct}/CloudTrail/${region}/2026/01/01/${acct}_CloudTrail_${region}_x.json.gz`;
      const trailCtx = { ...tls, ...ownerAcl, "aws:SourceArn": trailArn, "aws:SourceAccount": acct };
      add({
        id: `siem-archive/${archive.name}/cloudtrail/${name}/s3:GetBucketAcl`,
        description: `CloudTrail checks the archive's ACL for trail ${name}`,
        principal: { service: "cloudtrail.amazonaws.com" },
        action: "s3:GetBucketAcl",
        resource: bucketArn,
        resourceAccount: acct,
        context: trailCtx,
        expect: "allow",
        cite: CITE.trailBucket,
      });
      put(`cloudtrail/${name}/own-trail`, `CloudTrail delivers trail ${name}'s logs`, {
        principal: { service: "cloudtrail.amazonaws.com" },
        resource: object,
        resourceAccount: acct,
        context: trailCtx,
        expect: "allow",
        cite: CITE.trailBucket,
      });
      const foreignTrail = `arn:aws:cloudtrail:${region}:${OTHER_ACCOUNT}:trail/${name}`;
      put(
        `cloudtrail/${name}/other-account-trail`,
        "CloudTrail must not deliver another account's trail here",
        {
          principal: { service: "cloudtrail.amazonaws.com" },
          resource: `${bucketArn}/${prefix}/AWSLogs/${OTHER_ACCOUNT}/CloudTrail/${region}/x.json.gz`,
          resourceAccount: acct,
          context: { ...trailCtx, "aws:SourceArn": foreignTrail, "aws:SourceAccount": OTHER_ACCOUNT },
          expect: "deny",
          cite: CITE.trailBucket,
        },
      );
      put(`cloudtrail/${name}/config-prefix`, "CloudTrail must not write outside its own prefix", {
        principal: { service: "cloudtrail.amazonaws.com" },
        resource: `${bucketArn}/${ARCHIVE_PREFIXES.config}/AWSLogs/${acct}/Config/x.json.gz`,
        resourceAccount: acct,
        context: trailCtx,
        expect: "deny",
        cite: CITE.trailBucket,
      });
      // The delivery role to CloudWatch Logs: assumed by our trail only; writes CloudTrail's streams.
      // (That it writes nothing else is not decidable offline: the account's CloudWatch Logs resource
      // policies are outside the export, as for the flow-log role.)
      const roleArn = str(t.inputs.cloudWatchLogsRoleArn);
      const groupArn = str(t.inputs.cloudWatchLogsGroupArn)?.replace(/:\*$/, "");
      if (roleArn && groupArn) {
        for (const [source, expect] of [
          [acct, "allow"],
          [OTHER_ACCOUNT, "deny"],
        ] as const) {
          add({
            id: `siem-trail-role/${name}/assume-role/${source === acct ? "own" : "other"}-account`,
            description: `CloudTrail assumes the delivery role for trail ${name} of account ${source}`,
            principal: { service: "cloudtrail.amazonaws.com" },
            action: "sts:AssumeRole",
            resource: roleArn,
            context: {
              "aws:SourceAccount": source,
              "aws:SourceArn": `arn:aws:cloudtrail:${region}:${source}:trail/${name}`,
            },
            expect,
            cite: CITE.trailRole,
          });
        }
        for (const [action, stream, expect] of [
          ["logs:CreateLogStream", `${acct}_CloudTrail_${region}`, "allow"],
          ["logs:PutLogEvents", `${acct}_CloudTrail_eu-west-1`, "allow"],
        ] as const) {
          add({
            id: `siem-trail-role/${name}/${action}/${stream}`,
            description: `the delivery role ${action} on stream ${stream} of the trail's group`,
            principal: { arn: roleArn },
            action,
            resource: `${groupArn}:log-stream:${stream}`,
            expect,
            cite: CITE.trailRole,
          });
        }
      }
      const keyArn = str(t.inputs.kmsKeyId);
      if (keyArn) {
        for (const [source, expect] of [
          [acct, "allow"],
          [OTHER_ACCOUNT, "deny"],
        ] as const) {
          add({
            id: `siem-key/cloudtrail/${name}/${source === acct ? "own" : "other"}-account`,
            description: `CloudTrail generates a data key for trail ${name} of account ${source}`,
            principal: { service: "cloudtrail.amazonaws.com" },
            action: "kms:GenerateDataKey",
            resource: keyArn,
            context: {
              "aws:SourceAccount": source,
              "aws:SourceArn": `arn:aws:cloudtrail:${region}:${source}:trail/${name}`,
              "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:${region}:${source}:trail/${name}`,
            },
            expect,
            cite: CITE.trailKms,
          });
        }
      }
    }

    // AWS Config delivers for our account only, under config/AWSLogs/<account>/Config/.
    const configObject = `${bucketArn}/${ARCHIVE_PREFIXES.config}/AWSLogs/${acct}/Config/${region}/2026/1/1/ConfigHistory/x.json.gz`;
    for (const [action, resource] of [
      ["s3:GetBucketAcl", bucketArn],
      ["s3:ListBucket", bucketArn],
      ["s3:PutObject", configObject],
    ] as const) {
      add({
        id: `siem-archive/${archive.name}/config/${action}`,
        description: `AWS Config ${action} for our account`,
        principal: { service: "config.amazonaws.com" },
        action,
        resource,
        resourceAccount: acct,
        context: { ...tls, ...(action === "s3:PutObject" ? ownerAcl : {}), "aws:SourceAccount": acct },
        expect: "allow",
        cite: CITE.configBucket,
      });
    }
    put("config/other-account", "AWS Config must not deliver another account's history here", {
      principal: { service: "config.amazonaws.com" },
      resource: configObject,
      resourceAccount: acct,
      context: { ...tls, ...ownerAcl, "aws:SourceAccount": OTHER_ACCOUNT },
      expect: "deny",
      cite: CITE.configBucket,
    });
    if (archive.keyArn) {
      for (const [source, expect] of [
        [acct, "allow"],
        [OTHER_ACCOUNT, "deny"],
      ] as const) {
        add({
          id: `siem-key/config/${archive.name}/${source === acct ? "own" : "other"}-account`,
          description: `AWS Config generates a data key for the archive, for account ${source}`,
          principal: { service: "config.amazonaws.com" },
          action: "kms:GenerateDataKey",
          resource: archive.keyArn,
          context: { "aws:SourceAccount": source },
          expect,
          cite: CITE.configKms,
        });
      }
    }

    // Nobody else writes; nothing without TLS 1.2+, not even our own delivering services.
    put("other-account", `account ${OTHER_ACCOUNT} must not write into the archive`, {
      principal: { account: OTHER_ACCOUNT },
      resource: `${bucketArn}/${ARCHIVE_PREFIXES.firehose}/x`,
      resourceAccount: acct,
      context: tls,
      expect: "deny",
      cite: CITE.crossAccount,
    });
    put("config/no-tls", "a request without TLS is refused", {
      principal: { service: "config.amazonaws.com" },
      resource: configObject,
      resourceAccount: acct,
      context: { ...ownerAcl, "aws:SourceAccount": acct, "aws:SecureTransport": false },
      expect: "deny",
      cite: CITE.tls,
    });
    put("config/tls-1.1", "a request over TLS 1.1 is refused", {
      principal: { service: "config.amazonaws.com" },
      resource: configObject,
      resourceAccount: acct,
      context: { ...ownerAcl, "aws:SourceAccount": acct, "aws:SecureTransport": true, "s3:TlsVersion": 1.1 },
      expect: "deny",
      cite: CITE.tlsVersion,
    });
  }

  // The alert topics: every topic a CloudWatch alarm notifies.
  const topicArns = new Set(
    ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").flatMap((a) =>
      ((a.inputs.alarmActions as unknown[]) ?? []).flatMap((x) => str(x) ?? []),
    ),
  );
  for (const topic of ofType(resources, "aws:sns/topic:Topic")) {
    const arn = out(topic, "arn");
    if (!arn || !topicArns.has(arn)) continue;
    const name = out(topic, "name") ?? arn.split(":").pop()!;
    const publishers = [
      ["cloudwatch.amazonaws.com", `arn:aws:cloudwatch:${region}:${acct}:alarm:${name}-probe`],
      ["events.amazonaws.com", `arn:aws:events:${region}:${acct}:rule/${name}-probe`],
    ] as const;
    for (const [service, sourceArn] of publishers) {
      const who = service.split(".")[0]!;
      const ctx = { "aws:SourceAccount": acct, "aws:SourceArn": sourceArn, "aws:SecureTransport": true };
      const publish = (
        id: string,
        description: string,
        context: Record<string, string | boolean>,
        expect: "allow" | "deny",
        cite: string,
      ) =>
        add({
          id: `siem-topic/${name}/${who}/${id}`,
          description,
          principal: { service },
          action: "sns:Publish",
          resource: arn,
          context,
          expect,
          cite,
        });
      publish("own-account", `${service} publishes for our account`, ctx, "allow", CITE.snsPolicy);
      publish(
        "other-account",
        `${service} must not publish for another account's ${who === "cloudwatch" ? "alarm" : "rule"}`,
        {
          ...ctx,
          "aws:SourceAccount": OTHER_ACCOUNT,
          "aws:SourceArn": sourceArn.replace(acct, OTHER_ACCOUNT),
        },
        "deny",
        CITE.snsPolicy,
      );
      publish(
        "no-tls",
        `${service} must not publish without TLS`,
        { ...ctx, "aws:SecureTransport": false },
        "deny",
        CITE.snsTls,
      );
      const keyArn = str(topic.inputs.kmsMasterKeyId);
      if (!keyArn) continue;
      for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
        if (who === "events") {
          // SNS asks KMS as EventBridge without aws:SourceAccount / aws:SourceArn ("not supported for
          // EventBridge-to-encrypted topics"): the case sends what AWS sends, so a key policy that
          // conditions EventBridge on them fails here. Other accounts' rules are refused by the topic.
          add({
            id: `siem-key/${who}/${name}/${action}/no-source-keys`,
            description: `${service} ${action} for the encrypted topic (the request carries no source keys)`,
            principal: { service },
            action,
            resource: keyArn,
            expect: "allow",
            cite: CITE.snsKms,
          });
          continue;
        }
        for (const [source, expect] of [
          [acct, "allow"],
          [OTHER_ACCOUNT, "deny"],
        ] as const) {
          add({
            id: `siem-key/${who}/${name}/${action}/${source === acct ? "own" : "other"}-account`,
            description: `${service} ${action} for the encrypted topic, for account ${source}`,
            principal: { service },
            action,
            resource: keyArn,
            context: { "aws:SourceAccount": source },
            expect,
            cite: CITE.snsKms,
          });
        }
      }
    }
    add({
      id: `siem-topic/${name}/other-account-principal`,
      description: `a principal of account ${OTHER_ACCOUNT} must not publish to the alert topic`,
      principal: { account: OTHER_ACCOUNT },
      action: "sns:Publish",
      resource: arn,
      context: { "aws:SecureTransport": true },
      expect: "deny",
      cite: CITE.crossAccount,
    });
  }
  return cases;
}
