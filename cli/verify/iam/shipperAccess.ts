import type { AccessCase } from "./cases";
import { buildWorld } from "./model";
import type { ExportResource } from "./types";

/**
 * Access cases for the log shipper (components/observability/logShipper.ts), derived from the export:
 * its Pod Identity role may PutRecordBatch on the stream its Fluent Bit writes to (read from the
 * release's pipeline, so the case follows the configuration that really ships) and nothing else: not
 * the single-record API, not the stream's management, not another stream, not a bucket, not the
 * OpenSearch domain. EKS Pod Identity may assume the role for our account only.
 */

const CITE = {
  firehose: "https://docs.fluentbit.io/manual/data-pipeline/outputs/firehose",
  leastPrivilege:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
  podIdentity: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html",
  firehoseActions:
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondatafirehose.html",
};

/** AWS's documentation account for "another account" (rampartAccess.ts's OTHER_ACCOUNT; not imported, as
 * rampartAccess will import this module). */
const OTHER_ACCOUNT = "111122223333";
const SHIPPER = "rampart:observability:LogShipper";
const STREAM_TYPE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const DOMAIN_TYPE = "aws:opensearch/domain:Domain";

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const urnName = (urn: string) => urn.split("::").pop() ?? urn;
/** A child of a LogShipper component, of the given type (its URN's type chain ends `LogShipper$<type>`). */
const shipperChild = (r: ExportResource, type: string) =>
  r.type === type && r.urn.includes(`${SHIPPER}$${type}::`);

/** `key value` in a Fluent Bit classic-format section. */
function setting(text: string, key: string): string | undefined {
  return new RegExp(`^\\s*${key}\\s+(\\S+)\\s*$`, "mi").exec(text)?.[1];
}

/** The stream and region the shipper's Firehose output names, from a release's values. */
function outputOf(release: ExportResource): { stream: string; region?: string } | undefined {
  const values = release.inputs.values;
  const outputs = isObject(values) && isObject(values.config) ? str(values.config.outputs) : undefined;
  if (!outputs || !/^\s*Name\s+kinesis_firehose\s*$/im.test(outputs)) return undefined;
  const stream = setting(outputs, "delivery_stream");
  return stream ? { stream, region: setting(outputs, "region") } : undefined;
}

export function shipperAccess(resources: readonly ExportResource[]): AccessCase[] {
  const world = buildWorld(resources);
  const acct = world.account ?? "000000000000";
  const cases: AccessCase[] = [];
  const streams = resources.filter((r) => r.type === STREAM_TYPE);
  const streamName = (r: ExportResource) => str(r.outputs?.name) ?? str(r.inputs.name) ?? urnName(r.urn);
  const hasEndpoint = world.endpoints.some((e) => e.serviceName.endsWith(".kinesis-firehose"));
  const via = hasEndpoint ? { via: "kinesis-firehose" } : {};

  const releases = resources.filter((r) => shipperChild(r, "kubernetes:helm.sh/v3:Release"));
  for (const role of resources.filter((r) => shipperChild(r, "aws:iam/role:Role"))) {
    const info = world.roles.find((x) => x.resource.urn === role.urn);
    if (!info) continue;
    // The shipper component's own release: same component URN prefix.
    const component = role.urn.slice(0, role.urn.indexOf(`$aws:iam/role:Role::`));
    const output = releases.filter((r) => r.urn.startsWith(`${component}$`)).map(outputOf)[0];
    const name = info.name;
    if (!output) continue;
    const region = output.region ?? world.region ?? "us-east-1";
    const own = streams.find((s) => streamName(s) === output.stream);
    const ownArn =
      str(own?.outputs?.arn) ?? `arn:aws:firehose:${region}:${acct}:deliverystream/${output.stream}`;
    const add = (c: Omit<AccessCase, "principal">) => cases.push({ ...c, principal: { role: info.arn } });

    add({
      id: `shipper/${name}/firehose:PutRecordBatch`,
      description: `the shipper (${name}) sends its batches to ${output.stream}`,
      action: "firehose:PutRecordBatch",
      resource: ownArn,
      ...via,
      expect: "allow",
      cite: CITE.firehose,
    });
    for (const action of [
      "firehose:PutRecord",
      "firehose:UpdateDestination",
      "firehose:DeleteDeliveryStream",
    ])
      add({
        id: `shipper-forbidden/${name}/${action}`,
        description: `the shipper (${name}) must not call ${action} on its own stream`,
        action,
        resource: ownArn,
        expect: "deny",
        cite: CITE.firehoseActions,
      });
    // Every other stream of the export. (A stream outside the export cannot be decided: its resource
    // policy is unknown, so the evaluator answers undecidable, never a false pass.)
    for (const o of streams.filter((s) => s !== own)) {
      const arn = str(o.outputs?.arn);
      if (arn)
        add({
          id: `shipper-forbidden/${name}/stream/${streamName(o)}`,
          description: `the shipper (${name}) must not write to another stream (${streamName(o)})`,
          action: "firehose:PutRecordBatch",
          resource: arn,
          expect: "deny",
          cite: CITE.leastPrivilege,
        });
    }
    for (const b of resources.filter((r) => BUCKET_TYPES.includes(r.type))) {
      const bucket = str(b.outputs?.bucket) ?? str(b.inputs.bucket);
      if (!bucket) continue;
      for (const action of ["s3:PutObject", "s3:GetObject"])
        add({
          id: `shipper-forbidden/${name}/bucket/${bucket}/${action}`,
          description: `the shipper (${name}) must not ${action} in ${bucket} (Firehose delivers, not the shipper)`,
          action,
          resource: `arn:aws:s3:::${bucket}/shipper-probe`,
          resourceAccount: acct,
          expect: "deny",
          cite: CITE.leastPrivilege,
        });
    }
    // ESHttp* actions are authorised on the domain ARN (and paths below it).
    for (const d of resources.filter((r) => r.type === DOMAIN_TYPE)) {
      const arn = str(d.outputs?.arn);
      if (arn)
        for (const action of ["es:ESHttpPost", "es:ESHttpGet"])
          add({
            id: `shipper-forbidden/${name}/domain/${urnName(d.urn)}/${action}`,
            description: `the shipper (${name}) must not reach the OpenSearch domain itself (${action})`,
            action,
            resource: arn,
            expect: "deny",
            cite: CITE.leastPrivilege,
          });
    }

    // EKS Pod Identity assumes the role for pods of our account's clusters, never another account's
    // (sts:TagSession is granted by the same statement; the evaluator decides trust on AssumeRole).
    for (const [account, expect] of [
      [acct, "allow"],
      [OTHER_ACCOUNT, "deny"],
    ] as const)
      cases.push({
        id: `shipper-trust/${name}/${account === acct ? "own" : "other"}-account`,
        description: `EKS Pod Identity assumes the shipper role for a cluster of account ${account}`,
        principal: { service: "pods.eks.amazonaws.com" },
        action: "sts:AssumeRole",
        resource: info.arn,
        context: { "aws:SourceAccount": account },
        expect,
        cite: CITE.podIdentity,
      });
  }
  return cases;
}
