import type { AccessCase } from "./cases";
import { buildWorld } from "./model";
import { OTHER_ACCOUNT } from "./rampartAccess";
import type { ExportResource } from "./types";

/**
 * The SIEM search tier's access cases (issue #13), derived from the export: Firehose's delivery role
 * writes into the domain, backs failed documents up to the archive with the `siem` key through S3;
 * CloudWatch Logs assumes the subscription role, which puts records into the `cloudwatch` stream only;
 * another account and our own workload roles cannot write to the domain.
 */

const CITE = {
  firehoseEs: "https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es-vpc",
  subscriptions:
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#FirehoseExample",
  s3Kms: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context",
  domainPolicy:
    "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html#ac-types-resource",
  fgac: "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html",
} as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const urnName = (urn: string) => urn.split("::").pop() ?? urn;
const out = (r: ExportResource, key: string) => str(r.outputs?.[key]) ?? str(r.inputs[key]);

export function siemSearchAccess(resources: readonly ExportResource[]): AccessCase[] {
  const world = buildWorld(resources);
  const acct = world.account ?? "000000000000";
  const region = world.region ?? "us-east-1";
  const cases: AccessCase[] = [];
  const domains = resources.filter((r) => r.type === "aws:opensearch/domain:Domain");
  const saml = resources.some((r) => r.type === "aws:opensearch/domainSamlOptions:DomainSamlOptions");
  const firehoseRoles = new Set<string>();

  for (const s of resources.filter(
    (r) => r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  )) {
    const os = s.inputs.opensearchConfiguration;
    if (!isObject(os)) continue;
    const stream = out(s, "name") ?? urnName(s.urn);
    const role = str(os.roleArn);
    const domainArn = str(os.domainArn);
    const index = str(os.indexName) ?? "index";
    if (!role || !domainArn) continue;
    firehoseRoles.add(role);
    for (const [action, path] of [
      ["es:ESHttpPost", "_bulk"],
      ["es:ESHttpPut", `${index}-2026-01-01`],
      ["es:ESHttpGet", "_cluster/stats"],
    ] as const)
      cases.push({
        id: `siem-firehose-domain/${stream}/${action}`,
        description: `Firehose (${stream}) ${action} ${path} on the domain`,
        principal: { role },
        action,
        resource: `${domainArn}/${path}`,
        expect: "allow",
        cite: CITE.firehoseEs,
      });
    const s3 = isObject(os.s3Configuration) ? os.s3Configuration : {};
    const bucketArn = str(s3.bucketArn);
    const prefix = str(s3.prefix) ?? "";
    if (bucketArn) {
      const object = `${bucketArn}/${prefix}2026/01/01/00/${stream}-1.gz`;
      cases.push({
        id: `siem-firehose-backup/${stream}`,
        description: `Firehose (${stream}) backs a failed document up to the archive`,
        principal: { role },
        action: "s3:PutObject",
        resource: object,
        ...(world.owns(bucketArn) ? {} : { resourceAccount: acct }),
        expect: "allow",
        cite: CITE.firehoseEs,
      });
      const keyArn = str(s3.kmsKeyArn);
      if (keyArn)
        cases.push({
          id: `siem-firehose-backup-key/${stream}`,
          description: `Firehose (${stream}) encrypts the backup with the siem key through S3`,
          principal: { role },
          action: "kms:GenerateDataKey",
          resource: keyArn,
          context: {
            "kms:ViaService": `s3.${region}.amazonaws.com`,
            "kms:EncryptionContext:aws:s3:arn": object,
          },
          expect: "allow",
          cite: CITE.s3Kms,
        });
    }
  }

  for (const f of resources.filter(
    (r) => r.type === "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
  )) {
    const role = str(f.inputs.roleArn);
    const destination = str(f.inputs.destinationArn);
    const group = str(f.inputs.logGroup);
    if (!role || !destination || !group) continue;
    const id = urnName(f.urn);
    cases.push(
      {
        id: `siem-subscription-trust/${id}`,
        description: `CloudWatch Logs assumes the subscription role for ${group}`,
        principal: { service: `logs.${region}.amazonaws.com` },
        action: "sts:AssumeRole",
        resource: role,
        context: { "aws:SourceArn": `arn:aws:logs:${region}:${acct}:log-group:${group}` },
        expect: "allow",
        cite: CITE.subscriptions,
      },
      {
        id: `siem-subscription-trust-foreign/${id}`,
        description: "CloudWatch Logs acting for another account's log group cannot assume the role",
        principal: { service: `logs.${region}.amazonaws.com` },
        action: "sts:AssumeRole",
        resource: role,
        context: { "aws:SourceArn": `arn:aws:logs:${region}:${OTHER_ACCOUNT}:log-group:${group}` },
        expect: "deny",
        cite: CITE.subscriptions,
      },
      {
        id: `siem-subscription-put/${id}`,
        description: `the subscription role puts ${group}'s events into the cloudwatch stream`,
        principal: { role },
        action: "firehose:PutRecordBatch",
        resource: destination,
        expect: "allow",
        cite: CITE.subscriptions,
      },
    );
  }

  for (const d of domains) {
    const domainArn = out(d, "arn");
    if (!domainArn) continue;
    const name = out(d, "domainName") ?? urnName(d.urn);
    // With SAML, Dashboards' unsigned requests need a domain policy that names no IAM principal; FGAC
    // (no internal users, no anonymous access) then refuses unmapped callers, which IAM cannot show.
    if (!saml)
      cases.push({
        id: `siem-domain-foreign/${name}`,
        description: `a principal of another account cannot write to ${name}`,
        principal: { account: OTHER_ACCOUNT },
        action: "es:ESHttpPost",
        resource: `${domainArn}/_bulk`,
        expect: "deny",
        cite: CITE.domainPolicy,
      });
    // Our own workloads (Pod Identity and IRSA roles: the log shipper among them) write to Firehose,
    // never to the domain.
    for (const r of world.roles) {
      if (firehoseRoles.has(r.arn) || !r.arn) continue;
      const pods = (r.trust?.document.statements ?? []).some(
        (s) =>
          s.principal?.service.includes("pods.eks.amazonaws.com") || (s.principal?.federated.length ?? 0) > 0,
      );
      if (!pods) continue;
      cases.push({
        id: `siem-domain-workload/${name}/${r.name}`,
        description: `the workload role ${r.name} cannot write to ${name}`,
        principal: { role: r.arn },
        action: "es:ESHttpPost",
        resource: `${domainArn}/_bulk`,
        expect: "deny",
        cite: CITE.fgac,
      });
    }
  }
  return cases;
}
