import type { Props } from "./policy";
import { asObject } from "./values";

/**
 * The EC2 resource kinds that launch instances, old and new, and the fields they share. A setting checked
 * on instances must be checked on every kind that can start one: an `aws.ec2.LaunchConfiguration` (still
 * accepted by Auto Scaling groups though deprecated) and an `aws.ec2.SpotInstanceRequest` carry the same
 * `metadataOptions`, block devices, `associatePublicIpAddress` and user data as an `aws.ec2.Instance`.
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/ec2/launchconfiguration/
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/ec2/spotinstancerequest/
 */

export const INSTANCE = "aws:ec2/instance:Instance";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";
export const SPOT_INSTANCE_REQUEST = "aws:ec2/spotInstanceRequest:SpotInstanceRequest";

/** Every kind that carries `metadataOptions` (httpTokens, httpEndpoint, httpPutResponseHopLimit). */
export const METADATA_OPTION_TYPES = [LAUNCH_TEMPLATE, INSTANCE, LAUNCH_CONFIGURATION, SPOT_INSTANCE_REQUEST];

/** Kinds with `rootBlockDevice` / `ebsBlockDevices` blocks (an instance's shape). */
export const BLOCK_DEVICE_TYPES = [INSTANCE, LAUNCH_CONFIGURATION, SPOT_INSTANCE_REQUEST];

/** A short name of the kind, for messages. */
export function kindName(type: string): string {
  switch (type) {
    case LAUNCH_TEMPLATE:
      return "Launch template";
    case LAUNCH_CONFIGURATION:
      return "Launch configuration";
    case SPOT_INSTANCE_REQUEST:
      return "Spot instance request";
    default:
      return "Instance";
  }
}

/** The `metadataOptions` block, or undefined when it is absent or not an object. */
export function metadataOptions(props: Props): Record<string, any> | undefined {
  return "metadataOptions" in props ? asObject(props.metadataOptions) : undefined;
}
