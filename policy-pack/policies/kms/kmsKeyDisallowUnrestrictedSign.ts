import {
  awsPrincipals,
  isAllow,
  isWildcardPrincipal,
  parsePolicyDocument,
  type Statement,
  statementLabel,
} from "../../lib/iam";
import { stackPolicy, type StackViolation } from "../../lib/policy";
import { attachedTo } from "../../lib/refs";
import { seen, UNSEEN } from "../../lib/unknown";

const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
/** What identifies a key in a KeyPolicy's `keyId`. */
const KEY_ID_PROPS = ["id", "keyId", "arn"] as const;

/** Does an IAM action pattern (`*`, `kms:*`, `kms:Sign*`, `kms:Si?n`) match `kms:Sign`? */
function matchesSign(pattern: string): boolean {
  const re = new RegExp(
    `^${pattern
      .trim()
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return re.test("kms:Sign");
}

function grantsSign(s: Statement): boolean {
  if (s.notActions.length > 0) return !s.notActions.some(matchesSign);
  return s.actions.some(matchesSign);
}

/** `*`, or the whole account: `arn:<partition>:iam::<account>:root` or a bare account ID. */
function broadPrincipal(principal: unknown): string | undefined {
  if (isWildcardPrincipal(principal)) return '"*"';
  return awsPrincipals(principal).find(
    (p) => /^arn:aws[\w-]*:iam::\d{12}:root$/.test(p) || /^\d{12}$/.test(p),
  );
}

/**
 * A signing key (keyUsage SIGN_VERIFY) signs whatever its holders present: anyone who may call
 * `kms:Sign` can make an image or a model manifest pass admission and verification. So no statement of
 * its key policy (inline `policy` or a separate KeyPolicy) may allow `kms:Sign` to `"*"` or to the whole
 * account (its root, which delegates to every IAM policy in the account) without a condition, and the
 * key needs a policy of its own: without one, AWS's default policy gives the account root `kms:*`.
 * Symmetric keys are not judged (KMS refuses Sign on them).
 * No catalog judges kms:Sign specifically; the closest are CKV_AWS_33 (no wildcard principal in a key
 * policy) and CKV2_AWS_64 (a key policy is defined), both of which this implements for signing keys.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/asymmetric-key-specs.html
 */
export const kmsKeyDisallowUnrestrictedSign = stackPolicy({
  name: "aws-kms-key-disallow-unrestricted-sign",
  description:
    'Signing KMS keys (keyUsage SIGN_VERIFY) must grant kms:Sign only to named principals: not to "*" and ' +
    "not to the whole account without a condition, and not through AWS's default key policy, since whoever can " +
    "sign can make an image or a model manifest pass verification.",
  catalog: ["CKV_AWS_33", "CKV2_AWS_64"],
  remediation:
    "Set the key policy so each statement allowing kms:Sign names the signer roles as principals (or conditions on aws:PrincipalArn).",
  types: [KEY, KEY_POLICY],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const keyPolicies = ctx.ofType(KEY_POLICY);
    for (const key of ctx.ofType(KEY)) {
      const usage = seen(() => ("keyUsage" in key.props ? key.props.keyUsage : undefined));
      if (usage !== "SIGN_VERIFY") continue;
      const inline = seen(() => ("policy" in key.props ? key.props.policy : undefined));
      if (inline === UNSEEN) continue;
      const { attached, unseen } = attachedTo(key, keyPolicies, "keyId", KEY_ID_PROPS);
      const documents: { doc: unknown; where: string }[] = [];
      if (inline !== undefined && inline !== "") documents.push({ doc: inline, where: "key policy" });
      for (const kp of attached) {
        const doc = seen(() => ("policy" in kp.props ? kp.props.policy : undefined));
        if (doc === UNSEEN) continue;
        documents.push({ doc, where: `KeyPolicy "${kp.name}"` });
      }
      if (documents.length === 0 && attached.length === 0 && !unseen) {
        out.push({
          urn: key.urn,
          message: `Signing key "${key.name}" has no key policy: AWS's default gives the account root kms:*, so any IAM policy in the account could grant kms:Sign; set a policy that grants kms:Sign to the signer roles only.`,
        });
        continue;
      }
      for (const { doc, where } of documents) {
        const statements = seen(() => parsePolicyDocument(doc) ?? []);
        if (statements === UNSEEN) continue;
        for (const s of statements) {
          if (!isAllow(s) || s.hasCondition || !grantsSign(s)) continue;
          const who = broadPrincipal(s.principal);
          if (who === undefined) continue;
          out.push({
            urn: key.urn,
            message: `Signing key "${key.name}": ${where} ${statementLabel(s)} allows kms:Sign to ${who} with no condition: name the signer roles as principals (or condition on aws:PrincipalArn).`,
          });
        }
      }
    }
    return out;
  },
});
