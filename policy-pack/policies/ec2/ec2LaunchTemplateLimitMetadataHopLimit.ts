import { METADATA_OPTION_TYPES, metadataOptions } from "../../lib/ec2";
import { resourcePolicy } from "../../lib/policy";
import { asNumber } from "../../lib/values";

/**
 * With a hop limit of 1 the IMDSv2 token cannot leave the node's own network namespace, so pods cannot
 * borrow the node role; pods get their own credentials through IRSA / Pod Identity. A hop limit of 2 is
 * only needed for containers that must use the node role, which our design forbids. Unset means 1 on
 * every kind (instance, launch template, launch configuration, spot request).
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html
 */
export const ec2LaunchTemplateLimitMetadataHopLimit = resourcePolicy({
  name: "aws-ec2-launchtemplate-limit-metadata-hop-limit",
  description:
    "Launch templates and instances must keep the metadata response hop limit at or below the configured " +
    "maximum (default 1), so containers on the node cannot fetch the node role's credentials.",
  catalog: ["CKV_AWS_341"],
  remediation: "Set metadataOptions.httpPutResponseHopLimit to 1 (at most the configured maximumHops).",
  types: METADATA_OPTION_TYPES,
  configSchema: {
    properties: {
      maximumHops: {
        type: "number",
        minimum: 1,
        maximum: 64,
        default: 1,
        description: "Largest allowed metadataOptions.httpPutResponseHopLimit.",
      },
    },
  },
  check: (props, ctx) => {
    const md = metadataOptions(props);
    if (!md || !("httpPutResponseHopLimit" in md)) return;
    const hops = asNumber(md.httpPutResponseHopLimit);
    const max = asNumber(ctx.config.maximumHops) ?? 1;
    if (hops !== undefined && hops > max)
      return `Metadata hop limit is ${hops}: set metadataOptions.httpPutResponseHopLimit to at most ${max} (pods use IRSA or Pod Identity).`;
  },
});
