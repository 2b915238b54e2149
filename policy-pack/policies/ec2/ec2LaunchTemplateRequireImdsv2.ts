import { METADATA_OPTION_TYPES, metadataOptions } from "../../lib/ec2";
import { resourcePolicy } from "../../lib/policy";

/**
 * `httpEndpoint: "disabled"` turns the metadata service off entirely, which is also fine. Unset
 * `httpTokens` is "optional" on every kind (instance, launch template, launch configuration, spot request),
 * so a missing block is flagged.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/ec2/launchconfiguration/#launchconfigurationmetadataoptions
 */
export const ec2LaunchTemplateRequireImdsv2 = resourcePolicy({
  name: "aws-ec2-launchtemplate-require-imdsv2",
  description:
    "Launch templates and instances must require IMDSv2 session tokens: IMDSv1 answers any request, so an " +
    "SSRF in an inference server or a pod can steal the node role's credentials.",
  // CKV_AWS_79 covers instances, launch templates and launch configurations; AVD-AWS-0028 instances,
  // AVD-AWS-0130 launch configurations and templates.
  catalog: ["CKV_AWS_79", "AVD-AWS-0028", "AVD-AWS-0130"],
  remediation: 'Set metadataOptions.httpTokens to "required" (or httpEndpoint to "disabled").',
  types: METADATA_OPTION_TYPES,
  check: (props) => {
    const md = metadataOptions(props);
    if (md && "httpEndpoint" in md && md.httpEndpoint === "disabled") return;
    if (md?.httpTokens !== "required")
      return 'IMDSv1 is allowed: set metadataOptions.httpTokens: "required".';
  },
});
