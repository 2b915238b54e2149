import { resourcePolicy } from "../../lib/policy";
import { asList, asObject, isTrue } from "../../lib/values";

/**
 * Launch templates carry `ebs.encrypted` as the string "true"/"false" (Terraform's tri-state), so both
 * the string and a boolean are accepted. A mapping without `ebs` (an instance-store or `noDevice`
 * mapping) has nothing to encrypt. Volumes the AMI brings that the template does not override cannot be
 * seen here and are not judged.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateEbsBlockDeviceRequest.html
 */
export const ec2LaunchTemplateRequireEbsEncryption = resourcePolicy({
  name: "aws-ec2-launchtemplate-require-ebs-encryption",
  description:
    "Every EBS volume a launch template defines (GPU node root and data volumes) must be encrypted, so " +
    "node disks holding model weights, container layers and pod data are protected at rest.",
  // No catalog check reads a launch template's block device mappings; CKV_AWS_8 and AVD-AWS-0008 are the
  // same requirement for the launch configuration the template replaces.
  catalog: ["CKV_AWS_8", "AVD-AWS-0008"],
  remediation: 'Set blockDeviceMappings[].ebs.encrypted to "true" on every EBS mapping.',
  types: ["aws:ec2/launchTemplate:LaunchTemplate"],
  check: (props) => {
    if (!("blockDeviceMappings" in props)) return;
    return asList(props.blockDeviceMappings).flatMap((m, i) => {
      const mapping = asObject(m);
      if (!mapping || !("ebs" in mapping)) return [];
      const ebs = asObject(mapping.ebs);
      if (!ebs || isTrue(ebs.encrypted)) return [];
      const device = typeof mapping.deviceName === "string" ? ` (${mapping.deviceName})` : "";
      return [`blockDeviceMappings[${i}]${device} is not encrypted: set ebs.encrypted: "true".`];
    });
  },
});
