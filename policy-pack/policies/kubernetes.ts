import type { Policy } from "../lib/policy";
import { releaseDisallowInsecureRepository } from "./helm/releaseDisallowInsecureRepository";
import { releaseDisallowInsecureValues } from "./helm/releaseDisallowInsecureValues";
import { releaseDisallowSecretsInValues } from "./helm/releaseDisallowSecretsInValues";
import { releaseRequirePinnedVersion } from "./helm/releaseRequirePinnedVersion";
import { releaseRequireHardenedVault } from "./helm/releaseRequireHardenedVault";
import { releaseRequireHardenedKyverno } from "./helm/releaseRequireHardenedKyverno";
import { clusterPolicyDisallowAuditImageVerification } from "./kyverno/clusterPolicyDisallowAuditImageVerification";
import { clusterPolicyRequireStrictImageVerification } from "./kyverno/clusterPolicyRequireStrictImageVerification";
import { workloadRequireInferenceImageFromRegistry } from "./k8s-workloads/workloadRequireInferenceImageFromRegistry";
import { namespaceRequireDefaultDenyNetworkPolicy } from "./k8s-namespaces/namespaceRequireDefaultDenyNetworkPolicy";
import { namespaceRequireQuarantineNetworkPolicy } from "./k8s-namespaces/namespaceRequireQuarantineNetworkPolicy";
import { networkPolicyRequireQuarantineExclusion } from "./k8s-network/networkPolicyRequireQuarantineExclusion";
import { networkPolicyDisallowAllowAll } from "./k8s-network/networkPolicyDisallowAllowAll";
import { namespaceRequireRestrictedPodSecurity } from "./k8s-namespaces/namespaceRequireRestrictedPodSecurity";
import { serviceDisallowExternalIps } from "./k8s-network/serviceDisallowExternalIps";
import { serviceDisallowNodePort } from "./k8s-network/serviceDisallowNodePort";
import { serviceDisallowPublicLoadBalancer } from "./k8s-network/serviceDisallowPublicLoadBalancer";
import { rbacBindingDisallowClusterAdmin } from "./k8s-rbac/rbacBindingDisallowClusterAdmin";
import { rbacBindingDisallowPublicSubjects } from "./k8s-rbac/rbacBindingDisallowPublicSubjects";
import { rbacRoleDisallowSecretsRead } from "./k8s-rbac/rbacRoleDisallowSecretsRead";
import { rbacRoleDisallowPodExec } from "./k8s-rbac/rbacRoleDisallowPodExec";
import { secretDisallowLegacyServiceAccountToken } from "./k8s-rbac/secretDisallowLegacyServiceAccountToken";
import { configMapDisallowAwsAuthSystemMasters } from "./k8s-rbac/configMapDisallowAwsAuthSystemMasters";
import { rbacRoleDisallowEscalationVerbs } from "./k8s-rbac/rbacRoleDisallowEscalationVerbs";
import { rbacRoleDisallowWildcards } from "./k8s-rbac/rbacRoleDisallowWildcards";
import { serviceAccountDisallowTokenAutomount } from "./k8s-workloads/serviceAccountDisallowTokenAutomount";
import { workloadDisallowHostNamespaces } from "./k8s-workloads/workloadDisallowHostNamespaces";
import { workloadDisallowHostPathVolumes } from "./k8s-workloads/workloadDisallowHostPathVolumes";
import { workloadDisallowHostPorts } from "./k8s-workloads/workloadDisallowHostPorts";
import { workloadDisallowPrivilegeEscalation } from "./k8s-workloads/workloadDisallowPrivilegeEscalation";
import { workloadDisallowPrivileged } from "./k8s-workloads/workloadDisallowPrivileged";
import { workloadDisallowRootUser } from "./k8s-workloads/workloadDisallowRootUser";
import { workloadDisallowSecretsInEnv } from "./k8s-workloads/workloadDisallowSecretsInEnv";
import { configMapDisallowSecrets } from "./k8s-workloads/configMapDisallowSecrets";
import { workloadDisallowTrustRemoteCode } from "./k8s-workloads/workloadDisallowTrustRemoteCode";
import { workloadDisallowServiceAccountTokenAutomount } from "./k8s-workloads/workloadDisallowServiceAccountTokenAutomount";
import { workloadDisallowUnmaskedProcMount } from "./k8s-workloads/workloadDisallowUnmaskedProcMount";
import { workloadDisallowUnsafeSysctls } from "./k8s-workloads/workloadDisallowUnsafeSysctls";
import { workloadRequireDropAllCapabilities } from "./k8s-workloads/workloadRequireDropAllCapabilities";
import { workloadRequirePinnedImage } from "./k8s-workloads/workloadRequirePinnedImage";
import { workloadRequireReadOnlyRootFilesystem } from "./k8s-workloads/workloadRequireReadOnlyRootFilesystem";
import { workloadRequireResourceLimits } from "./k8s-workloads/workloadRequireResourceLimits";
import { workloadRequireRunAsNonRoot } from "./k8s-workloads/workloadRequireRunAsNonRoot";
import { workloadRequireSeccompProfile } from "./k8s-workloads/workloadRequireSeccompProfile";
import { workloadRestrictAddedCapabilities } from "./k8s-workloads/workloadRestrictAddedCapabilities";
import { workloadRestrictVolumeTypes } from "./k8s-workloads/workloadRestrictVolumeTypes";
import { authorizationPolicyDisallowAllowAll } from "./mesh/authorizationPolicyDisallowAllowAll";
import { destinationRuleDisallowTlsDisable } from "./mesh/destinationRuleDisallowTlsDisable";
import { destinationRuleRequireOutlierDetection } from "./mesh/destinationRuleRequireOutlierDetection";
import { meshRequireStrictMtls } from "./mesh/meshRequireStrictMtls";
import { peerAuthenticationRequireStrictMtls } from "./mesh/peerAuthenticationRequireStrictMtls";
import { authorizationPolicyRequireSourceIdentity } from "./mesh/authorizationPolicyRequireSourceIdentity";
import { authorizationPolicyDisallowMeshWideAllow } from "./mesh/authorizationPolicyDisallowMeshWideAllow";
import { requestAuthenticationRequireHttpsJwks } from "./mesh/requestAuthenticationRequireHttpsJwks";
import { serviceEntryRequireTlsOrigination } from "./mesh/serviceEntryRequireTlsOrigination";
import { gatewayRequireHttps } from "./mesh/gatewayRequireHttps";
import { gatewayRequireModernTls } from "./mesh/gatewayRequireModernTls";
import { gatewayDisallowTlsPassthrough } from "./mesh/gatewayDisallowTlsPassthrough";
import { gatewayDisallowWildcardHosts } from "./mesh/gatewayDisallowWildcardHosts";
import { envoyFilterDisallowAuthFilterPatches } from "./mesh/envoyFilterDisallowAuthFilterPatches";
import { istiodRequireRegistryOnlyEgress } from "./mesh/istiodRequireRegistryOnlyEgress";
import { istiodRequireCni } from "./mesh/istiodRequireCni";
import { istiodRequireProxyResourceLimits } from "./mesh/istiodRequireProxyResourceLimits";

/** Every Kubernetes, service-mesh and Helm policy, in catalog order. */
export const kubernetesPolicies: Policy[] = [
  // Workloads: Pod Security "baseline" and "restricted", images, secrets, resources.
  workloadDisallowPrivileged,
  workloadDisallowPrivilegeEscalation,
  workloadRequireRunAsNonRoot,
  workloadDisallowRootUser,
  workloadDisallowHostNamespaces,
  workloadDisallowHostPathVolumes,
  workloadDisallowHostPorts,
  workloadRestrictAddedCapabilities,
  workloadRequireDropAllCapabilities,
  workloadRequireReadOnlyRootFilesystem,
  workloadRequireSeccompProfile,
  workloadDisallowUnmaskedProcMount,
  workloadDisallowUnsafeSysctls,
  workloadRestrictVolumeTypes,
  workloadRequireResourceLimits,
  workloadDisallowServiceAccountTokenAutomount,
  serviceAccountDisallowTokenAutomount,
  workloadRequirePinnedImage,
  workloadDisallowSecretsInEnv,
  configMapDisallowSecrets,
  workloadDisallowTrustRemoteCode,
  workloadRequireInferenceImageFromRegistry,
  // Namespaces.
  namespaceRequireRestrictedPodSecurity,
  namespaceRequireDefaultDenyNetworkPolicy,
  namespaceRequireQuarantineNetworkPolicy,
  networkPolicyRequireQuarantineExclusion,
  networkPolicyDisallowAllowAll,
  // RBAC.
  rbacRoleDisallowWildcards,
  rbacRoleDisallowEscalationVerbs,
  rbacBindingDisallowClusterAdmin,
  rbacBindingDisallowPublicSubjects,
  rbacRoleDisallowSecretsRead,
  rbacRoleDisallowPodExec,
  secretDisallowLegacyServiceAccountToken,
  configMapDisallowAwsAuthSystemMasters,
  // Services.
  serviceDisallowPublicLoadBalancer,
  serviceDisallowNodePort,
  serviceDisallowExternalIps,
  // Service mesh.
  peerAuthenticationRequireStrictMtls,
  meshRequireStrictMtls,
  destinationRuleDisallowTlsDisable,
  authorizationPolicyDisallowAllowAll,
  destinationRuleRequireOutlierDetection,
  authorizationPolicyRequireSourceIdentity,
  authorizationPolicyDisallowMeshWideAllow,
  requestAuthenticationRequireHttpsJwks,
  serviceEntryRequireTlsOrigination,
  gatewayRequireHttps,
  gatewayRequireModernTls,
  gatewayDisallowTlsPassthrough,
  gatewayDisallowWildcardHosts,
  envoyFilterDisallowAuthFilterPatches,
  istiodRequireRegistryOnlyEgress,
  istiodRequireCni,
  istiodRequireProxyResourceLimits,
  // Helm.
  releaseDisallowInsecureValues,
  releaseDisallowSecretsInValues,
  releaseRequirePinnedVersion,
  releaseDisallowInsecureRepository,
  releaseRequireHardenedVault,
  releaseRequireHardenedKyverno,
  // Image admission (Kyverno).
  clusterPolicyDisallowAuditImageVerification,
  clusterPolicyRequireStrictImageVerification,
];
