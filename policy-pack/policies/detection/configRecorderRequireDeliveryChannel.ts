import { stackPolicy } from "../../lib/policy";

const RECORDER = "aws:cfg/recorder:Recorder";
const CHANNEL = "aws:cfg/deliveryChannel:DeliveryChannel";

/**
 * A recorder cannot start without a delivery channel (one per region and account), so both belong to the
 * stack that builds the recorder.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/manage-delivery-channel.html
 */
export const configRecorderRequireDeliveryChannel = stackPolicy({
  name: "aws-config-recorder-require-delivery-channel",
  description:
    "A stack with an AWS Config recorder must have a delivery channel (to the log archive): without one the " +
    "recorder cannot start, and configuration snapshots and history are delivered nowhere.",
  // No catalog checks the delivery channel on its own: CIS 3.5 / Config.1 (Config enabled and recording) is the control a recorder without a channel fails.
  catalog: ["CIS AWS 3.5", "FSBP Config.1"],
  remediation: "Add an aws.cfg.DeliveryChannel with s3BucketName set to the log archive bucket.",
  types: [RECORDER, CHANNEL],
  check: (_resources, ctx) => {
    if (ctx.ofType(CHANNEL).length > 0) return [];
    return ctx.ofType(RECORDER).map((r) => ({
      urn: r.urn,
      message: `Config recorder "${r.name}" has no delivery channel: add an aws.cfg.DeliveryChannel to the archive bucket.`,
    }));
  },
});
