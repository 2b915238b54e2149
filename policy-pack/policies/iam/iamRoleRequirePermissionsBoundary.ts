import { resourcePolicy } from "../../lib/policy";
import { asObject, isSet } from "../../lib/values";

/**
 * Human roles are the roles the role map makes (AccessControl tags each `rampart:access-role=<name>`); a
 * user's own stack can tag its human roles the same way, or name further tag keys. The boundary caps what
 * the role's policies can ever grant, so a later policy edit cannot lift a person to more than it allows.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export const iamRoleRequirePermissionsBoundary = resourcePolicy({
  name: "aws-iam-role-require-permissions-boundary",
  description:
    "Roles people assume (tagged rampart:access-role, or another configured tag key) must carry a " +
    "permissions boundary: without it, one over-broad policy attached later gives the role everything it " +
    "names, including changing its own permissions and disabling detection (AWS Well-Architected SEC03-BP05; " +
    "issue #14). Remedy: set permissionsBoundary to the stack's boundary policy ARN.",
  catalog: ["CKV_AWS_286"],
  remediation:
    "Set permissionsBoundary to the ARN of the stack's permissions boundary policy on every role tagged rampart:access-role.",
  types: ["aws:iam/role:Role"],
  configSchema: {
    properties: {
      humanRoleTagKeys: {
        type: "array",
        items: { type: "string" },
        default: ["rampart:access-role"],
        description: "Tag keys that mark a role as one people assume.",
      },
    },
  },
  check: (props, ctx) => {
    if (!("tags" in props)) return;
    const tags = asObject(props.tags);
    if (!tags) return;
    const keys: unknown[] = Array.isArray(ctx.config.humanRoleTagKeys) ? ctx.config.humanRoleTagKeys : [];
    const key = keys.find((k): k is string => typeof k === "string" && k !== "" && k in tags);
    if (key === undefined) return;
    if ("permissionsBoundary" in props && isSet(props.permissionsBoundary)) return;
    return `Role is tagged ${key}=${String(tags[key])} (a role people assume) but has no permissions boundary: set permissionsBoundary to the boundary policy's ARN.`;
  },
});
