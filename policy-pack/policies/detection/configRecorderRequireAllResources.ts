import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, isTrue } from "../../lib/values";

/** `false` or "false" (any case): the bridged provider reads both as false. */
const isFalse = (v: unknown) => v === false || (typeof v === "string" && v.trim().toLowerCase() === "false");

/**
 * `recordingGroup.allSupported` defaults to true, `includeGlobalResourceTypes` to false (IAM users, roles
 * and policies are then never recorded). An exclusion list or a recording strategy other than
 * ALL_SUPPORTED_RESOURCE_TYPES records less than everything.
 * @see https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1
 */
export const configRecorderRequireAllResources = resourcePolicy({
  name: "aws-config-recorder-require-all-resources",
  description:
    "AWS Config recorders must record every supported resource type, global ones (IAM) included (Security " +
    "Hub Config.1, CIS 3.5): the configuration history of a security group, key policy or role that is not " +
    "recorded cannot be reviewed after an incident.",
  catalog: ["CKV2_AWS_48", "CKV2_AWS_45", "CIS AWS 3.5", "FSBP Config.1"],
  remediation:
    "Set recordingGroup.allSupported and recordingGroup.includeGlobalResourceTypes to true, with no exclusionByResourceTypes and recordingStrategy.useOnly ALL_SUPPORTED_RESOURCE_TYPES.",
  types: ["aws:cfg/recorder:Recorder"],
  check: (props) => {
    const group = "recordingGroup" in props ? asObject(props.recordingGroup) : undefined;
    const out: string[] = [];
    if (group && "allSupported" in group && isFalse(group.allSupported))
      out.push(
        "Config recorder records selected resource types only: set recordingGroup.allSupported: true.",
      );
    if (!group || !("includeGlobalResourceTypes" in group) || !isTrue(group.includeGlobalResourceTypes))
      out.push(
        "Config recorder leaves out global resources (IAM): set recordingGroup.includeGlobalResourceTypes: true.",
      );
    const strategy = group && "recordingStrategy" in group ? asObject(group.recordingStrategy) : undefined;
    const useOnly = strategy && "useOnly" in strategy ? strategy.useOnly : undefined;
    if (typeof useOnly === "string" && useOnly !== "" && useOnly !== "ALL_SUPPORTED_RESOURCE_TYPES")
      out.push(
        `Config recorder strategy is ${useOnly}: set recordingGroup.recordingStrategy.useOnly: "ALL_SUPPORTED_RESOURCE_TYPES".`,
      );
    const exclusion =
      group && "exclusionByResourceTypes" in group ? asList(group.exclusionByResourceTypes) : [];
    const excluded = exclusion.flatMap((e) => asList(asObject(e)?.resourceTypes));
    if (excluded.length > 0)
      out.push("Config recorder excludes resource types: remove recordingGroup.exclusionByResourceTypes.");
    return out;
  },
});
