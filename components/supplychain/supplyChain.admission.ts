import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { accountOfArn } from "../identity/vaultServer.logic";
import { podSecurityLabels, POD_SECURITY_VERSION } from "../mesh/serviceMesh.values";
import { podIdentityTrustPolicy } from "../shared/podIdentity";
import {
  ADMISSION_DEFAULTS,
  imagePolicy,
  KYVERNO_CHART,
  KYVERNO_NAMES,
  kyvernoRoleName,
  kyvernoRolePolicy,
} from "./supplyChain.admission.logic";
import { kyvernoNetworkPolicies } from "./supplyChain.admission.networkPolicies";
import { kyvernoValues } from "./supplyChain.admission.values";
import type { AdmissionArgs } from "./supplyChain.args";

export interface CreateAdmissionArgs extends AdmissionArgs {
  /** `<project>-<stack>`: the role's name and the repositories' path (`<registryHost>/<namePrefix>/…`). */
  readonly namePrefix: string;
  /** The private registry's host, `<account>.dkr.ecr.<region>.amazonaws.com`. */
  readonly registryHost: pulumi.Input<string>;
  /** The signing key's public key (PEM), against which Kyverno checks cosign signatures. */
  readonly signingPublicKeyPem: pulumi.Input<string>;
  /** The KeyRing's `models` key, which encrypts the repositories (Kyverno decrypts through ECR). */
  readonly modelsKeyArn: pulumi.Input<string>;
  /** Our repositories: the only ones Kyverno may read. */
  readonly repositoryArns: readonly pulumi.Input<string>[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface Admission {
  readonly namespace: string;
  readonly policyName: string;
  readonly roleArn: pulumi.Output<string>;
  readonly release: k8s.helm.v3.Release;
  readonly policy: k8s.apiextensions.CustomResource;
}

/**
 * Image admission, a part of SupplyChain: Kyverno from its official chart (pinned) in its own namespace
 * under Pod Security `restricted` and default-deny NetworkPolicies, an IAM role (EKS Pod Identity) that
 * reads signatures from our repositories only, and the ClusterPolicy admitting in the inference
 * namespaces only our images, by digest, signed by the signing key. Install order: the namespace and its
 * policies, the role and its association (EKS injects credentials when the pods are created), the
 * release, then the ClusterPolicy (its CRD comes with the release). Validation is SupplyChain's
 * (`validateAdmissionArgs`, through validateSupplyChainArgs), before any child.
 */
export function createAdmission(
  parent: pulumi.ComponentResource,
  name: string,
  args: CreateAdmissionArgs,
): Admission {
  const ns = KYVERNO_NAMES.namespace;
  const tags = { ...(args.tags ?? {}) };
  const k8sOpts = { parent, provider: args.kubeProvider };

  const namespace = new k8s.core.v1.Namespace(
    `${name}-kyverno-ns`,
    { metadata: { name: ns, labels: podSecurityLabels("restricted", POD_SECURITY_VERSION) } },
    k8sOpts,
  );
  // The number of policies does not depend on the CIDRs; their specs wait for them.
  const cidrs = pulumi.output(args.controlPlaneCidrs);
  const shape = kyvernoNetworkPolicies({ namespace: ns, controlPlaneCidrs: [], vpcCidrs: args.vpcCidrs });
  const policies = shape.map(
    (np, i) =>
      new k8s.networking.v1.NetworkPolicy(
        `${name}-kyverno-np-${np.metadata.name}`,
        {
          apiVersion: np.apiVersion,
          kind: np.kind,
          metadata: np.metadata,
          spec: cidrs.apply(
            (c) =>
              kyvernoNetworkPolicies({ namespace: ns, controlPlaneCidrs: c, vpcCidrs: args.vpcCidrs })[i]!
                .spec,
          ),
        },
        { ...k8sOpts, dependsOn: [namespace] },
      ),
  );

  // Kyverno's role: trusted by EKS Pod Identity for this account, bound to the admission controller's
  // service account, and allowed to read our repositories only.
  const keyArn = pulumi.output(args.modelsKeyArn);
  const role = new aws.iam.Role(
    `${name}-kyverno-role`,
    {
      name: kyvernoRoleName(args.namePrefix),
      description: `Kyverno (${ns}/${KYVERNO_NAMES.admissionServiceAccount}): reads image signatures from our repositories`,
      assumeRolePolicy: keyArn.apply((arn) => JSON.stringify(podIdentityTrustPolicy(accountOfArn(arn)))),
      maxSessionDuration: 3600,
      tags,
    },
    { parent },
  );
  const rolePolicy = new aws.iam.RolePolicy(
    `${name}-kyverno-ecr-read`,
    {
      role: role.name,
      policy: pulumi
        .all([pulumi.all([...args.repositoryArns]), keyArn])
        .apply(([repos, key]) => JSON.stringify(kyvernoRolePolicy(repos, key))),
    },
    { parent },
  );
  const association = new aws.eks.PodIdentityAssociation(
    `${name}-kyverno-pod-identity`,
    {
      clusterName: args.clusterName,
      namespace: ns,
      serviceAccount: KYVERNO_NAMES.admissionServiceAccount,
      roleArn: role.arn,
      tags,
    },
    { parent, dependsOn: [rolePolicy] },
  );

  // atomic: a failed install or upgrade is rolled back and `pulumi up` fails with Helm's error; the
  // release waits for the admission controller to be ready (its webhook must answer before our policy).
  // https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/
  const release = new k8s.helm.v3.Release(
    `${name}-kyverno`,
    {
      name: KYVERNO_NAMES.release,
      chart: KYVERNO_CHART.chart,
      version: args.chartVersion,
      repositoryOpts: { repo: KYVERNO_CHART.repo },
      namespace: ns,
      values: kyvernoValues({ imageRegistry: args.imageRegistry, replicas: ADMISSION_DEFAULTS.replicas }),
      atomic: true,
      cleanupOnFail: true,
      timeout: ADMISSION_DEFAULTS.helmTimeoutSeconds,
    },
    { ...k8sOpts, dependsOn: [namespace, ...policies, association] },
  );

  const policyObject = pulumi
    .all([pulumi.output(args.registryHost), pulumi.output(args.signingPublicKeyPem)])
    .apply(([registryHost, publicKeyPem]) =>
      imagePolicy({
        registryHost,
        namePrefix: args.namePrefix,
        publicKeyPem,
        namespaces: args.namespaces,
        mode: args.mode ?? ADMISSION_DEFAULTS.mode,
      }),
    );
  const policy = new k8s.apiextensions.CustomResource(
    `${name}-kyverno-policy`,
    {
      apiVersion: "kyverno.io/v1",
      kind: "ClusterPolicy",
      metadata: { name: KYVERNO_NAMES.policy },
      spec: policyObject.apply((p) => p.spec),
    },
    { ...k8sOpts, dependsOn: [release] },
  );

  return { namespace: ns, policyName: KYVERNO_NAMES.policy, roleArn: role.arn, release, policy };
}
