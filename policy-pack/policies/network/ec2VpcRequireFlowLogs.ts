import { stackPolicy, type StackViolation } from "../../lib/policy";
import { attachedTo } from "../../lib/refs";

const VPC = "aws:ec2/vpc:Vpc";
const DEFAULT_VPC = "aws:ec2/defaultVpc:DefaultVpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

/**
 * A flow log covers a VPC when its `vpcId` depends on the VPC (property dependencies, or dependencies) or
 * equals the VPC's `id`. A flow log whose `vpcId` is unknown might cover any VPC, so none is reported then.
 * Subnet- or ENI-level flow logs do not cover the whole VPC and do not count. A managed DefaultVpc is a VPC
 * like any other here.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
 */
export const ec2VpcRequireFlowLogs = stackPolicy({
  name: "aws-ec2-vpc-require-flow-logs",
  description:
    "Every VPC must have a flow log: without one there is no record of which addresses talked to the " +
    "inference tier, and a breach or exfiltration cannot be investigated.",
  // CIS AWS Foundations v1.4.0 3.9: VPC flow logging is enabled in all VPCs.
  catalog: ["AVD-AWS-0178", "CIS AWS 3.9"],
  remediation:
    'Add an aws.ec2.FlowLog with vpcId set to the VPC and trafficType "ALL" (or at least "REJECT").',
  types: [VPC, DEFAULT_VPC, FLOW_LOG],
  check: (_resources, ctx) => {
    const out: StackViolation[] = [];
    const flowLogs = ctx.ofType(FLOW_LOG);
    for (const vpc of ctx.ofType(VPC, DEFAULT_VPC)) {
      const { attached, unseen } = attachedTo(vpc, flowLogs, "vpcId", ["id"]);
      if (attached.length > 0 || unseen) continue;
      out.push({
        urn: vpc.urn,
        message: `VPC "${vpc.name}" has no flow log: add an aws.ec2.FlowLog with vpcId set to it.`,
      });
    }
    return out;
  },
});
