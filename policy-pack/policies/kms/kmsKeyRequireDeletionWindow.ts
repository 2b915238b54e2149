import { resourcePolicy } from "../../lib/policy";
import { asNumber } from "../../lib/values";

/**
 * KMS waits 7 to 30 days (default 30) before deleting a key; a short window leaves little time to notice a
 * mistaken or malicious deletion, after which everything encrypted under the key is lost. Imported
 * (`ExternalKey`) and multi-Region replica keys have the same window.
 * No catalog checks the window length; the closest is FSBP KMS.3 (keys should not be deleted
 * unintentionally), which a long window gives time to prevent.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
 */
export const kmsKeyRequireDeletionWindow = resourcePolicy({
  name: "aws-kms-key-require-deletion-window",
  description:
    "KMS keys must keep a deletion waiting period of at least the configured number of days, so a scheduled " +
    "deletion can be noticed and cancelled before data encrypted under the key becomes unrecoverable.",
  catalog: ["FSBP KMS.3"],
  remediation:
    "Set deletionWindowInDays to at least the configured minimum (30, the AWS default, unless configured lower).",
  types: [
    "aws:kms/key:Key",
    "aws:kms/externalKey:ExternalKey",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:kms/replicaExternalKey:ReplicaExternalKey",
  ],
  configSchema: {
    properties: {
      minimumDays: {
        type: "number",
        minimum: 7,
        maximum: 30,
        default: 30,
        description: "Minimum deletionWindowInDays (AWS allows 7-30; unset means 30).",
      },
    },
  },
  check: (props, ctx) => {
    if (!("deletionWindowInDays" in props)) return;
    const days = asNumber(props.deletionWindowInDays);
    const min = asNumber(ctx.config.minimumDays) ?? 30;
    if (days !== undefined && days < min)
      return `KMS key deletion window is ${days} days: set deletionWindowInDays to at least ${min}.`;
  },
});
