import type { Policy } from "../lib/policy";
import { policyDisallowBroadGrants } from "./vault/policyDisallowBroadGrants";
import { policyDisallowSecretDestruction } from "./vault/policyDisallowSecretDestruction";
import { kubernetesAuthBackendRoleDisallowWildcardBindings } from "./vault/kubernetesAuthBackendRoleDisallowWildcardBindings";
import { authRoleLimitTokenTtl } from "./vault/authRoleLimitTokenTtl";
import { authBackendDisallowUserpass } from "./vault/authBackendDisallowUserpass";
import { tokenDisallowLongLived } from "./vault/tokenDisallowLongLived";
import { jwtAuthBackendRoleRequireBoundAudiences } from "./vault/jwtAuthBackendRoleRequireBoundAudiences";
import { jwtAuthBackendRoleRequireBoundClaims } from "./vault/jwtAuthBackendRoleRequireBoundClaims";
import { jwtAuthBackendDisallowDefaultRole } from "./vault/jwtAuthBackendDisallowDefaultRole";
import { transitSecretBackendKeyDisallowExportOrDeletion } from "./vault/transitSecretBackendKeyDisallowExportOrDeletion";
import { transitSecretBackendKeyRequireRotation } from "./vault/transitSecretBackendKeyRequireRotation";
import { kvSecretBackendRequireVersionHistory } from "./vault/kvSecretBackendRequireVersionHistory";
import { auditRequireDevice } from "./vault/auditRequireDevice";
import { auditDisallowRawLogging } from "./vault/auditDisallowRawLogging";

/** Every HashiCorp Vault policy (`@pulumi/vault` resources), in catalog order. */
export const vaultPolicies: Policy[] = [
  // Policies (ACL documents).
  policyDisallowBroadGrants,
  policyDisallowSecretDestruction,
  // Auth methods and their roles.
  kubernetesAuthBackendRoleDisallowWildcardBindings,
  jwtAuthBackendRoleRequireBoundAudiences,
  jwtAuthBackendRoleRequireBoundClaims,
  jwtAuthBackendDisallowDefaultRole,
  authRoleLimitTokenTtl,
  authBackendDisallowUserpass,
  tokenDisallowLongLived,
  // Secrets engines.
  transitSecretBackendKeyDisallowExportOrDeletion,
  transitSecretBackendKeyRequireRotation,
  kvSecretBackendRequireVersionHistory,
  // Audit.
  auditRequireDevice,
  auditDisallowRawLogging,
];
