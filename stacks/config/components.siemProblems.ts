import * as pulumi from "@pulumi/pulumi";
import type { ArgProblem } from "../../components/shared/problems";
import { validateLogShipperArgs } from "../../components/observability/logShipper.logic";
import { validateSecurityMonitoringArgs } from "../../components/observability/securityMonitoring.logic";
import { validateSiemPipelineArgs } from "../../components/observability/siemPipeline.validate";
import { validatePrivacyControlsArgs } from "../../components/privacy/privacyControls.logic";
import { vpcCidrsOf } from "./components";
import { mapLines } from "./components.mesh";
import {
  enabledLogShipper,
  enabledMonitoring,
  enabledSiem,
  LOG_SHIPPER_KEYS,
  logShipperArgsOf,
  MONITORING_KEYS,
  monitoringArgsOf,
  PRIVACY_KEYS,
  privacyArgsOf,
  siemArgsOf,
  siemKeys,
} from "./components.siem";
import type { RampartConfig } from "./schema";

/**
 * The SIEM, monitoring and privacy components' value checks on the Args the stack would give them, as
 * config lines (one owner per rule: the components' validators; config maps their paths to keys).
 * Outputs of other components stand in as placeholders, so only config values are judged.
 */
export function siemComponentProblems(c: Partial<RampartConfig>, project: string, stack: string): string[] {
  const out: string[] = [];
  const { siem, privacy, network } = c;
  // The VPC's CIDRs and the operator networks (Dashboards' CIDRs) are the network's, checked and
  // reported there.
  const notTheNetwork = (ps: readonly ArgProblem[]) =>
    ps.filter((p) => p.path[0] !== "vpcCidrs" && p.path[0] !== "dashboardCidrs");
  if (!privacy) return out;
  const common = { protect: c.protect ?? true, tags: c.tags ?? {} };
  out.push(
    ...mapLines(
      validatePrivacyControlsArgs({
        ...privacyArgsOf({ ...common, privacy }, project, stack),
        privacyKeyArn: "",
      }),
      PRIVACY_KEYS,
    ),
  );
  if (enabledSiem(siem) && network) {
    const args = siemArgsOf({ ...common, siem, privacy, network }, project, stack);
    const problems = validateSiemPipelineArgs({
      ...args,
      siemKeyArn: "",
      vpcId: "",
      loggingSubnetIds: [],
      sourceLogGroupNames: [],
      clusterName: "",
      trail: { dataEventBucketArns: [] },
    });
    out.push(...mapLines(notTheNetwork(problems), siemKeys(privacy)));
  }
  if (enabledLogShipper(siem) && siem && c.images && network)
    out.push(
      ...mapLines(
        notTheNetwork(
          validateLogShipperArgs({
            ...logShipperArgsOf({ images: c.images, network, tags: common.tags, siem }),
            streamName: "stream",
            streamArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/stream",
            region: "us-east-1",
          }),
        ),
        LOG_SHIPPER_KEYS,
      ),
    );
  if (enabledMonitoring(siem) && siem && c.images && c.namespaces) {
    const args = monitoringArgsOf(
      { images: c.images, namespaces: c.namespaces, privacy, tags: common.tags, siem },
      () => pulumi.secret(""),
    );
    out.push(
      ...mapLines(
        notTheNetwork(
          validateSecurityMonitoringArgs({
            ...args,
            vpcCidrs: network ? vpcCidrsOf(network) : ["10.0.0.0/16"],
          }),
        ),
        MONITORING_KEYS,
      ),
    );
  }
  return out;
}
