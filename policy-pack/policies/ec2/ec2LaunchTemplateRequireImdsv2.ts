import { resourcePolicy } from "../../lib/policy";
import { asObject } from "../../lib/values";

/**
 * `httpEndpoint: "disabled"` turns the metadata service off entirely, which is also fine.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
 */
export const ec2LaunchTemplateRequireImdsv2 = resourcePolicy({
  name: "aws-ec2-launchtemplate-require-imdsv2",
  description:
    "Launch templates and instances must require IMDSv2 session tokens: IMDSv1 answers any request, so an " +
    "SSRF in an inference server or a pod can steal the node role's credentials.",
  types: ["aws:ec2/launchTemplate:LaunchTemplate", "aws:ec2/instance:Instance"],
  check: (props) => {
    const md = "metadataOptions" in props ? asObject(props.metadataOptions) : undefined;
    if (md && "httpEndpoint" in md && md.httpEndpoint === "disabled") return;
    if (md?.httpTokens !== "required")
      return 'IMDSv1 is allowed: set metadataOptions.httpTokens: "required".';
  },
});
