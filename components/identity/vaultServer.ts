import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { podSecurityLabels, POD_SECURITY_VERSION } from "../mesh/serviceMesh.values";
import { podIdentityTrustPolicy } from "../shared/podIdentity";
import { assertValidArgs } from "../shared/problems";
import type { VaultServerArgs, VaultServerOutputs } from "./vaultServer.args";
import {
  accountOfArn,
  TESTED_VAULT_CHART,
  unsealRolePolicy,
  VAULT_CHART,
  VAULT_NAMES,
  VAULT_SERVER_DEFAULTS,
  vaultAddress,
  vaultUnsealRoleName,
  validateVaultServerArgs,
} from "./vaultServer.logic";
import { vaultNetworkPolicies } from "./vaultServer.networkPolicies";
import { createVaultTls } from "./vaultServer.tls";
import { vaultServerConfig, vaultValues } from "./vaultServer.values";

export type { VaultServerArgs, VaultServerOutputs };
export { validateVaultServerArgs, VAULT_SERVER_DEFAULTS, TESTED_VAULT_CHART };

/**
 * Vault in the cluster from HashiCorp's official chart (pinned): HA on integrated storage (raft) over
 * encrypted volumes, auto-unsealed with the KeyRing's `vault` key through its own Pod Identity role, TLS
 * from its own CA (@pulumi/tls), in its own namespace under Pod Security `restricted` and default-deny
 * NetworkPolicies, no agent injector, no UI, nothing exposed outside the cluster. Install order: the
 * namespace and its policies, the TLS Secret, the unseal role and its Pod Identity association (the
 * association must exist when the pods are created: EKS injects the credentials then), then the release.
 * After the first install, Vault is initialised by hand (docs/VAULT.md), then VaultAccess configures it.
 */
export class VaultServer extends pulumi.ComponentResource implements VaultServerOutputs {
  readonly address: pulumi.Output<string>;
  readonly caCertPem: pulumi.Output<string>;
  readonly namespace: string;
  readonly unsealRoleArn: pulumi.Output<string>;

  constructor(name: string, args: VaultServerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { kubeProvider, clusterName, unsealKeyArn, ...plain } = args;
    assertValidArgs("VaultServer", name, validateVaultServerArgs(plain));
    super("rampart:identity:VaultServer", name, {}, opts);

    const d = VAULT_SERVER_DEFAULTS;
    const ns = args.namespace ?? d.namespace;
    const replicas = args.replicas ?? d.replicas;
    const tags = { ...(args.tags ?? {}) };
    const k8sOpts = { parent: this, provider: kubeProvider };

    const namespace = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: ns, labels: podSecurityLabels("restricted", POD_SECURITY_VERSION) } },
      k8sOpts,
    );
    const policies = vaultNetworkPolicies({
      namespace: ns,
      vpcCidrs: args.vpcCidrs,
      clientNamespaces: args.clientNamespaces,
    }).map(
      (np) =>
        new k8s.networking.v1.NetworkPolicy(`${name}-np-${np.metadata.name}`, np, {
          ...k8sOpts,
          dependsOn: [namespace],
        }),
    );
    const tls = createVaultTls(name, ns, this, { provider: kubeProvider, namespace });

    // The unseal role: trusted by EKS Pod Identity for this account, bound to <ns>/vault, and allowed
    // only what the awskms seal calls on the one key (whose policy in turn admits only this role).
    const keyArn = pulumi.output(unsealKeyArn);
    const role = new aws.iam.Role(
      `${name}-unseal-role`,
      {
        name: vaultUnsealRoleName(args.namePrefix),
        description: `Vault auto-unseal (${ns}/${VAULT_NAMES.serviceAccount}): KMS use of the vault key only`,
        assumeRolePolicy: keyArn.apply((arn) => JSON.stringify(podIdentityTrustPolicy(accountOfArn(arn)))),
        maxSessionDuration: 3600,
        tags,
      },
      { parent: this },
    );
    const unsealPolicy = new aws.iam.RolePolicy(
      `${name}-unseal-kms`,
      { role: role.name, policy: keyArn.apply((arn) => JSON.stringify(unsealRolePolicy(arn))) },
      { parent: this },
    );
    const association = new aws.eks.PodIdentityAssociation(
      `${name}-unseal-pod-identity`,
      { clusterName, namespace: ns, serviceAccount: VAULT_NAMES.serviceAccount, roleArn: role.arn, tags },
      { parent: this, dependsOn: [unsealPolicy] },
    );

    // atomic: a failed install or upgrade is rolled back and `pulumi up` fails with Helm's error. The
    // release is ready once the pods run: they report ready only when unsealed, which a fresh cluster is
    // not before `vault operator init`, so the first install does not wait for readiness (skipAwait).
    // https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/
    const config = keyArn.apply((arn) =>
      vaultServerConfig({ namespace: ns, replicas, region: args.region, unsealKeyArn: arn }),
    );
    new k8s.helm.v3.Release(
      `${name}-vault`,
      {
        name: VAULT_NAMES.release,
        chart: VAULT_CHART.chart,
        version: args.chartVersion ?? d.chartVersion,
        repositoryOpts: { repo: VAULT_CHART.repo },
        namespace: ns,
        values: vaultValues({
          namespace: ns,
          replicas,
          storageSize: args.storageSize ?? d.storageSize,
          storageClassName: args.storageClassName,
          imageRegistry: args.imageRegistry ?? d.imageRegistry,
          config,
        }),
        atomic: false,
        cleanupOnFail: true,
        skipAwait: true,
        timeout: d.helmTimeoutSeconds,
      },
      { ...k8sOpts, dependsOn: [namespace, ...policies, tls.secret, association] },
    );

    this.address = pulumi.output(vaultAddress(ns));
    this.caCertPem = tls.caCertPem;
    this.namespace = ns;
    this.unsealRoleArn = role.arn;
    this.registerOutputs({
      address: this.address,
      caCertPem: this.caCertPem,
      namespace: this.namespace,
      unsealRoleArn: this.unsealRoleArn,
    });
  }
}
