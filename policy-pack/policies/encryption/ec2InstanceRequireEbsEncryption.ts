import { resourcePolicy } from "../../lib/policy";
import { asList, asObject } from "../../lib/values";

/**
 * Without `rootBlockDevice.encrypted` the root volume inherits the AMI snapshot's encryption, which for
 * public AMIs is off; so an unset flag is a violation.
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
 */
export const ec2InstanceRequireEbsEncryption = resourcePolicy({
  name: "aws-ec2-instance-require-ebs-encryption",
  description:
    "EC2 instances must encrypt their root volume and every EBS volume they attach, so disks (and their " +
    "snapshots) holding models, credentials cached on disk and logs are protected at rest.",
  types: ["aws:ec2/instance:Instance"],
  check: (props) => {
    const out: string[] = [];
    const root = "rootBlockDevice" in props ? asObject(props.rootBlockDevice) : undefined;
    if (root?.encrypted !== true)
      out.push("The root volume is not encrypted: set rootBlockDevice.encrypted: true.");
    if ("ebsBlockDevices" in props) {
      asList(props.ebsBlockDevices).forEach((d, i) => {
        const dev = asObject(d);
        if (dev && dev.encrypted !== true) {
          const name = typeof dev.deviceName === "string" ? ` (${dev.deviceName})` : "";
          out.push(`ebsBlockDevices[${i}]${name} is not encrypted: set encrypted: true.`);
        }
      });
    }
    return out;
  },
});
