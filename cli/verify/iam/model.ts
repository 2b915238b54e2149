import { type FoundDocument, findPolicyDocuments } from "./extract";
import { arnAccount, globMatch } from "./match";
import type { ExportResource, SourcedPolicy } from "./types";

/**
 * The export seen as IAM sees it: roles with their identity policies, keys, buckets and other resources
 * with their resource policies, and VPC endpoints with theirs. Built once per export.
 */

export interface RoleInfo {
  readonly resource: ExportResource;
  readonly name: string;
  readonly arn: string;
  readonly trust?: FoundDocument;
  readonly identity: FoundDocument[];
  readonly managedArns: string[];
  /** `permissionsBoundary`: its ARN, and its document when the policy is in the export. */
  readonly boundary?: { readonly arn: string; readonly policy?: FoundDocument };
}

export interface EndpointInfo {
  readonly resource: ExportResource;
  readonly serviceName: string;
  readonly policy?: FoundDocument;
}

export interface World {
  readonly account?: string;
  readonly region?: string;
  readonly roles: readonly RoleInfo[];
  readonly endpoints: readonly EndpointInfo[];
  readonly documents: readonly FoundDocument[];
  /** Incomplete documents (unreadable statements), for the evaluator. */
  readonly incomplete: ReadonlySet<SourcedPolicy>;
  findRole(ref: string): RoleInfo | undefined;
  /** Resource policy of the resource with this ARN: the document, "none" if in the export without one. */
  resourcePolicy(arn: string): FoundDocument | "none" | undefined;
  /** Whether the export holds a resource with this ARN (or S3 bucket). */
  owns(arn: string): boolean;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const urnName = (urn: string): string => urn.split("::").pop() ?? urn;
const out = (r: ExportResource, k: string): string | undefined => str(r.outputs?.[k]) ?? str(r.inputs[k]);

function mostCommon(values: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export function buildWorld(resources: readonly ExportResource[]): World {
  const documents = findPolicyDocuments(resources);
  const byUrn = new Map<string, FoundDocument[]>();
  for (const d of documents) byUrn.set(d.urn, [...(byUrn.get(d.urn) ?? []), d]);
  const docOf = (r: ExportResource, property: string) =>
    byUrn.get(r.urn)?.find((d) => d.property === property);
  const ofType = (t: string) => resources.filter((r) => r.type === t);

  const account = mostCommon(resources.map((r) => arnAccount(out(r, "arn") ?? "")));
  const region = mostCommon(ofType("pulumi:providers:aws").map((r) => str(r.inputs.region)));

  const customerPolicies = new Map<string, FoundDocument>();
  for (const p of ofType("aws:iam/policy:Policy")) {
    const arn = out(p, "arn");
    const d = docOf(p, "policy");
    if (arn && d) customerPolicies.set(arn, d);
  }

  const roles: RoleInfo[] = ofType("aws:iam/role:Role").map((r) => {
    const name = out(r, "name") ?? urnName(r.urn);
    const arn = out(r, "arn") ?? `arn:aws:iam::${account ?? "000000000000"}:role/${name}`;
    const refs = new Set([name, arn, r.id, r.urn].filter((x): x is string => !!x));
    const identity = (byUrn.get(r.urn) ?? []).filter((d) => d.kind === "identity");
    const managedArns: string[] = [];
    const attach = (policyArn: string | undefined) => {
      if (!policyArn) return;
      const customer = customerPolicies.get(policyArn);
      if (customer) identity.push(customer);
      else managedArns.push(policyArn);
    };
    for (const rp of ofType("aws:iam/rolePolicy:RolePolicy")) {
      const d = docOf(rp, "policy");
      if (d && refs.has(String(rp.inputs.role))) identity.push(d);
    }
    for (const a of ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
      if (refs.has(String(a.inputs.role))) attach(str(a.inputs.policyArn));
    }
    const inlineArns = r.inputs.managedPolicyArns;
    if (Array.isArray(inlineArns)) inlineArns.forEach((a) => attach(str(a)));
    const boundaryArn = str(r.inputs.permissionsBoundary);
    const boundary = boundaryArn
      ? { arn: boundaryArn, policy: customerPolicies.get(boundaryArn) }
      : undefined;
    return { resource: r, name, arn, trust: docOf(r, "assumeRolePolicy"), identity, managedArns, boundary };
  });

  const endpointPolicies = ofType("aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy");
  const endpoints: EndpointInfo[] = ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((r) => {
    const separate = endpointPolicies.find((p) => p.inputs.vpcEndpointId === r.id);
    const policy = (separate && docOf(separate, "policy")) ?? docOf(r, "policy");
    return { resource: r, serviceName: str(r.inputs.serviceName) ?? "", policy };
  });

  // Resource policies, keyed by the ARN (or bucket name) of the resource they protect.
  const byArn = new Map<string, FoundDocument | "none">();
  for (const r of resources) {
    const arn = out(r, "arn");
    if (arn && r.type.startsWith("aws:") && !r.type.startsWith("aws:iam/")) {
      byArn.set(arn, byUrn.get(r.urn)?.find((d) => d.kind === "resource" || d.kind === "key") ?? "none");
    }
    const bucket =
      r.type.startsWith("aws:s3/bucket") && !r.type.includes("Policy") ? out(r, "bucket") : undefined;
    if (bucket) byArn.set(`arn:aws:s3:::${bucket}`, byArn.get(`arn:aws:s3:::${bucket}`) ?? "none");
  }
  for (const kp of ofType("aws:kms/keyPolicy:KeyPolicy")) {
    const key = resources.find(
      (k) =>
        k.type === "aws:kms/key:Key" && [k.id, out(k, "keyId"), out(k, "arn")].includes(str(kp.inputs.keyId)),
    );
    const d = docOf(kp, "policy");
    if (key && d) byArn.set(out(key, "arn")!, d);
  }
  for (const bp of ofType("aws:s3/bucketPolicy:BucketPolicy")) {
    const d = docOf(bp, "policy");
    if (d) byArn.set(`arn:aws:s3:::${String(bp.inputs.bucket)}`, d);
  }
  for (const rp of ofType("aws:ecr/repositoryPolicy:RepositoryPolicy")) {
    const repo = resources.find(
      (r) => r.type === "aws:ecr/repository:Repository" && out(r, "name") === rp.inputs.repository,
    );
    const d = docOf(rp, "policy");
    if (repo && d && out(repo, "arn")) byArn.set(out(repo, "arn")!, d);
  }
  // A DynamoDB table's or stream's resource-based policy is a resource of its own, naming its target.
  for (const rp of ofType("aws:dynamodb/resourcePolicy:ResourcePolicy")) {
    const d = docOf(rp, "policy");
    const target = str(rp.inputs.resourceArn);
    if (d && target) byArn.set(target, d);
  }
  for (const tp of ofType("aws:sns/topicPolicy:TopicPolicy")) {
    const d = docOf(tp, "policy");
    if (d) byArn.set(String(tp.inputs.arn), d);
  }

  // CloudWatch Logs resource policies are account-wide: each one governs the log groups its statements
  // name (EventBridge and service log deliveries are admitted this way).
  // @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html
  for (const lp of ofType("aws:cloudwatch/logResourcePolicy:LogResourcePolicy")) {
    const d = docOf(lp, "policyDocument");
    if (!d) continue;
    for (const g of ofType("aws:cloudwatch/logGroup:LogGroup")) {
      const arn = out(g, "arn");
      const named = (r: string) => globMatch(r, arn ?? "") || globMatch(r, `${arn}:*`);
      if (
        arn &&
        byArn.get(arn) === "none" &&
        d.document.statements.some((s) => (s.resource ?? []).some(named))
      )
        byArn.set(arn, d);
    }
  }

  const keyOf = (arn: string): string => {
    const s3 = /^arn:aws[\w-]*:s3:::([^/]+)/.exec(arn);
    if (s3) return `arn:aws:s3:::${s3[1]}`;
    // A log stream (or `group:*`) is governed by its group's policies.
    const logs = /^(arn:aws[\w-]*:logs:[^:]*:\d*:log-group:[^:]+)(:.*)?$/.exec(arn);
    if (logs) return logs[1]!;
    // OpenSearch HTTP actions name a path under the domain; the domain's access policy governs them all.
    const es = /^(arn:aws[\w-]*:es:[^:]*:\d{12}:domain\/[^/]+)\//.exec(arn);
    if (es) return es[1]!;
    return arn;
  };
  const incomplete = new Set<SourcedPolicy>(documents.filter((d) => !d.parsed.complete));
  return {
    account,
    region,
    roles,
    endpoints,
    documents,
    incomplete,
    findRole: (ref) =>
      roles.find((r) => r.name === ref || r.arn === ref || r.resource.urn === ref || r.resource.id === ref),
    resourcePolicy: (arn) => byArn.get(keyOf(arn)),
    owns: (arn) => byArn.has(keyOf(arn)),
  };
}
