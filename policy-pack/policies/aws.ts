import type { Policy } from "../lib/policy";
import { backupVaultRequireLock } from "./backup/backupVaultRequireLock";
import { backupVaultLockConfigurationRequireComplianceMode } from "./backup/backupVaultLockConfigurationRequireComplianceMode";
import { backupVaultLockConfigurationRequireRetentionBounds } from "./backup/backupVaultLockConfigurationRequireRetentionBounds";
import { backupPlanRequireExpiry } from "./backup/backupPlanRequireExpiry";
import { backupPlanRequireCopyExpiry } from "./backup/backupPlanRequireCopyExpiry";
import { backupSelectionRequireScope } from "./backup/backupSelectionRequireScope";
import { rdsInstanceRequireBackupRetention } from "./backup/rdsInstanceRequireBackupRetention";
import { rdsClusterRequireBackupRetention } from "./backup/rdsClusterRequireBackupRetention";
import { rdsInstanceRequireDeletionProtection } from "./backup/rdsInstanceRequireDeletionProtection";
import { rdsClusterRequireDeletionProtection } from "./backup/rdsClusterRequireDeletionProtection";
import { s3BucketRequireVersioning } from "./backup/s3BucketRequireVersioning";
import { elasticacheClusterRequireSnapshotRetention } from "./backup/elasticacheClusterRequireSnapshotRetention";
import { rdsSnapshotDisallowPublicSharing } from "./backup/rdsSnapshotDisallowPublicSharing";
import { backupVaultRequireCmk } from "./encryption/backupVaultRequireCmk";
import { cloudwatchLogGroupRequireKms } from "./encryption/cloudwatchLogGroupRequireKms";
import { dynamodbTableRequireKmsEncryption } from "./encryption/dynamodbTableRequireKmsEncryption";
import { ebsVolumeRequireEncryption } from "./encryption/ebsVolumeRequireEncryption";
import { ec2InstanceRequireEbsEncryption } from "./encryption/ec2InstanceRequireEbsEncryption";
import { ec2LaunchTemplateRequireEbsEncryption } from "./encryption/ec2LaunchTemplateRequireEbsEncryption";
import { ecrRepositoryRequireKms } from "./encryption/ecrRepositoryRequireKms";
import { efsFileSystemRequireEncryption } from "./encryption/efsFileSystemRequireEncryption";
import { kinesisFirehoseRequireEncryption } from "./encryption/kinesisFirehoseRequireEncryption";
import { kinesisStreamRequireKmsEncryption } from "./encryption/kinesisStreamRequireKmsEncryption";
import { opensearchDomainRequireEncryptionAtRest } from "./encryption/opensearchDomainRequireEncryptionAtRest";
import { opensearchDomainRequireHttpsTls12 } from "./encryption/opensearchDomainRequireHttpsTls12";
import { opensearchDomainRequireNodeToNodeEncryption } from "./encryption/opensearchDomainRequireNodeToNodeEncryption";
import { rdsClusterRequireStorageEncryption } from "./encryption/rdsClusterRequireStorageEncryption";
import { rdsInstanceRequireStorageEncryption } from "./encryption/rdsInstanceRequireStorageEncryption";
import { s3BucketRequireEncryption } from "./encryption/s3BucketRequireEncryption";
import { secretsmanagerSecretRequireCmk } from "./encryption/secretsmanagerSecretRequireCmk";
import { snsTopicRequireKmsEncryption } from "./encryption/snsTopicRequireKmsEncryption";
import { sqsQueueRequireEncryption } from "./encryption/sqsQueueRequireEncryption";
import { kmsKeyDisallowUnrestrictedSign } from "./kms/kmsKeyDisallowUnrestrictedSign";
import { kmsKeyDisallowWildcardPrincipal } from "./kms/kmsKeyDisallowWildcardPrincipal";
import { kmsKeyRequireDeletionWindow } from "./kms/kmsKeyRequireDeletionWindow";
import { kmsKeyRequireRotation } from "./kms/kmsKeyRequireRotation";
import { ec2DefaultSecurityGroupDisallowRules } from "./network/ec2DefaultSecurityGroupDisallowRules";
import { ec2DefaultVpcDisallowUse } from "./network/ec2DefaultVpcDisallowUse";
import { ec2NetworkAclDisallowPublicAllowAll } from "./network/ec2NetworkAclDisallowPublicAllowAll";
import { ec2NetworkAclDisallowPublicAdminPorts } from "./network/ec2NetworkAclDisallowPublicAdminPorts";
import { ec2SecurityGroupDisallowPublicAdminPorts } from "./network/ec2SecurityGroupDisallowPublicAdminPorts";
import { ec2SecurityGroupDisallowPublicAllTraffic } from "./network/ec2SecurityGroupDisallowPublicAllTraffic";
import { ec2SecurityGroupDisallowUnrestrictedEgress } from "./network/ec2SecurityGroupDisallowUnrestrictedEgress";
import { ec2SubnetDisallowPublicIpOnLaunch } from "./network/ec2SubnetDisallowPublicIpOnLaunch";
import { ec2VpcRequireFlowLogs } from "./network/ec2VpcRequireFlowLogs";
import { lbListenerDisallowPlainHttp } from "./edge/lbListenerDisallowPlainHttp";
import { lbListenerRequireModernTls } from "./edge/lbListenerRequireModernTls";
import { lbListenerRuleDisallowPlainHttp } from "./edge/lbListenerRuleDisallowPlainHttp";
import { lbLoadBalancerRequireIngressTier } from "./edge/lbLoadBalancerRequireIngressTier";
import { lbLoadBalancerRequireWafRateLimit } from "./edge/lbLoadBalancerRequireWafRateLimit";
import { lbLoadBalancerRequireDropInvalidHeaders } from "./edge/lbLoadBalancerRequireDropInvalidHeaders";
import { lbLoadBalancerRequireDesyncMitigation } from "./edge/lbLoadBalancerRequireDesyncMitigation";
import { lbLoadBalancerRequireAccessLogs } from "./edge/lbLoadBalancerRequireAccessLogs";
import { lbLoadBalancerRequireDeletionProtection } from "./edge/lbLoadBalancerRequireDeletionProtection";
import { lbTargetGroupRequireHttps } from "./edge/lbTargetGroupRequireHttps";
import { elbLoadBalancerDisallowPlainListeners } from "./edge/elbLoadBalancerDisallowPlainListeners";
import { elbLoadBalancerPolicyRequireModernTls } from "./edge/elbLoadBalancerPolicyRequireModernTls";
import { elbLoadBalancerRequireSslNegotiationPolicy } from "./edge/elbLoadBalancerRequireSslNegotiationPolicy";
import { wafv2WebAclRequireManagedRules } from "./waf/wafv2WebAclRequireManagedRules";
import { wafv2WebAclDisallowCountMode } from "./waf/wafv2WebAclDisallowCountMode";
import { wafv2WebAclRequireAssociation } from "./waf/wafv2WebAclRequireAssociation";
import { wafv2WebAclRequireLogging } from "./waf/wafv2WebAclRequireLogging";
import { wafv2WebAclLoggingConfigurationRequireRedactedHeaders } from "./waf/wafv2WebAclLoggingConfigurationRequireRedactedHeaders";
import { iamAccessKeyDisallowUserKeys } from "./iam/iamAccessKeyDisallowUserKeys";
import { iamBoundaryPolicyDisallowIdentityUse } from "./iam/iamBoundaryPolicyDisallowIdentityUse";
import { iamPolicyDisallowWildcardAdmin } from "./iam/iamPolicyDisallowWildcardAdmin";
import { iamPolicyDisallowFullIamAccess } from "./iam/iamPolicyDisallowFullIamAccess";
import { iamRoleDisallowOpenTrust } from "./iam/iamRoleDisallowOpenTrust";
import { iamRoleLimitSessionDuration } from "./iam/iamRoleLimitSessionDuration";
import { iamRoleRequireMfaForAdmin } from "./iam/iamRoleRequireMfaForAdmin";
import { iamRoleRequireFederatedAudience } from "./iam/iamRoleRequireFederatedAudience";
import { iamRoleRequirePermissionsBoundary } from "./iam/iamRoleRequirePermissionsBoundary";
import { iamUserLoginProfileDisallowConsolePassword } from "./iam/iamUserLoginProfileDisallowConsolePassword";
import { iamUserDisallowDirectPolicies } from "./iam/iamUserDisallowDirectPolicies";
import { iamPolicyAttachmentDisallowAdministratorAccess } from "./iam/iamPolicyAttachmentDisallowAdministratorAccess";
import { cloudtrailTrailRequireKms } from "./logging/cloudtrailTrailRequireKms";
import { cloudtrailTrailRequireLogValidation } from "./logging/cloudtrailTrailRequireLogValidation";
import { cloudtrailTrailRequireMultiRegion } from "./logging/cloudtrailTrailRequireMultiRegion";
import { cloudwatchLogGroupRequireRetention } from "./logging/cloudwatchLogGroupRequireRetention";
import { eksClusterRequireControlPlaneLogs } from "./logging/eksClusterRequireControlPlaneLogs";
import { guarddutyDetectorRequireEksAuditLogs } from "./logging/guarddutyDetectorRequireEksAuditLogs";
import { guarddutyDetectorRequireEnabled } from "./logging/guarddutyDetectorRequireEnabled";
import { s3BucketRequireAccessLogging } from "./logging/s3BucketRequireAccessLogging";
import { eksClusterDisallowPublicEndpoint } from "./eks/eksClusterDisallowPublicEndpoint";
import { eksClusterRequireSecretsEncryption } from "./eks/eksClusterRequireSecretsEncryption";
import { eksNodeGroupDisallowRemoteAccess } from "./eks/eksNodeGroupDisallowRemoteAccess";
import { eksClusterRequireApiAuthenticationMode } from "./eks/eksClusterRequireApiAuthenticationMode";
import { eksClusterDisallowBootstrapCreatorAdmin } from "./eks/eksClusterDisallowBootstrapCreatorAdmin";
import { eksAccessEntryDisallowSystemGroups } from "./eks/eksAccessEntryDisallowSystemGroups";
import { eksAccessPolicyAssociationRestrictClusterAdmin } from "./eks/eksAccessPolicyAssociationRestrictClusterAdmin";
import { eksClusterRequireSupportedVersion } from "./eks/eksClusterRequireSupportedVersion";
import { eksAddonRequireNetworkPolicy } from "./eks/eksAddonRequireNetworkPolicy";
import { eksAddonRequireWorkloadIdentity } from "./eks/eksAddonRequireWorkloadIdentity";
import { ec2LaunchTemplateLimitMetadataHopLimit } from "./ec2/ec2LaunchTemplateLimitMetadataHopLimit";
import { ec2LaunchTemplateRequireImdsv2 } from "./ec2/ec2LaunchTemplateRequireImdsv2";
import { ec2InstanceDisallowSecretsInUserData } from "./ec2/ec2InstanceDisallowSecretsInUserData";
import { autoscalingGroupDisallowLaunchConfiguration } from "./ec2/autoscalingGroupDisallowLaunchConfiguration";
import { ecrRepositoryRequireImmutableTags } from "./supplychain/ecrRepositoryRequireImmutableTags";
import { ecrRepositoryRequireScanOnPush } from "./supplychain/ecrRepositoryRequireScanOnPush";
import { ecrRepositoryPolicyRequireAccountBoundary } from "./supplychain/ecrRepositoryPolicyRequireAccountBoundary";
import { ecrRegistryPolicyDisallowPublicPrincipal } from "./supplychain/ecrRegistryPolicyDisallowPublicPrincipal";
import { ecrRegistryScanningConfigurationRequireContinuousScan } from "./supplychain/ecrRegistryScanningConfigurationRequireContinuousScan";
import { ecrRepositoryRequireLifecyclePolicy } from "./supplychain/ecrRepositoryRequireLifecyclePolicy";
import { s3BucketRequireModelAccessLogging } from "./supplychain/s3BucketRequireModelAccessLogging";
import { ecsTaskDefinitionDisallowPrivileged } from "./ecs/ecsTaskDefinitionDisallowPrivileged";
import { ecsTaskDefinitionRequireReadonlyRoot } from "./ecs/ecsTaskDefinitionRequireReadonlyRoot";
import { ecsTaskDefinitionRequireNonRootUser } from "./ecs/ecsTaskDefinitionRequireNonRootUser";
import { ecsTaskDefinitionDisallowHostNamespaces } from "./ecs/ecsTaskDefinitionDisallowHostNamespaces";
import { ecsTaskDefinitionDisallowPlaintextSecrets } from "./ecs/ecsTaskDefinitionDisallowPlaintextSecrets";
import { s3BucketRequireModelObjectLock } from "./supplychain/s3BucketRequireModelObjectLock";
import { s3BucketRequireModelVersioning } from "./supplychain/s3BucketRequireModelVersioning";
import { ec2InstanceDisallowPublicIp } from "./exposure/ec2InstanceDisallowPublicIp";
import { ecrRepositoryDisallowPublicPrincipal } from "./exposure/ecrRepositoryDisallowPublicPrincipal";
import { rdsInstanceDisallowPublicAccess } from "./exposure/rdsInstanceDisallowPublicAccess";
import { s3BucketDisallowPublicAcl } from "./exposure/s3BucketDisallowPublicAcl";
import { s3BucketDisallowPublicPrincipal } from "./exposure/s3BucketDisallowPublicPrincipal";
import { s3BucketRequirePublicAccessBlock } from "./exposure/s3BucketRequirePublicAccessBlock";
import { s3PublicAccessBlockRequireAllEnabled } from "./exposure/s3PublicAccessBlockRequireAllEnabled";
import { snsTopicDisallowPublicPrincipal } from "./exposure/snsTopicDisallowPublicPrincipal";
import { sqsQueueDisallowPublicPrincipal } from "./exposure/sqsQueueDisallowPublicPrincipal";

import { cloudtrailTrailRequireGlobalServiceEvents } from "./logging/cloudtrailTrailRequireGlobalServiceEvents";
import { cloudtrailTrailRequireCloudwatchLogs } from "./logging/cloudtrailTrailRequireCloudwatchLogs";
import { cloudtrailTrailRequireProtectedBucket } from "./logging/cloudtrailTrailRequireProtectedBucket";
import { cloudtrailTrailRequireCisAlarms } from "./logging/cloudtrailTrailRequireCisAlarms";
import { s3BucketRequireTrailDataEvents } from "./logging/s3BucketRequireTrailDataEvents";
import { cloudtrailTrailRequireManagementEvents } from "./logging/cloudtrailTrailRequireManagementEvents";
import { cloudtrailTrailRequireLogging } from "./logging/cloudtrailTrailRequireLogging";
import { guarddutyDetectorRequireRuntimeMonitoring } from "./detection/guarddutyDetectorRequireRuntimeMonitoring";
import { guarddutyDetectorRequireS3Protection } from "./detection/guarddutyDetectorRequireS3Protection";
import { guarddutyDetectorRequireFrequentPublishing } from "./detection/guarddutyDetectorRequireFrequentPublishing";
import { securityhubAccountRequireEnabled } from "./detection/securityhubAccountRequireEnabled";
import { securityhubAccountRequireStandards } from "./detection/securityhubAccountRequireStandards";
import { configRecorderRequireAllResources } from "./detection/configRecorderRequireAllResources";
import { configRecorderRequireDeliveryChannel } from "./detection/configRecorderRequireDeliveryChannel";
import { configRecorderRequireEnabled } from "./detection/configRecorderRequireEnabled";
import { opensearchDomainDisallowPublicEndpoint } from "./search/opensearchDomainDisallowPublicEndpoint";
import { opensearchDomainDisallowPublicPrincipal } from "./search/opensearchDomainDisallowPublicPrincipal";
import { opensearchDomainRequireFineGrainedAccess } from "./search/opensearchDomainRequireFineGrainedAccess";
import { opensearchDomainRequireAuditLogs } from "./search/opensearchDomainRequireAuditLogs";
import { opensearchDomainRequireHighAvailability } from "./search/opensearchDomainRequireHighAvailability";
import { kinesisFirehoseRequireOpensearchBackup } from "./search/kinesisFirehoseRequireOpensearchBackup";
import { kinesisFirehoseRequireOpensearchVpc } from "./search/kinesisFirehoseRequireOpensearchVpc";
import { cloudwatchLogGroupRequireDataProtection } from "./privacy/cloudwatchLogGroupRequireDataProtection";
import { s3BucketRequirePersonalDataExpiration } from "./privacy/s3BucketRequirePersonalDataExpiration";
import { s3BucketRequireAuditLogObjectLock } from "./privacy/s3BucketRequireAuditLogObjectLock";
import { dynamodbTableRequirePointInTimeRecovery } from "./privacy/dynamodbTableRequirePointInTimeRecovery";
import { dynamodbTableRequireDeletionProtection } from "./privacy/dynamodbTableRequireDeletionProtection";
import { kinesisStreamLimitRetention } from "./privacy/kinesisStreamLimitRetention";
/** Every AWS policy, in catalog order (by area, then name). */
export const awsPolicies: Policy[] = [
  backupVaultRequireCmk,
  backupVaultRequireLock,
  backupVaultLockConfigurationRequireComplianceMode,
  backupVaultLockConfigurationRequireRetentionBounds,
  backupPlanRequireExpiry,
  backupPlanRequireCopyExpiry,
  backupSelectionRequireScope,
  rdsInstanceRequireBackupRetention,
  rdsClusterRequireBackupRetention,
  rdsInstanceRequireDeletionProtection,
  rdsClusterRequireDeletionProtection,
  s3BucketRequireVersioning,
  elasticacheClusterRequireSnapshotRetention,
  rdsSnapshotDisallowPublicSharing,
  cloudwatchLogGroupRequireKms,
  dynamodbTableRequireKmsEncryption,
  ebsVolumeRequireEncryption,
  ec2InstanceRequireEbsEncryption,
  ec2LaunchTemplateRequireEbsEncryption,
  ecrRepositoryRequireKms,
  efsFileSystemRequireEncryption,
  kinesisFirehoseRequireEncryption,
  kinesisStreamRequireKmsEncryption,
  opensearchDomainRequireEncryptionAtRest,
  opensearchDomainRequireHttpsTls12,
  opensearchDomainRequireNodeToNodeEncryption,
  rdsClusterRequireStorageEncryption,
  rdsInstanceRequireStorageEncryption,
  s3BucketRequireEncryption,
  secretsmanagerSecretRequireCmk,
  snsTopicRequireKmsEncryption,
  sqsQueueRequireEncryption,
  kmsKeyDisallowWildcardPrincipal,
  kmsKeyRequireDeletionWindow,
  kmsKeyRequireRotation,
  kmsKeyDisallowUnrestrictedSign,
  ec2DefaultSecurityGroupDisallowRules,
  ec2DefaultVpcDisallowUse,
  ec2NetworkAclDisallowPublicAllowAll,
  ec2NetworkAclDisallowPublicAdminPorts,
  ec2SecurityGroupDisallowPublicAdminPorts,
  ec2SecurityGroupDisallowPublicAllTraffic,
  ec2SecurityGroupDisallowUnrestrictedEgress,
  ec2SubnetDisallowPublicIpOnLaunch,
  ec2VpcRequireFlowLogs,
  lbListenerDisallowPlainHttp,
  lbListenerRequireModernTls,
  lbListenerRuleDisallowPlainHttp,
  lbLoadBalancerRequireIngressTier,
  lbLoadBalancerRequireWafRateLimit,
  lbLoadBalancerRequireDropInvalidHeaders,
  lbLoadBalancerRequireDesyncMitigation,
  lbLoadBalancerRequireAccessLogs,
  lbLoadBalancerRequireDeletionProtection,
  lbTargetGroupRequireHttps,
  elbLoadBalancerDisallowPlainListeners,
  elbLoadBalancerPolicyRequireModernTls,
  elbLoadBalancerRequireSslNegotiationPolicy,
  wafv2WebAclRequireManagedRules,
  wafv2WebAclDisallowCountMode,
  wafv2WebAclRequireAssociation,
  wafv2WebAclRequireLogging,
  wafv2WebAclLoggingConfigurationRequireRedactedHeaders,
  iamAccessKeyDisallowUserKeys,
  iamPolicyDisallowWildcardAdmin,
  iamPolicyDisallowFullIamAccess,
  iamBoundaryPolicyDisallowIdentityUse,
  iamRoleDisallowOpenTrust,
  iamRoleLimitSessionDuration,
  iamRoleRequireMfaForAdmin,
  iamRoleRequireFederatedAudience,
  iamRoleRequirePermissionsBoundary,
  iamUserLoginProfileDisallowConsolePassword,
  iamUserDisallowDirectPolicies,
  iamPolicyAttachmentDisallowAdministratorAccess,
  cloudtrailTrailRequireKms,
  cloudtrailTrailRequireLogValidation,
  cloudtrailTrailRequireMultiRegion,
  cloudwatchLogGroupRequireRetention,
  eksClusterRequireControlPlaneLogs,
  guarddutyDetectorRequireEksAuditLogs,
  guarddutyDetectorRequireEnabled,
  s3BucketRequireAccessLogging,
  eksClusterDisallowPublicEndpoint,
  eksClusterRequireSecretsEncryption,
  eksNodeGroupDisallowRemoteAccess,
  eksClusterRequireApiAuthenticationMode,
  eksClusterDisallowBootstrapCreatorAdmin,
  eksAccessEntryDisallowSystemGroups,
  eksAccessPolicyAssociationRestrictClusterAdmin,
  eksClusterRequireSupportedVersion,
  eksAddonRequireNetworkPolicy,
  eksAddonRequireWorkloadIdentity,
  ec2LaunchTemplateLimitMetadataHopLimit,
  ec2LaunchTemplateRequireImdsv2,
  ec2InstanceDisallowSecretsInUserData,
  autoscalingGroupDisallowLaunchConfiguration,
  ecrRepositoryRequireImmutableTags,
  ecrRepositoryRequireScanOnPush,
  ecrRepositoryPolicyRequireAccountBoundary,
  ecrRegistryPolicyDisallowPublicPrincipal,
  ecrRegistryScanningConfigurationRequireContinuousScan,
  ecrRepositoryRequireLifecyclePolicy,
  s3BucketRequireModelObjectLock,
  s3BucketRequireModelVersioning,
  s3BucketRequireModelAccessLogging,
  ecsTaskDefinitionDisallowPrivileged,
  ecsTaskDefinitionRequireReadonlyRoot,
  ecsTaskDefinitionRequireNonRootUser,
  ecsTaskDefinitionDisallowHostNamespaces,
  ecsTaskDefinitionDisallowPlaintextSecrets,
  ec2InstanceDisallowPublicIp,
  ecrRepositoryDisallowPublicPrincipal,
  rdsInstanceDisallowPublicAccess,
  s3BucketDisallowPublicAcl,
  s3BucketDisallowPublicPrincipal,
  s3BucketRequirePublicAccessBlock,
  s3PublicAccessBlockRequireAllEnabled,
  snsTopicDisallowPublicPrincipal,
  sqsQueueDisallowPublicPrincipal,
  cloudtrailTrailRequireGlobalServiceEvents,
  cloudtrailTrailRequireCloudwatchLogs,
  cloudtrailTrailRequireProtectedBucket,
  cloudtrailTrailRequireCisAlarms,
  s3BucketRequireTrailDataEvents,
  cloudtrailTrailRequireManagementEvents,
  cloudtrailTrailRequireLogging,
  guarddutyDetectorRequireRuntimeMonitoring,
  guarddutyDetectorRequireS3Protection,
  guarddutyDetectorRequireFrequentPublishing,
  securityhubAccountRequireEnabled,
  securityhubAccountRequireStandards,
  configRecorderRequireAllResources,
  configRecorderRequireDeliveryChannel,
  configRecorderRequireEnabled,
  opensearchDomainDisallowPublicEndpoint,
  opensearchDomainDisallowPublicPrincipal,
  opensearchDomainRequireFineGrainedAccess,
  opensearchDomainRequireAuditLogs,
  opensearchDomainRequireHighAvailability,
  kinesisFirehoseRequireOpensearchBackup,
  kinesisFirehoseRequireOpensearchVpc,
  cloudwatchLogGroupRequireDataProtection,
  s3BucketRequirePersonalDataExpiration,
  s3BucketRequireAuditLogObjectLock,
  dynamodbTableRequirePointInTimeRecovery,
  dynamodbTableRequireDeletionProtection,
  kinesisStreamLimitRetention,
];
