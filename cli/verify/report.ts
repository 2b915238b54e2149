/**
 * `rampart verify`'s verdict on one export: the flow cases (reachability), the access cases (IAM/KMS),
 * the image cases (every deployed image's registry against the egress allowed), the cluster cases
 * (NetworkPolicy and Istio between workloads), the RBAC cases (what each access role may do through the
 * Kubernetes API: EKS access policies and RBAC), the policy-document lint and the per-tier matrix, computed
 * by the pure libraries beside this file.
 * Pure: no files, no printing (cli/verify.ts reads the inputs, cli/verify/format.ts renders).
 */
import { lintPolicyDocuments, verifyAccess, type AccessCase, type AccessVerdict, type Problem } from "./iam";
import {
  tierMatrix,
  verifyFlows,
  type ExportResource as NetworkResource,
  type FlowCase,
  type FlowVerdict,
  type TierMatrix,
} from "./network";
import { tiersOf } from "./network/rampartFlows";
import { defaultAccess, defaultFlows } from "./defaultCases";
import { verifyImages, type DeclaredImages, type ImageVerdict } from "./images";
import {
  rampartClusterCases,
  rbacCases,
  verifyCluster,
  verifyRbac,
  type ClusterCase,
  type ClusterVerdict,
  type RbacCase,
  type RbacVerdict,
} from "./cluster";

/** What both libraries read of an export resource (cli/check/exportDoc's StateResource fits). */
export interface VerifyResource extends NetworkResource {
  readonly inputs: Record<string, unknown>;
  readonly parent?: string;
  /** Pending deletion: the engine is about to delete it, so it decides nothing. */
  readonly delete?: boolean;
}

/** The cases to decide: a kind left undefined runs Rampart's defaults, derived from the export. */
export interface VerifyCases {
  readonly flows?: readonly FlowCase[];
  readonly access?: readonly AccessCase[];
  readonly cluster?: readonly ClusterCase[];
  readonly rbac?: readonly RbacCase[];
  /** Run the defaults too when a kind is given (ids must then differ from the defaults'). */
  readonly keepDefaults?: boolean;
  /** Images listed for resources whose images the export does not show, by URN (`--images FILE`). */
  readonly images?: DeclaredImages;
}

export interface VerifyReport {
  readonly flows: readonly FlowVerdict[];
  readonly access: readonly AccessVerdict[];
  /** One case per place an image is named: its registry must be reachable from the nodes. */
  readonly images: readonly ImageVerdict[];
  /** Requests between workloads (NetworkPolicy, PeerAuthentication, AuthorizationPolicy). */
  readonly cluster: readonly ClusterVerdict[];
  /** What the access roles may do through the Kubernetes API (EKS access policies and RBAC). */
  readonly rbac: readonly RbacVerdict[];
  readonly lint: readonly Problem[];
  /** Undefined when no subnet carries a `rampart:tier` tag (not a Rampart stack): no tiers to tabulate. */
  readonly matrix?: TierMatrix;
}

export interface VerifySummary {
  readonly flows: { readonly passed: number; readonly failed: number };
  readonly access: { readonly passed: number; readonly failed: number };
  readonly images: { readonly passed: number; readonly failed: number };
  readonly cluster: { readonly passed: number; readonly failed: number };
  readonly rbac: { readonly passed: number; readonly failed: number };
  readonly lint: number;
  readonly pass: boolean;
}

/** Thrown when the cases cannot be combined (an id used twice); the command maps it to exit 2. */
export class CaseConflictError extends Error {}

function combine<T extends { readonly id: string }>(
  kind: string,
  defaults: () => readonly T[],
  given: readonly T[] | undefined,
  keepDefaults: boolean,
): readonly T[] {
  if (!given) return defaults();
  if (!keepDefaults) return given;
  const base = defaults();
  const ids = new Set(base.map((c) => c.id));
  const clash = given.find((c) => ids.has(c.id));
  if (clash) {
    throw new CaseConflictError(
      `${kind} case id "${clash.id}" is also a default case's id (rename it, or drop --keep-defaults to replace the defaults)`,
    );
  }
  return [...base, ...given];
}

export function verifyResources(all: readonly VerifyResource[], cases: VerifyCases = {}): VerifyReport {
  const resources = all.filter((r) => r.delete !== true);
  const keep = cases.keepDefaults ?? false;
  const flowCases = combine("flow", () => defaultFlows(resources), cases.flows, keep);
  const accessCases = combine("access", () => defaultAccess(resources), cases.access, keep);
  const clusterCases = combine("cluster", () => rampartClusterCases(resources), cases.cluster, keep);
  const rbac = combine("rbac", () => rbacCases(resources), cases.rbac, keep);
  // The matrix's rows are the `rampart:tier` subnet tags (the firewall tier carries no workloads).
  const hasTiers = [...tiersOf(resources)].some((t) => t !== "firewall");
  return {
    flows: verifyFlows(resources, flowCases),
    access: verifyAccess(resources, accessCases),
    images: verifyImages(resources, cases.images),
    cluster: verifyCluster(resources, clusterCases),
    rbac: verifyRbac(resources, rbac),
    lint: lintPolicyDocuments(resources),
    ...(hasTiers ? { matrix: tierMatrix(resources) } : {}),
  };
}

export function summarizeVerify(r: VerifyReport): VerifySummary {
  const count = (vs: readonly { pass: boolean }[]) => {
    const passed = vs.filter((v) => v.pass).length;
    return { passed, failed: vs.length - passed };
  };
  const flows = count(r.flows);
  const access = count(r.access);
  const images = count(r.images);
  const cluster = count(r.cluster);
  const rbac = count(r.rbac);
  const lint = r.lint.length;
  const pass =
    flows.failed === 0 &&
    access.failed === 0 &&
    images.failed === 0 &&
    cluster.failed === 0 &&
    rbac.failed === 0 &&
    lint === 0;
  return { flows, access, images, cluster, rbac, lint, pass };
}

/** 0 every case (flow, access, image, cluster, RBAC) passes and the lint found nothing; 1 otherwise (2 is bad input, raised before this). */
export function verifyExitCode(r: VerifyReport): number {
  return summarizeVerify(r).pass ? 0 : 1;
}
