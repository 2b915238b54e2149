import { resourcePolicy } from "../../lib/policy";
import { asNumber } from "../../lib/values";

/** @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html#id_roles_update-session-duration */
export const iamRoleLimitSessionDuration = resourcePolicy({
  name: "aws-iam-role-limit-session-duration",
  description:
    "Roles must not allow sessions longer than the configured maximum (default one hour, AWS's default): a " +
    "stolen session credential stays valid for the whole session and cannot be revoked one by one.",
  catalog: ["CIS AWS 1.14", "AVD-AWS-0146"],
  remediation:
    "Set maxSessionDuration to at most the configured maximumSeconds (3600 by default), or leave it unset.",
  types: ["aws:iam/role:Role"],
  configSchema: {
    properties: {
      maximumSeconds: {
        type: "number",
        minimum: 900,
        maximum: 43200,
        default: 3600,
        description: "Largest allowed maxSessionDuration, in seconds (unset means 3600).",
      },
    },
  },
  check: (props, ctx) => {
    if (!("maxSessionDuration" in props)) return;
    const seconds = asNumber(props.maxSessionDuration);
    const max = asNumber(ctx.config.maximumSeconds) ?? 3600;
    if (seconds !== undefined && seconds > max)
      return `Role maxSessionDuration is ${seconds} seconds: set it to at most ${max}.`;
  },
});
