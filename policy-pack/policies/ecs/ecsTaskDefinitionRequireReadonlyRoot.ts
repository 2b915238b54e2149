import { containerFindings, TASK_DEFINITION } from "../../lib/ecs";
import { resourcePolicy } from "../../lib/policy";
import { isTrue } from "../../lib/values";

/**
 * ECS's default is a writable root filesystem: an attacker who gets code execution can drop tools and
 * persist changes to the image's binaries. Writable paths are declared as volumes (mountPoints).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_storage
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ecs-containers-readonly-access.html
 */
export const ecsTaskDefinitionRequireReadonlyRoot = resourcePolicy({
  name: "aws-ecs-taskdefinition-require-readonly-root",
  description:
    "ECS containers must mount their root filesystem read-only (containerDefinitions[].readonlyRootFilesystem: " +
    "true; the default is false): a writable root lets an intruder drop tools and modify the image's binaries " +
    "in place.",
  catalog: ["CKV_AWS_336"],
  remediation:
    "Set readonlyRootFilesystem to true in every container definition and mount the paths it writes as volumes (mountPoints).",
  types: [TASK_DEFINITION],
  check: (props) =>
    containerFindings(props, (c) => {
      const v = "readonlyRootFilesystem" in c.def ? c.def.readonlyRootFilesystem : undefined;
      if (isTrue(v)) return undefined;
      const shown =
        v === undefined || v === null || v === "" ? "unset (ECS's default, false)" : JSON.stringify(v);
      return `${c.label} readonlyRootFilesystem is ${shown}: set it to true and mount the paths the container writes as volumes.`;
    }),
});
