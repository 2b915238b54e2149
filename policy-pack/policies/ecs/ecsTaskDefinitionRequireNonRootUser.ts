import { containerFindings, TASK_DEFINITION } from "../../lib/ecs";
import { resourcePolicy } from "../../lib/policy";

/** `root`, `0`, `root:<group>`, `0:<gid>`: the user part names UID 0. */
function isRootUser(user: string): boolean {
  const u = user.trim().split(":")[0]!.trim().toLowerCase();
  return u === "root" || /^0+$/.test(u);
}

/**
 * Without `user`, a container runs as the image's USER, which for most images is root: a container escape
 * or a writable host mount is then root on the instance. Naming a non-root user in the task definition
 * makes it explicit and reviewable. No Checkov or Trivy check reads ECS's `user`; the policy implements
 * the same control as the Kubernetes ones cited (run as non-root).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security
 */
export const ecsTaskDefinitionRequireNonRootUser = resourcePolicy({
  name: "aws-ecs-taskdefinition-require-non-root-user",
  description:
    "ECS containers must name a non-root user (containerDefinitions[].user, not root or UID 0): without it " +
    "most images run as root, and a container escape or a writable mount is root on the container instance.",
  catalog: ["PSS restricted: Running as Non-root", "CIS EKS 4.2.6"],
  remediation: 'Set user to a non-root UID (e.g. "1000" or "1000:1000") in every container definition.',
  types: [TASK_DEFINITION],
  check: (props) =>
    containerFindings(props, (c) => {
      const v = "user" in c.def ? c.def.user : undefined;
      if (typeof v === "string" && v.trim() !== "" && !isRootUser(v)) return undefined;
      if (typeof v === "number" && v !== 0) return undefined;
      const shown =
        v === undefined || v === null || (typeof v === "string" && v.trim() === "")
          ? "unset (the image's user, root for most images)"
          : JSON.stringify(v);
      return `${c.label} user is ${shown}: set user to a non-root UID such as "1000:1000".`;
    }),
});
