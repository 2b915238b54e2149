import { administer, type PolicyDocument, type PolicyStatement } from "../security/keyRing.logic";
import { SIGNING_KEY_SPEC } from "./supplyChain.args";

/**
 * Pure logic of the signing key (supplyChain.signing.ts): its alias, its key policy and cosign's key
 * reference. No Pulumi here: tests call it directly.
 */

/** `alias/rampart/<stack>/signing`, beside the KeyRing's `alias/rampart/<stack>/<class>`. */
export const signingAliasName = (stack: string): string => `alias/rampart/${stack}/signing`;

/**
 * cosign's KMS reference: `awskms://$ENDPOINT/$KEYID`, here with no endpoint (then the URI must start with
 * `awskms:///`, three slashes) and the key's ARN.
 * @see https://github.com/sigstore/cosign/blob/main/KMS.md#aws
 */
export const cosignKeyRef = (keyArn: string): string => `awskms:///${keyArn}`;

/** Asymmetric keys cannot rotate automatically; KMS refuses EnableKeyRotation for them. */
export const SIGNING_KEY = {
  keySpec: SIGNING_KEY_SPEC,
  keyUsage: "SIGN_VERIFY",
  deletionWindowDays: 30,
} as const;

/** What verifying needs; every account principal whose IAM allows it may. */
export const VERIFY_ACTIONS = ["kms:DescribeKey", "kms:GetPublicKey", "kms:Verify"] as const;
/** What signing needs (cosign reads the public key and the key's algorithms before it signs). */
export const SIGN_ACTIONS = ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"] as const;

export interface SigningKeyPolicyContext {
  readonly partition: string;
  readonly accountId: string;
  /** The roles that may sign (resolved ARNs). */
  readonly signerRoleArns: readonly string[];
}

/**
 * The signing key's policy:
 * - the account's IAM administers it (KeyRing's `administer`: administrative actions, no use);
 * - `kms:Sign` only by the signer roles, named as principals (KMS resolves each to the role's unique
 *   ID when the policy is set, so a role deleted and re-created under the same name loses the grant);
 *   no statement delegates `kms:Sign` to the account, so no IAM policy can grant it to anyone else;
 * - `kms:GetPublicKey`, `kms:Verify`, `kms:DescribeKey` delegated to the account's IAM (the public key
 *   is not secret; Verify answers with the key's own check).
 * No `"*"` principal.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/symmetric-asymmetric.html
 */
export function signingKeyPolicy(c: SigningKeyPolicyContext): PolicyDocument {
  const root = `arn:${c.partition}:iam::${c.accountId}:root`;
  const statements: PolicyStatement[] = [administer(c)];
  if (c.signerRoleArns.length > 0)
    statements.push({
      Sid: "SignersSign",
      Effect: "Allow",
      Principal: { AWS: [...c.signerRoleArns] },
      Action: [...SIGN_ACTIONS],
      Resource: "*",
    });
  statements.push({
    Sid: "AccountIamVerifies",
    Effect: "Allow",
    Principal: { AWS: root },
    Action: [...VERIFY_ACTIONS],
    Resource: "*",
  });
  return { Version: "2012-10-17", Statement: statements };
}
