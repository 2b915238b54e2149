import * as pulumi from "@pulumi/pulumi";
import { GpuNodePool } from "../components/compute/gpuNodePool";
import { GPU_TAINT } from "../components/compute/gpuNodePool.logic";
import { HardenedCluster } from "../components/compute/hardenedCluster";
import { PublicEdge } from "../components/edge/publicEdge";
import { ServiceMesh } from "../components/mesh/serviceMesh";
import { SegmentedVpc } from "../components/network/segmentedVpc";
import type { Tier } from "../components/network/subnetPlan";
import { EbsDefaultEncryption } from "../components/security/ebsDefaultEncryption";
import { type DataClass, KeyRing } from "../components/security/keyRing";
import { InferenceNamespace } from "../components/workloads/inferenceNamespace";
import { LogShipper } from "../components/observability/logShipper";
import { SecurityMonitoring } from "../components/observability/securityMonitoring";
import { SiemPipeline } from "../components/observability/siemPipeline";
import { PrivacyControls } from "../components/privacy/privacyControls";
import { AccessControl } from "../components/identity/accessControl";
import { OrgGuardrails } from "../components/identity/orgGuardrails";
import { VaultAccess } from "../components/identity/vaultAccess";
import { VaultServer } from "../components/identity/vaultServer";
import { Recovery } from "../components/operations/recovery";
import { SupplyChain } from "../components/supplychain/supplyChain";
import { ModelServer } from "../components/workloads/modelServer";
import { archiveBucketPrefix } from "../components/observability/siemPipeline.logic";
import {
  accessArgsOf,
  configuredVault,
  enabledVaultServer,
  orgGuardrailsArgsOf,
  vaultAccessArgsOf,
  vaultServerArgsOf,
  clusterArgs,
  edgeArgs,
  edgeNamePrefixesOf,
  enabledEdge,
  enabledMesh,
  enabledLogShipper,
  enabledMonitoring,
  enabledSiem,
  logShipperArgsOf,
  monitoringArgsOf,
  modelServerArgsOf,
  privacyArgsOf,
  recoveryArgsOf,
  supplyChainArgsOf,
  siemArgsOf,
  gpuPoolArgs,
  keyRingArgs,
  type LoadedConfig,
  logGroupPrefix,
  meshArgs,
  meshServicePortsOf,
  namespaceArgs,
  networkArgs,
  vpcCidrsOf,
} from "./config";

/** What the stack exports; filled in as components are composed. */
export interface PlatformOutputs {
  readonly environment: string;
  readonly region: string;
  readonly subnetPlan: SegmentedVpc["tierCidrs"];
  readonly keyArns: Readonly<Record<DataClass, pulumi.Output<string>>>;
  readonly vpcId: pulumi.Output<string>;
  readonly subnetIds: Readonly<Record<Tier, pulumi.Output<string>[]>>;
  readonly securityGroupIds: SegmentedVpc["securityGroupIds"];
  readonly endpointSecurityGroupId: pulumi.Output<string>;
  readonly flowLogGroupName: pulumi.Output<string>;
  readonly operatorCidrs: readonly string[];
  readonly cluster: HardenedCluster;
  readonly gpuPools: GpuNodePool[];
  readonly namespaces: InferenceNamespace[];
  /** Istio, its CA and the ingress gateway; absent when `rampart:mesh` is (prod refuses that). */
  readonly mesh?: ServiceMesh;
  /** The internet-facing load balancer and its WAF; absent when `rampart:edge` is (prod refuses that). */
  readonly edge?: PublicEdge;
  /** Transcripts, application logs and the consent ledger. */
  readonly privacy: PrivacyControls;
  /** The AWS side of security monitoring; absent when `rampart:siem` is (prod refuses that). */
  readonly siem?: SiemPipeline;
  /** Prometheus, the security alerts and Grafana in the cluster. */
  readonly monitoring?: SecurityMonitoring;
  /** Fluent Bit with PII redaction, shipping to the SIEM. */
  readonly logShipper?: LogShipper;
  /** The role map in IAM, EKS and Kubernetes RBAC; absent without `rampart:access` (prod refuses that). */
  readonly access?: AccessControl;
  /** Vault in the cluster (`rampart:vault.server.enabled`). */
  readonly vaultServer?: VaultServer;
  /** Vault's auth methods, policies, KV, transit key and audit device (`rampart:vault.configure`). */
  readonly vault?: VaultAccess;
  /** Service control policies (`rampart:organization.guardrails`, in the organisation's account). */
  readonly guardrails?: OrgGuardrails;
  /** The registry, the signing key, the model store and image admission (`rampart:supplyChain`). */
  readonly supplyChain?: SupplyChain;
  /** One per `rampart:models[]` entry. */
  readonly modelServers: ModelServer[];
  /** The Backup vault, its lock and plans, the isolation security group (`rampart:recovery`). */
  readonly recovery?: Recovery;
}

/**
 * The thin composition: config in, components out. No `new aws.*` here: resources belong to components.
 */
export function buildPlatform(
  config: LoadedConfig,
  opts: pulumi.ComponentResourceOptions = {},
): PlatformOutputs {
  const keys = new KeyRing(
    "keys",
    keyRingArgs(
      config,
      config.stack,
      config.clusterName,
      edgeNamePrefixesOf(config, config.project, config.stack),
    ),
    opts,
  );
  if (config.accountDefaults.owner)
    new EbsDefaultEncryption(
      "ebs-encryption",
      { kmsKeyArn: keys.keyArns.volumes, protect: config.protect },
      opts,
    );

  const network = new SegmentedVpc(
    "network",
    {
      ...networkArgs(config),
      logsKmsKeyArn: keys.keyArns.logs,
      logGroupPrefix: logGroupPrefix(config.stack),
    },
    opts,
  );

  const cluster = new HardenedCluster(
    "cluster",
    {
      ...clusterArgs(config, config.region, config.clusterName),
      managementSubnetIds: network.subnetIds.management,
      clusterSecurityGroupId: network.securityGroupIds.management,
      systemNodeSecurityGroupIds: [network.securityGroupIds.management],
      secretsKmsKeyArn: keys.keyArns.cluster,
      volumesKmsKeyArn: keys.keyArns.volumes,
      controlPlaneLogs: { kmsKeyArn: keys.keyArns.logs, retentionDays: config.logging.retentionDays },
    },
    opts,
  );

  const gpuPools = config.gpuNodePools.map(
    (pool) =>
      new GpuNodePool(
        `gpu-${pool.name}`,
        {
          ...gpuPoolArgs(pool, config.tags),
          clusterName: cluster.clusterName,
          subnetIds: network.subnetIds.inference,
          securityGroupIds: [network.securityGroupIds.inference],
          availabilityZones: config.network.availabilityZones,
          volumesKmsKeyArn: keys.keyArns.volumes,
        },
        // Nodes join once the CNI, kube-proxy and Pod Identity add-ons are in place.
        { ...opts, dependsOn: [cluster] },
      ),
  );

  // Istio on the system nodes; its CRDs and istiod exist before any namespace's mesh objects.
  const mesh = enabledMesh(config.mesh)
    ? new ServiceMesh(
        "mesh",
        {
          ...meshArgs({ images: config.images, mesh: config.mesh }),
          kubeProvider: cluster.kubeProvider,
          // The mesh's NetworkPolicies: the load balancer's VPC, the API server's ENIs (management
          // tier), and the model ports the gateway may reach (the ones the VPC opens).
          vpcCidrs: vpcCidrsOf(config.network),
          controlPlaneCidrs: network.tierCidrs.management,
          upstreamPorts: meshServicePortsOf(config.namespaces).ports,
        },
        { ...opts, dependsOn: [cluster] },
      )
    : undefined;

  const namespaces = config.namespaces.map((ns) => {
    const args = namespaceArgs(
      ns,
      config.cluster.version,
      network.tierCidrs,
      vpcCidrsOf(config.network),
      config.mesh,
    );
    return new InferenceNamespace(
      `ns-${ns.name}`,
      {
        ...args,
        mesh: args.mesh && mesh ? { ...args.mesh, gateway: mesh.gatewayIdentity } : undefined,
        kubeProvider: cluster.kubeProvider,
      },
      mesh ? { ...opts, dependsOn: mesh.ready } : opts,
    );
  });

  // The internet-facing load balancer and WAF, in the ingress tier, in front of the gateway's node ports.
  const edge =
    mesh && enabledEdge(config.edge)
      ? new PublicEdge(
          "edge",
          {
            ...edgeArgs({ ...config, edge: config.edge }, config.project, config.stack),
            vpcId: network.vpcId,
            subnetIds: network.subnetIds.ingress,
            securityGroupId: network.securityGroupIds.ingress,
            targetAutoScalingGroupNames: cluster.systemNodeAutoScalingGroupNames,
            wafLogs: { kmsKeyArn: keys.keyArns.logs, retentionDays: config.logging.retentionDays },
          },
          opts,
        )
      : undefined;

  // The role map: IAM roles, access entries and RBAC. Before PrivacyControls (audit-view reads consent)
  // and the SIEM (which watches break-glass), so the archive is named by its prefix, not its ARN.
  const namePrefix = `${config.project}-${config.stack}`;
  const access = config.access
    ? new AccessControl(
        "access",
        {
          ...accessArgsOf({ ...config, access: config.access }, config.project, config.stack),
          clusterName: cluster.clusterName,
          kubeProvider: cluster.kubeProvider,
          rbacDependsOn: namespaces,
          modelsKeyArn: keys.keyArns.models,
          archiveBucketNamePrefix: enabledSiem(config.siem) ? archiveBucketPrefix(namePrefix) : undefined,
          siemKeyArn: enabledSiem(config.siem) ? keys.keyArns.siem : undefined,
        },
        { ...opts, dependsOn: [cluster] },
      )
    : undefined;
  const auditView = access?.roleArns["audit-view"];
  const modelManagement = access?.roleArns["model-management"];

  // The registry, the signing key, the model store and, in the cluster, image admission. model-management
  // publishes model versions (writes the store, signs manifests) beside the configured signers.
  const supplyChain = config.supplyChain
    ? (() => {
        const args = supplyChainArgsOf(
          { ...config, supplyChain: config.supplyChain },
          config.project,
          config.stack,
        );
        const writers = [
          ...(args.modelStore.writerRoleArns ?? []),
          ...(modelManagement ? [modelManagement] : []),
        ];
        const signers = [
          ...(args.signing?.signerRoleArns ?? []),
          ...(modelManagement ? [modelManagement] : []),
        ];
        return new SupplyChain(
          "supply-chain",
          {
            ...args,
            modelsKeyArn: keys.keyArns.models,
            nodeRoleNames: [cluster.nodeRoleArn, ...gpuPools.map((p) => p.nodeRoleArn)].map(roleNameOf),
            signing: { ...args.signing, signerRoleArns: signers },
            modelStore: { ...args.modelStore, writerRoleArns: writers },
            admission: args.admission && {
              ...args.admission,
              kubeProvider: cluster.kubeProvider,
              clusterName: cluster.clusterName,
              controlPlaneCidrs: network.tierCidrs.management ?? [],
            },
          },
          opts,
        );
      })()
    : undefined;

  // The model servers: each verifies its signed model before it starts, reads only its own prefix, and
  // writes transcripts (PrivacyControls' writers; Vault's transit key through its workload).
  const modelServers = supplyChain
    ? config.models.map((model) => {
        const args = modelServerArgsOf(
          { ...config, supplyChain: config.supplyChain! },
          model,
          config.project,
          config.stack,
        );
        const namespace = namespaces[config.namespaces.findIndex((ns) => ns.name === model.namespace)];
        return new ModelServer(
          `model-${model.name}`,
          {
            ...args,
            kubeProvider: cluster.kubeProvider,
            clusterName: cluster.clusterName,
            privacyKeyArn: keys.keyArns.privacy,
            model: {
              ...args.model,
              bucketName: supplyChain.modelBucketName,
              bucketArn: supplyChain.modelBucketArn,
              modelsKeyArn: keys.keyArns.models,
              signingPublicKeyPem: supplyChain.signingPublicKeyPem,
            },
          },
          {
            ...opts,
            dependsOn: [...(namespace ? [namespace] : []), ...gpuPools, ...supplyChain.admissionReady],
          },
        );
      })
    : [];

  // Where prompts, transcripts and consent live (the privacy key); the SIEM logs reads of transcripts.
  const privacy = new PrivacyControls(
    "privacy",
    {
      ...privacyArgsOf(config, config.project, config.stack),
      privacyKeyArn: keys.keyArns.privacy,
      auditRoleArns: auditView ? [auditView] : [],
      writerRoleArns: modelServers.map((m) => m.roleArn),
    },
    opts,
  );

  const siem = enabledSiem(config.siem)
    ? new SiemPipeline(
        "siem",
        {
          ...siemArgsOf({ ...config, siem: config.siem }, config.project, config.stack),
          // Account-wide detectors (one GuardDuty detector, Security Hub and Config recorder per account
          // and Region) belong to the stack that owns the account's defaults.
          detection: config.accountDefaults.owner
            ? config.siem.detection
            : { guardDuty: false, securityHub: false, config: false },
          siemKeyArn: keys.keyArns.siem,
          breakGlassRoleArn: access?.roleArns["break-glass"],
          vpcId: network.vpcId,
          loggingSubnetIds: network.subnetIds.logging,
          clusterName: cluster.clusterName,
          sourceLogGroupNames: [
            cluster.controlPlaneLogGroupName,
            network.flowLogGroupName,
            privacy.applicationLogGroupName,
            ...(edge ? [edge.wafLogGroupName] : []),
          ],
          // Reads and writes of transcripts and of model versions are data events in the trail.
          trail: {
            dataEventBucketArns: [
              ...(config.privacy.storeTranscripts
                ? [privacy.transcriptBucketArn.apply((arn) => arn ?? "")]
                : []),
              ...(supplyChain ? [supplyChain.modelBucketArn] : []),
            ],
          },
          guardDutyAgent:
            config.gpuNodePools.length > 0
              ? { kubeProvider: cluster.kubeProvider, taints: [{ key: GPU_TAINT.key, effect: "NoSchedule" }] }
              : undefined,
        },
        { ...opts, dependsOn: gpuPools },
      )
    : undefined;

  // Fluent Bit on every node, masking personal data before anything leaves it, into the SIEM's stream.
  const logShipper =
    siem && enabledLogShipper(config.siem) && config.siem
      ? new LogShipper(
          "log-shipper",
          {
            ...logShipperArgsOf({ ...config, siem: config.siem }),
            kubeProvider: cluster.kubeProvider,
            clusterName: cluster.clusterName,
            streamName: siem.shipperStreamName,
            streamArn: siem.shipperStreamArn,
            region: config.region,
          },
          { ...opts, dependsOn: [cluster] },
        )
      : undefined;

  const monitoring =
    siem && enabledMonitoring(config.siem) && config.siem
      ? new SecurityMonitoring(
          "monitoring",
          {
            ...monitoringArgsOf({ ...config, siem: config.siem }),
            kubeProvider: cluster.kubeProvider,
            clusterName: cluster.clusterName,
            alertTopicArn: siem.alertTopicArn,
            alertTopicKeyArn: keys.keyArns.siem,
            region: config.region,
            vpcCidrs: vpcCidrsOf(config.network),
            controlPlaneCidrs: network.tierCidrs.management,
            modelMetricsPorts: meshServicePortsOf(config.namespaces).ports,
          },
          // Istio's CRDs (the gateway's Telemetry) and the namespaces it scrapes exist first.
          { ...opts, dependsOn: [cluster, ...(mesh ? [mesh.ready] : []), ...namespaces].flat() },
        )
      : undefined;

  // Vault in the cluster, unsealed by the KeyRing's vault key; then configured by VaultAccess (a second
  // `pulumi up` after `vault operator init`, docs/VAULT.md).
  const vaultServer = enabledVaultServer(config.vault)
    ? new VaultServer(
        "vault-server",
        {
          ...vaultServerArgsOf(
            { ...config, vault: config.vault },
            config.region,
            config.project,
            config.stack,
          ),
          kubeProvider: cluster.kubeProvider,
          clusterName: cluster.clusterName,
          unsealKeyArn: keys.keyArns.vault,
        },
        { ...opts, dependsOn: [cluster, ...namespaces] },
      )
    : undefined;
  const vault = configuredVault(config.vault)
    ? (() => {
        const args = vaultAccessArgsOf({ ...config, vault: config.vault }, config.project, config.stack);
        const address = args.address ?? vaultServer?.address;
        if (address === undefined) return undefined; // refused by the stack rules (no address, no server)
        return new VaultAccess(
          "vault",
          {
            ...args,
            address,
            caCertPem: args.address === undefined ? vaultServer?.caCertPem : undefined,
            kubernetes: {
              ...args.kubernetes,
              host: cluster.endpoint,
              caCertPem: cluster.certificateAuthorityPem,
              issuer: cluster.oidcProviderUrl,
              kubeProvider: cluster.kubeProvider,
            },
          },
          { ...opts, dependsOn: vaultServer ? [vaultServer] : [] },
        );
      })()
    : undefined;

  const guardrails = config.organization?.guardrails
    ? new OrgGuardrails(
        "guardrails",
        orgGuardrailsArgsOf(
          { ...config, guardrails: config.organization.guardrails },
          config.project,
          config.stack,
        ),
        opts,
      )
    : undefined;

  // Backups of the tagged stateful resources (volumes, consent ledger, model store) into a locked vault,
  // and the isolation security group the runbooks attach to a compromised node.
  const recovery = config.recovery
    ? new Recovery(
        "recovery",
        {
          ...recoveryArgsOf({ ...config, recovery: config.recovery }, config.project, config.stack),
          backupsKeyArn: keys.keyArns.backups,
          sourceKeyArns: [keys.keyArns.volumes, keys.keyArns.privacy, keys.keyArns.models],
          vpcId: network.vpcId,
          alertTopicArn: siem?.alertTopicArn,
        },
        opts,
      )
    : undefined;

  return {
    environment: config.environment,
    region: config.region,
    subnetPlan: network.tierCidrs,
    keyArns: keys.keyArns,
    vpcId: network.vpcId,
    subnetIds: network.subnetIds,
    securityGroupIds: network.securityGroupIds,
    endpointSecurityGroupId: network.endpointSecurityGroupId,
    flowLogGroupName: network.flowLogGroupName,
    operatorCidrs: network.operatorCidrs,
    cluster,
    gpuPools,
    namespaces,
    mesh,
    edge,
    privacy,
    siem,
    monitoring,
    logShipper,
    access,
    vaultServer,
    vault,
    guardrails,
    supplyChain,
    modelServers,
    recovery,
  };
}

/** `arn:aws:iam::123456789012:role/name` -> `name` (node roles have no path). */
const roleNameOf = (arn: pulumi.Output<string>): pulumi.Output<string> =>
  arn.apply((a) => a.slice(a.lastIndexOf("/") + 1));
