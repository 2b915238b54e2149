import { isAllow, isWildcardPrincipal, parsePolicyDocument, statementLabel } from "../../lib/iam";
import { resourcePolicy } from "../../lib/policy";

/**
 * A key policy statement that allows `"*"` (or `{ AWS: "*" }`) with no condition lets any principal in any
 * account use or administer the key. Conditioned wildcards (`kms:CallerAccount`, `kms:ViaService`) are the
 * documented way to share a key with a service and are allowed. Every key kind carries its own `policy`
 * (imported `ExternalKey`s and multi-Region replicas too); a policy that is not a readable JSON document is
 * reported rather than passed, since the key would then be judged on nothing.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
 */
export const kmsKeyDisallowWildcardPrincipal = resourcePolicy({
  name: "aws-kms-key-disallow-wildcard-principal",
  description:
    'KMS key policies must not allow every principal ("*") without a condition: that opens the key to any ' +
    "AWS account, defeating the envelope encryption every other control relies on.",
  catalog: ["CKV_AWS_33"],
  remediation:
    'Replace Principal "*" in allowing key policy statements with named principals, or add a condition (kms:CallerAccount, kms:ViaService).',
  types: [
    "aws:kms/key:Key",
    "aws:kms/keyPolicy:KeyPolicy",
    "aws:kms/externalKey:ExternalKey",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:kms/replicaExternalKey:ReplicaExternalKey",
  ],
  check: (props) => {
    if (!("policy" in props)) return;
    const doc: unknown = props.policy;
    if (doc === undefined || doc === null || doc === "") return;
    const statements = parsePolicyDocument(doc);
    if (statements === undefined)
      return "Key policy is not a readable JSON policy document: set policy to a valid document (JSON.stringify an object).";
    return statements
      .filter((s) => isAllow(s) && isWildcardPrincipal(s.principal) && !s.hasCondition)
      .map(
        (s) =>
          `Key policy ${statementLabel(s)} allows any principal ("*") with no condition: name the principals or add a condition.`,
      );
  },
});
