import { containerDefinitions, TASK_DEFINITION } from "../../lib/ecs";
import { resourcePolicy } from "../../lib/policy";

/** Task-level settings that put every container of the task in one of the host's namespaces. */
const HOST_MODES = [
  ["pidMode", "sees and can signal every process of the container instance"],
  ["ipcMode", "shares the host's shared memory and semaphores"],
  [
    "networkMode",
    "binds the host's interfaces and reaches the instance metadata service and every local port",
  ],
] as const;

/**
 * `pidMode`, `ipcMode` and `networkMode` set to "host" remove the namespace isolation between the task and
 * the container instance (Kubernetes' hostPID, hostIPC and hostNetwork). Checkov's CKV_AWS_335 covers
 * pidMode; ipcMode and networkMode "host" are the other two host namespaces of the same Pod Security
 * Standards control. Older task definitions sometimes carried pidMode inside a container definition,
 * where Checkov looks too, so both places are read.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#network_mode
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#other_task_definition_params
 */
export const ecsTaskDefinitionDisallowHostNamespaces = resourcePolicy({
  name: "aws-ecs-taskdefinition-disallow-host-namespaces",
  description:
    'ECS task definitions must not share the host\'s namespaces (pidMode, ipcMode or networkMode "host"): the ' +
    "task then sees the instance's processes, shared memory or network interfaces, including the instance " +
    "metadata service's role credentials.",
  catalog: ["CKV_AWS_335", "PSS baseline: Host Namespaces"],
  remediation: 'Set networkMode to "awsvpc" and leave pidMode and ipcMode unset (or "task"), never "host".',
  types: [TASK_DEFINITION],
  check: (props) => {
    const out: string[] = [];
    for (const [key, why] of HOST_MODES) {
      if (!(key in props)) continue;
      const v = props[key];
      if (typeof v === "string" && v.trim().toLowerCase() === "host")
        out.push(
          `${key} is "host": the task ${why}; ${key === "networkMode" ? 'set it to "awsvpc"' : 'leave it unset or set it to "task"'}.`,
        );
    }
    const read = containerDefinitions(props);
    if (read.problem !== undefined) return [...out, read.problem];
    for (const c of read.containers) {
      const v = "pidMode" in c.def ? c.def.pidMode : undefined;
      if (typeof v === "string" && v.trim().toLowerCase() === "host")
        out.push(
          `${c.label} pidMode is "host": remove it; the task's pidMode decides, and must not be "host".`,
        );
    }
    return out;
  },
});
