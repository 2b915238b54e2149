import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { plain, type Captured, type CapturedResource } from "../helpers/harness";

/**
 * Validates Kubernetes objects and custom resources against their published OpenAPI schemas, offline,
 * with `kubernetes-models` (built-in kinds) and `@kubernetes-models/*` (CRDs such as Istio's).
 * A kind with no known schema package is an error, not a pass: add the package when adding the kind.
 */

/** API groups whose schemas `kubernetes-models` ships (plus the core group, ""). */
const BUILT_IN_GROUPS = new Set([
  "",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "apps",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "events.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "networking.k8s.io",
  "node.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "resource.k8s.io",
  "scheduling.k8s.io",
  "storage.k8s.io",
]);

type Model = new (data: unknown) => { validate(): void };

async function schemaModule(group: string, version: string): Promise<Record<string, unknown>> {
  if (BUILT_IN_GROUPS.has(group))
    return (await import(
      group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`
    )) as Record<string, unknown>;
  if (group.endsWith(".istio.io"))
    return (await import(`@kubernetes-models/istio/${group}/${version}`)) as Record<string, unknown>;
  if (group === "monitoring.coreos.com")
    return (await import(`@kubernetes-models/prometheus-operator/${group}/${version}`)) as Record<
      string,
      unknown
    >;
  if (group === "kyverno.io" && version === "v1") return { ClusterPolicy: (kyverno ??= kyvernoModel()) };
  throw new Error(
    `no published schema package known for API group "${group}" (add its @kubernetes-models package)`,
  );
}

/**
 * Kyverno publishes no @kubernetes-models package: its ClusterPolicy CRD's v1 schema is vendored
 * (test/fixtures/charts/README.md). The API server prunes unknown fields of a structural schema silently,
 * so a misspelt field (`verifyDigests`) would be dropped, not refused: here every object with
 * `properties` and no `x-kubernetes-preserve-unknown-fields` refuses unknown keys.
 */
let kyverno: Model | undefined;
function kyvernoModel(): Model {
  const file = path.join(__dirname, "..", "fixtures", "charts", "kyverno-3.9.0.clusterpolicy-v1.schema.json");
  const strict = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strict);
    if (node === null || typeof node !== "object") return node;
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) o[k] = strict(v);
    if (
      o.properties &&
      o["x-kubernetes-preserve-unknown-fields"] !== true &&
      o.additionalProperties === undefined
    )
      o.additionalProperties = false;
    return o;
  };
  const schema = strict(JSON.parse(fs.readFileSync(file, "utf8"))) as Record<string, unknown>;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  return class {
    constructor(private readonly data: unknown) {}
    validate(): void {
      if (!validate(this.data)) throw new Error(new Ajv().errorsText(validate.errors, { dataVar: "data" }));
    }
  };
}

export interface SchemaResult {
  /** `type name` of every object validated. */
  readonly validated: string[];
  /** One line per object that failed, with the validator's message. */
  readonly failures: string[];
}

/** Validates one captured Kubernetes resource; returns the problem, or undefined if it is valid. */
export async function validateKubernetesObject(r: CapturedResource): Promise<string | undefined> {
  const obj = plain<Record<string, unknown>>(r.inputs);
  const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
  const kind = typeof obj.kind === "string" ? obj.kind : "";
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const token = `kubernetes:${group === "" ? "core" : group}/${version}:${kind}`;
  // A `<Kind>Patch` (server-side apply) is a partial object: validated as its kind, except that the
  // fields it leaves to the existing object's owner may be absent.
  const patch = r.type === `${token}Patch`;
  if (r.type !== token && !patch)
    return `${r.type} ${r.name}: apiVersion/kind ${apiVersion}/${kind} do not match the type`;
  try {
    const model = (await schemaModule(group!, version!))[kind] as Model | undefined;
    if (!model) return `${r.type} ${r.name}: no schema for kind ${kind} in ${apiVersion}`;
    new model(obj).validate();
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    if (patch) {
      const left = message.split(/, (?=data\/)/).filter((e) => !/must have required property/.test(e));
      return left.length === 0 ? undefined : `${r.type} ${r.name}: ${left.join(", ")}`;
    }
    return `${r.type} ${r.name}: ${message}`;
  }
}

/** Validates every Kubernetes object and custom resource in a run (whole stack or a few components). */
export async function validateKubernetesObjects(run: Captured): Promise<SchemaResult> {
  const objects = run.kubernetesObjects();
  const validated: string[] = [];
  const failures: string[] = [];
  for (const r of objects) {
    const problem = await validateKubernetesObject(r);
    if (problem) failures.push(problem);
    else validated.push(`${r.type} ${r.name}`);
  }
  return { validated, failures };
}
