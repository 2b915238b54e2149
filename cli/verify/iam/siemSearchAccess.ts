import type { AccessCase } from "./cases";
import { buildWorld } from "./model";
import { OTHER_ACCOUNT } from "./rampartAccess";
import type { ExportResource } from "./types";

/**
 * The SIEM search tier's access cases (issue #13), derived from the export: Firehose's delivery role
 * writes into the domain, backs failed documents up to the archive with the `siem` key through S3;
 * the forwarder (the subscriptions' destination) puts records into the `cloudwatch` stream only;
 * another account and our own workload roles cannot write to the domain.
 */

const CITE = {
  firehoseEs: "https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-es-vpc",
  subscriptions:
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample ; https://docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs.html",
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

  // The forwarder (subscriptions' destination) puts into the stream its environment names, and no other.
  const streams = resources.filter(
    (r) => r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  );
  for (const f of resources.filter(
    (r) => r.type === "aws:lambda/function:Function" && urnName(r.urn).endsWith("-forwarder"),
  )) {
    const role = str(f.inputs.role);
    const env = isObject(f.inputs.environment) ? f.inputs.environment.variables : undefined;
    const target = isObject(env) ? str(env.STREAM_NAME) : undefined;
    if (!role || !target) continue;
    for (const s of streams) {
      const name = out(s, "name");
      const arn = out(s, "arn");
      if (!name || !arn) continue;
      cases.push({
        id: `siem-forwarder-put/${name}`,
        description:
          name === target
            ? `the forwarder puts subscribed log events into ${name}`
            : `the forwarder cannot put into ${name} (only into ${target})`,
        principal: { role },
        action: "firehose:PutRecordBatch",
        resource: arn,
        expect: name === target ? "allow" : "deny",
        cite: CITE.subscriptions,
      });
    }
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
    // never to the domain. With SAML's open domain policy IAM cannot refuse them either: FGAC (they are
    // mapped to no role) and the network do, and siemFlows proves no workload tier reaches the domain.
    for (const r of saml ? [] : world.roles) {
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
