import { containerFindings, TASK_DEFINITION } from "../../lib/ecs";
import { resourcePolicy } from "../../lib/policy";
import { isTrue } from "../../lib/values";

/**
 * `privileged: true` gives the container every capability and the host's devices: root on the container
 * instance. Fargate refuses it; on EC2 it is a host takeover away from any bug in the container.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-4
 */
export const ecsTaskDefinitionDisallowPrivileged = resourcePolicy({
  name: "aws-ecs-taskdefinition-disallow-privileged",
  description:
    "ECS containers must not run privileged (containerDefinitions[].privileged): a privileged container has " +
    "every Linux capability and the host's devices, so one compromised process owns the container instance " +
    "and every task on it.",
  catalog: ["CKV_AWS_334", "FSBP ECS.4", "PSS baseline: Privileged Containers"],
  remediation:
    "Remove privileged (or set it to false) in every container definition, and add only the Linux capabilities the container needs under linuxParameters.capabilities.add.",
  types: [TASK_DEFINITION],
  check: (props) =>
    containerFindings(props, (c) =>
      "privileged" in c.def && isTrue(c.def.privileged)
        ? `${c.label} runs privileged: remove privileged (or set it to false) and add only the capabilities it needs under linuxParameters.capabilities.add.`
        : undefined,
    ),
});
