import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { accountOfArn } from "../identity/vaultServer.logic";
import { podIdentityTrustPolicy } from "../shared/podIdentity";
import { assertValidArgs } from "../shared/problems";
import { modelServerRoleName, type ModelServerArgs } from "./modelServer.args";
import {
  deploymentSpec,
  MODEL_SERVER_LAYOUT,
  modelReadPolicy,
  modelServerLabels,
  privacyKeyPolicy,
  pdbSpec,
  priorityClassSpec,
  resolveModelServerArgs,
  serviceSpec,
  signingKeyConfigMapName,
} from "./modelServer.logic";
import { validateModelServerArgs } from "./modelServer.validate";

export { validateModelServerArgs };
export type { ModelServerArgs };

/**
 * One model served in an inference namespace (vLLM by default), the backend the mesh routes to: a
 * Deployment whose init steps fetch the model version from the model store and verify its signed
 * manifest and every file's digest before the server starts (fail closed), the server reading the model
 * read-only under Pod Security `restricted` with requests equal to limits for CPU, memory, ephemeral
 * storage and GPUs; a Service, a PodDisruptionBudget, a non-preempting PriorityClass; and an IAM role,
 * bound to the service account by EKS Pod Identity, that reads only the model's prefix.
 */
export class ModelServer extends pulumi.ComponentResource {
  /** The model server's IAM role (PrivacyControls' writerRoleArns and Vault's workloads take it). */
  readonly roleArn: pulumi.Output<string>;
  /** The Service's name in the namespace (the mesh endpoint's backend). */
  readonly serviceName: string;
  readonly port: number;

  constructor(name: string, args: ModelServerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("ModelServer", name, validateModelServerArgs(args));
    super("rampart:workloads:ModelServer", name, {}, opts);

    const r = resolveModelServerArgs(args);
    const ns = args.namespace;
    const tags = { ...(args.tags ?? {}), "rampart:component": "model-server", "rampart:model": args.name };
    const k8sOpts = { parent: this, provider: args.kubeProvider };
    const keyArn = pulumi.output(args.model.modelsKeyArn);

    // The role: trusted by EKS Pod Identity for this account (the models key's), reading only the prefix.
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: modelServerRoleName(args.namePrefix, args.name),
        // No prefix here: a rollback (another prefix) changes the read policy and the pods, not the role.
        description: `Model server ${ns}/${args.name}: reads its model version's prefix of the model store`,
        assumeRolePolicy: keyArn.apply((arn) => JSON.stringify(podIdentityTrustPolicy(accountOfArn(arn)))),
        maxSessionDuration: 3600,
        tags,
      },
      { parent: this },
    );
    const read = new aws.iam.RolePolicy(
      `${name}-read-model`,
      {
        role: role.name,
        policy: pulumi
          .all([args.model.bucketArn, keyArn])
          .apply(([bucketArn, modelsKeyArn]) =>
            JSON.stringify(
              modelReadPolicy({ bucketArn, prefix: args.model.prefix, modelsKeyArn, region: r.region }),
            ),
          ),
      },
      { parent: this },
    );
    const privacy =
      args.privacyKeyArn === undefined
        ? undefined
        : new aws.iam.RolePolicy(
            `${name}-privacy-key`,
            {
              role: role.name,
              policy: pulumi
                .output(args.privacyKeyArn)
                .apply((privacyKeyArn) =>
                  JSON.stringify(privacyKeyPolicy({ privacyKeyArn, region: r.region })),
                ),
            },
            { parent: this },
          );
    // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html
    const association = new aws.eks.PodIdentityAssociation(
      `${name}-pod-identity`,
      {
        clusterName: args.clusterName,
        namespace: ns,
        serviceAccount: args.serviceAccount,
        roleArn: role.arn,
        tags,
      },
      { parent: this, dependsOn: [read, ...(privacy ? [privacy] : [])] },
    );

    const labels = modelServerLabels(args.name);
    const key = new k8s.core.v1.ConfigMap(
      `${name}-signing-key`,
      {
        metadata: { name: signingKeyConfigMapName(args.name), namespace: ns, labels },
        data: { [MODEL_SERVER_LAYOUT.keyFile]: args.model.signingPublicKeyPem },
        // The public key is not a secret, but it decides what runs: nobody edits it in place.
        immutable: true,
      },
      k8sOpts,
    );
    const priority = new k8s.scheduling.v1.PriorityClass(
      `${name}-priority`,
      priorityClassSpec(ns, args.name, r.priority),
      k8sOpts,
    );

    new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: args.name, namespace: ns, labels },
        spec: deploymentSpec({
          name: args.name,
          namespace: ns,
          serviceAccount: args.serviceAccount,
          images: args.images,
          bucketName: args.model.bucketName,
          prefix: args.model.prefix,
          region: r.region,
          servedModelName: r.servedModelName,
          port: r.port,
          extraArgs: r.extraArgs,
          resources: args.resources,
          replicas: r.replicas,
          ...(args.nodeSelector ? { nodeSelector: args.nodeSelector } : {}),
        }),
      },
      // The pods need their credentials (the association) before the first fetch.
      { ...k8sOpts, dependsOn: [key, priority, association] },
    );
    new k8s.core.v1.Service(
      `${name}-service`,
      { metadata: { name: args.name, namespace: ns, labels }, spec: serviceSpec(args.name, r.port) },
      k8sOpts,
    );
    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      { metadata: { name: args.name, namespace: ns, labels }, spec: pdbSpec(args.name) },
      k8sOpts,
    );

    this.roleArn = role.arn;
    this.serviceName = args.name;
    this.port = r.port;
    this.registerOutputs({ roleArn: this.roleArn, serviceName: this.serviceName, port: this.port });
  }
}
