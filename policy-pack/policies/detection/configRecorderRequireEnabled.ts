import { stackPolicy, type StackViolation } from "../../lib/policy";
import { attachedTo } from "../../lib/refs";
import { UNSEEN } from "../../lib/unknown";
import { at, isTrue, plain } from "../../lib/values";

const RECORDER = "aws:cfg/recorder:Recorder";
const STATUS = "aws:cfg/recorderStatus:RecorderStatus";

/**
 * A new recorder is stopped: a RecorderStatus naming it (`name`) with `isEnabled: true` starts it.
 * Statuses whose name or flag is unknown during preview are not judged.
 * @see https://docs.aws.amazon.com/config/latest/APIReference/API_StartConfigurationRecorder.html
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1
 */
export const configRecorderRequireEnabled = stackPolicy({
  name: "aws-config-recorder-require-enabled",
  description:
    "AWS Config recorders must be started by a RecorderStatus with isEnabled: true (Security Hub Config.1): " +
    "a recorder that exists but is stopped records nothing and looks like coverage.",
  catalog: ["CKV2_AWS_45", "CIS AWS 3.5", "FSBP Config.1"],
  remediation: "Add an aws.cfg.RecorderStatus whose name is the recorder's name, with isEnabled set to true.",
  types: [RECORDER, STATUS],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const statuses = ctx.ofType(STATUS);
    for (const recorder of ctx.ofType(RECORDER)) {
      const { attached, unseen } = attachedTo(recorder, statuses, "name", ["name", "id"]);
      const flags = attached.map((s) => at(plain(s.props), "isEnabled"));
      if (flags.some((f) => isTrue(f) || f === UNSEEN)) continue;
      if (unseen && attached.length === 0) continue;
      out.push({
        urn: recorder.urn,
        message:
          attached.length > 0
            ? `Config recorder "${recorder.name}" is stopped: set isEnabled: true on its RecorderStatus.`
            : `Config recorder "${recorder.name}" is never started: add an aws.cfg.RecorderStatus naming it with isEnabled: true.`,
      });
    }
    return out;
  },
});
