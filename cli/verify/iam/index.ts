/**
 * IAM and KMS access for `rampart verify`: lint every policy document of a stack export against AWS's
 * service reference, and decide declared access cases with a small evaluator of the documented policy
 * grammar. See cli/verify/ACCESS.md for the case format.
 */
export { lintPolicyDocuments } from "./lint";
export { verifyAccess, type AccessVerdict } from "./verify";
export { parseAccessCases, type AccessCase, type CasePrincipal } from "./cases";
export { rampartAccess } from "./rampartAccess";
export {
  evaluate,
  type Evaluation,
  type Policies,
  type IdentityPolicies,
  type PolicyVerdict,
} from "./evaluate";
export { parsePolicyDocument } from "./parse";
export type { ExportResource, Problem, Request, RequestPrincipal, SourcedPolicy, Decision } from "./types";
