import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assertValidArgs } from "../shared/problems";
import { SUPPLY_CHAIN_DEFAULTS, type SupplyChainArgs } from "./supplyChain.args";
import { createAdmission } from "./supplyChain.admission";
import { createModelStore } from "./supplyChain.modelStore";
import { createRegistry } from "./supplyChain.registry";
import { createSigningKey } from "./supplyChain.signing";
import { validateSupplyChainArgs } from "./supplyChain.validate";

export type { SupplyChainArgs } from "./supplyChain.args";

/**
 * Where inference images and model artifacts come from, and how the cluster and the model servers know
 * they are ours (README "Supply chain"):
 * - the registry: ECR repositories with immutable tags, the `models` key, scan on push, a lifecycle and an
 *   account-only policy; in the stack that owns the account's defaults, Inspector's continuous rescans and
 *   the pull-through cache rules (supplyChain.registry.ts);
 * - the signing key: asymmetric KMS (ECC_NIST_P256) for cosign and `rampart model sign`
 *   (supplyChain.signing.ts);
 * - the model store: versioned, Object Lock, the `models` key, TLS only, access logs, writes only by the
 *   writers, reads only by them, the model servers and AWS Backup (supplyChain.modelStore.ts);
 * - image admission: Kyverno admitting in the inference namespaces only our images, by digest, signed by
 *   the signing key (supplyChain.admission.ts).
 * The model servers themselves are `ModelServer`s; the manifests they verify are `rampart model`'s.
 */
export class SupplyChain extends pulumi.ComponentResource {
  /** `<registryHost>/<namePrefix>/<name>` per repository. */
  public readonly repositoryUrls: Readonly<Record<string, pulumi.Output<string>>>;
  public readonly repositoryArns: Readonly<Record<string, pulumi.Output<string>>>;
  /** `<account>.dkr.ecr.<region>.amazonaws.com`. */
  public readonly registryHost: pulumi.Output<string>;
  public readonly signingKeyArn: pulumi.Output<string>;
  /** The signing key's public key (PEM): what admission and the model servers' init step check against. */
  public readonly signingPublicKeyPem: pulumi.Output<string>;
  /** `awskms:///<arn>`, for `cosign sign --key` and `rampart model sign --key`. */
  public readonly cosignKeyRef: pulumi.Output<string>;
  public readonly modelBucketName: pulumi.Output<string>;
  public readonly modelBucketArn: pulumi.Output<string>;
  /** Resources a workload in an inference namespace waits for (the admission policy, when there is one). */
  public readonly admissionReady: pulumi.Resource[];

  constructor(name: string, args: SupplyChainArgs, opts: pulumi.ComponentResourceOptions = {}) {
    assertValidArgs("SupplyChain", name, validateSupplyChainArgs(args));
    super("rampart:supplychain:SupplyChain", name, {}, opts);
    const protect = args.protect ?? SUPPLY_CHAIN_DEFAULTS.protect;
    const tags = { ...args.tags };
    const parent = { parent: this };
    const ctx = {
      partition: aws.getPartitionOutput({}, parent).partition,
      region: aws.getRegionOutput({}, parent).region,
      accountId: aws.getCallerIdentityOutput({}, parent).accountId,
    };

    const registry = createRegistry(
      this,
      name,
      {
        ...args.registry,
        namePrefix: args.namePrefix,
        modelsKeyArn: args.modelsKeyArn,
        nodeRoleNames: args.nodeRoleNames,
        protect,
        tags,
      },
      ctx,
    );
    const signing = createSigningKey(this, name, {
      ...args.signing,
      namePrefix: args.namePrefix,
      stack: args.stack,
      protect,
      tags,
    });
    const store = createModelStore(this, name, {
      ...args.modelStore,
      namePrefix: args.namePrefix,
      modelsKeyArn: args.modelsKeyArn,
      protect,
      tags,
    });

    this.repositoryUrls = registry.repositoryUrls;
    this.repositoryArns = registry.repositoryArns;
    this.registryHost = registry.registryHost;
    this.signingKeyArn = signing.signingKeyArn;
    this.signingPublicKeyPem = signing.signingPublicKeyPem;
    this.cosignKeyRef = signing.cosignKeyRef;
    this.modelBucketName = store.bucketName;
    this.modelBucketArn = store.bucketArn;
    // Admission last: its policy names our registry and the signing key's public key.
    const admission = args.admission
      ? createAdmission(this, name, {
          ...args.admission,
          namePrefix: args.namePrefix,
          registryHost: registry.registryHost,
          signingPublicKeyPem: signing.signingPublicKeyPem,
          modelsKeyArn: args.modelsKeyArn,
          repositoryArns: Object.values(registry.repositoryArns),
          tags,
        })
      : undefined;
    this.admissionReady = admission ? [admission.policy] : [];
    this.registerOutputs({
      repositoryUrls: this.repositoryUrls,
      registryHost: this.registryHost,
      signingKeyArn: this.signingKeyArn,
      signingPublicKeyPem: this.signingPublicKeyPem,
      modelBucketName: this.modelBucketName,
      modelBucketArn: this.modelBucketArn,
    });
  }
}
