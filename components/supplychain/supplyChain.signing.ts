import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type SigningArgs, SUPPLY_CHAIN_DEFAULTS } from "./supplyChain.args";
import { cosignKeyRef, SIGNING_KEY, signingAliasName, signingKeyPolicy } from "./supplyChain.signing.logic";

export interface SigningKeyInputs extends SigningArgs {
  readonly namePrefix: string;
  /** The stack name, for the alias `alias/rampart/<stack>/signing`. */
  readonly stack: string;
  /** @default true */
  readonly protect?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface SigningKeyOutputs {
  readonly signingKeyArn: pulumi.Output<string>;
  readonly signingKeyAlias: string;
  /** The public key (PEM, SubjectPublicKeyInfo) that admission and the model verifier check against. */
  readonly signingPublicKeyPem: pulumi.Output<string>;
  /** `awskms:///<arn>` for `cosign sign --key`. */
  readonly cosignKeyRef: pulumi.Output<string>;
}

/**
 * The signing key: an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY) for cosign's image signatures and
 * `rampart model sign`. Its policy is supplyChain.signing.logic.ts `signingKeyPolicy`. Automatic rotation
 * stays off: KMS supports it only for symmetric encryption keys ("You cannot enable automatic key rotation
 * of asymmetric KMS keys"); a new key means re-signing, planned as a new key and alias switch.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/asymmetric-key-specs.html#key-spec-ecc
 */
export function createSigningKey(
  parent: pulumi.ComponentResource,
  name: string,
  args: SigningKeyInputs,
): SigningKeyOutputs {
  const opts = { parent };
  const partition = aws.getPartitionOutput({}, opts).partition;
  const accountId = aws.getCallerIdentityOutput({}, opts).accountId;
  const policy = pulumi
    .all([partition, accountId, pulumi.all([...(args.signerRoleArns ?? [])])])
    .apply(([p, account, signerRoleArns]) =>
      JSON.stringify(signingKeyPolicy({ partition: p, accountId: account, signerRoleArns })),
    );
  const key = new aws.kms.Key(
    `${name}-signing`,
    {
      description: `rampart ${args.stack}: signatures of inference images (cosign) and model manifests`,
      customerMasterKeySpec: SIGNING_KEY.keySpec,
      keyUsage: SIGNING_KEY.keyUsage,
      enableKeyRotation: false,
      deletionWindowInDays: SIGNING_KEY.deletionWindowDays,
      multiRegion: false,
      // KMS refuses a policy that would lock the caller out; never skip that check.
      bypassPolicyLockoutSafetyCheck: false,
      policy,
      tags: { ...args.tags, Name: `${args.namePrefix}-signing` },
    },
    { parent, protect: args.protect ?? SUPPLY_CHAIN_DEFAULTS.protect },
  );
  const alias = signingAliasName(args.stack);
  new aws.kms.Alias(`${name}-signing-alias`, { name: alias, targetKeyId: key.keyId }, opts);
  const publicKey = aws.kms.getPublicKeyOutput({ keyId: key.arn }, opts);
  return {
    signingKeyArn: key.arn,
    signingKeyAlias: alias,
    signingPublicKeyPem: publicKey.publicKeyPem,
    cosignKeyRef: key.arn.apply(cosignKeyRef),
  };
}
