import { BLOCK_DEVICE_TYPES, kindName } from "../../lib/ec2";
import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, isTrue } from "../../lib/values";

/**
 * Instances, the deprecated launch configurations and spot instance requests share the `rootBlockDevice` /
 * `ebsBlockDevices` shape. Without `rootBlockDevice.encrypted` the root volume inherits the AMI snapshot's
 * encryption, which for public AMIs is off; so an unset flag is a violation. A device restored from a
 * `snapshotId` is encrypted only if that snapshot is, which the policy cannot see: it asks for an explicit
 * `encrypted: true`, which AWS accepts for an encrypted snapshot too. A launch configuration's `noDevice`
 * mapping suppresses a device and has nothing to encrypt.
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
 */
export const ec2InstanceRequireEbsEncryption = resourcePolicy({
  name: "aws-ec2-instance-require-ebs-encryption",
  description:
    "EC2 instances must encrypt their root volume and every EBS volume they attach, so disks (and their " +
    "snapshots) holding models, credentials cached on disk and logs are protected at rest.",
  // CKV_AWS_8 covers instances and launch configurations; AVD-AWS-0131 instances, AVD-AWS-0008 launch
  // configurations.
  catalog: ["CKV_AWS_8", "AVD-AWS-0131", "AVD-AWS-0008"],
  remediation: "Set rootBlockDevice.encrypted and every ebsBlockDevices[].encrypted to true.",
  types: BLOCK_DEVICE_TYPES,
  check: (props, { type }) => {
    const out: string[] = [];
    const root = "rootBlockDevice" in props ? asObject(props.rootBlockDevice) : undefined;
    if (root?.encrypted !== true)
      out.push(
        type === "aws:ec2/instance:Instance"
          ? "The root volume is not encrypted: set rootBlockDevice.encrypted: true."
          : `${kindName(type)}: the root volume is not encrypted: set rootBlockDevice.encrypted: true.`,
      );
    if ("ebsBlockDevices" in props) {
      asList(props.ebsBlockDevices).forEach((d, i) => {
        const dev = asObject(d);
        if (!dev || ("noDevice" in dev && isTrue(dev.noDevice))) return;
        if (dev.encrypted !== true) {
          const name = typeof dev.deviceName === "string" ? ` (${dev.deviceName})` : "";
          out.push(`ebsBlockDevices[${i}]${name} is not encrypted: set encrypted: true.`);
        }
      });
    }
    return out;
  },
});
