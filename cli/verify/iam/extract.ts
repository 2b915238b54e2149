import { parsePolicyDocument, type ParseResult } from "./parse";
import type { ExportResource, PolicyKind, SourcedPolicy } from "./types";

/**
 * Finds every JSON policy document in an export. Known properties get their kind (which decides the
 * grammar and how the document combines); any other `aws:` input that holds a document (a JSON string
 * or an object with a `Statement`) is found by a shallow walk and linted as kind "other".
 */

/** `type` → property → kind, for the resources whose documents the evaluator uses. */
const KNOWN: Record<string, Record<string, PolicyKind>> = {
  "aws:iam/role:Role": { assumeRolePolicy: "trust" },
  "aws:iam/rolePolicy:RolePolicy": { policy: "identity" },
  "aws:iam/policy:Policy": { policy: "identity" },
  "aws:iam/userPolicy:UserPolicy": { policy: "identity" },
  "aws:iam/groupPolicy:GroupPolicy": { policy: "identity" },
  "aws:kms/key:Key": { policy: "key" },
  "aws:kms/keyPolicy:KeyPolicy": { policy: "key" },
  "aws:kms/replicaKey:ReplicaKey": { policy: "key" },
  "aws:s3/bucketPolicy:BucketPolicy": { policy: "resource" },
  "aws:s3/bucket:Bucket": { policy: "resource" },
  "aws:ec2/vpcEndpoint:VpcEndpoint": { policy: "endpoint" },
  "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy": { policy: "endpoint" },
  "aws:ecr/repositoryPolicy:RepositoryPolicy": { policy: "resource" },
  "aws:ecr/registryPolicy:RegistryPolicy": { policy: "resource" },
  "aws:sns/topic:Topic": { policy: "resource" },
  "aws:sns/topicPolicy:TopicPolicy": { policy: "resource" },
  "aws:sqs/queue:Queue": { policy: "resource" },
  "aws:sqs/queuePolicy:QueuePolicy": { policy: "resource" },
  "aws:secretsmanager/secretPolicy:SecretPolicy": { policy: "resource" },
  "aws:backup/vaultPolicy:VaultPolicy": { policy: "resource" },
  "aws:efs/fileSystemPolicy:FileSystemPolicy": { policy: "resource" },
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": { policyDocument: "resource" },
  "aws:opensearch/domain:Domain": { accessPolicies: "resource" },
  "aws:opensearch/domainPolicy:DomainPolicy": { accessPolicies: "resource" },
  "aws:organizations/policy:Policy": { content: "scp" },
  "aws:dynamodb/resourcePolicy:ResourcePolicy": { policy: "resource" },
};

/** Resource policies whose statements need not name the resource they are attached to (parse.ts). */
const IMPLIED_RESOURCE: ReadonlySet<string> = new Set(["aws:ecr/repositoryPolicy:RepositoryPolicy"]);

/**
 * Properties that hold a document with a `Statement` that is not an IAM policy: a CloudWatch Logs data
 * protection policy has statements of data identifiers and operations, no Effect or Action.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/mask-sensitive-log-data-start.html
 */
const NOT_IAM: Record<string, readonly string[]> = {
  "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy": ["policyDocument"],
};

export interface FoundDocument extends SourcedPolicy {
  readonly resource: ExportResource;
  readonly parsed: ParseResult;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** A value that is, or encodes, a policy document. */
function looksLikePolicy(v: unknown): boolean {
  if (isObject(v)) return "Statement" in v;
  return typeof v === "string" && v.trimStart().startsWith("{") && v.includes('"Statement"');
}

function walk(value: unknown, path: string, depth: number, found: (path: string, value: unknown) => void) {
  if (depth > 4) return;
  if (looksLikePolicy(value)) return found(path, value);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1, found));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, depth + 1, found);
  }
}

export function findPolicyDocuments(resources: readonly ExportResource[]): FoundDocument[] {
  const out: FoundDocument[] = [];
  for (const r of resources) {
    if (!r.type.startsWith("aws:")) continue;
    const known = KNOWN[r.type] ?? {};
    // An organisations policy is a guardrail document only for the SCP/RCP types.
    if (
      r.type === "aws:organizations/policy:Policy" &&
      !/_CONTROL_POLICY$/.test(typeof r.inputs.type === "string" ? r.inputs.type : "")
    ) {
      continue;
    }
    walk(r.inputs, "", 0, (property, value) => {
      if (NOT_IAM[r.type]?.includes(property)) return;
      const inline = /^inlinePolicies\[\d+\]\.policy$/.test(property) && r.type === "aws:iam/role:Role";
      const kind: PolicyKind = known[property] ?? (inline ? "identity" : "other");
      const parsed = parsePolicyDocument(value, kind, { impliedResource: IMPLIED_RESOURCE.has(r.type) });
      out.push({ kind, urn: r.urn, property, document: parsed.document, resource: r, parsed });
    });
    // A known property that is set but does not look like a policy (not JSON, unknown at plan time).
    for (const [property, kind] of Object.entries(known)) {
      const v = r.inputs[property];
      if (v === undefined || v === "" || looksLikePolicy(v)) continue;
      const parsed = parsePolicyDocument(v, kind, { impliedResource: IMPLIED_RESOURCE.has(r.type) });
      out.push({ kind, urn: r.urn, property, document: parsed.document, resource: r, parsed });
    }
  }
  return out;
}
