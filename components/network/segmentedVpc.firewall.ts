import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/logGroup";
import {
  DOMAIN_RULE_GROUP_CAPACITY,
  INTERNAL_RULE_GROUP_CAPACITY,
  internalPassRules,
} from "./segmentedVpc.logic";
import type { Flow } from "./segmentedVpc.flows";
import type { PlannedSubnet } from "./subnetPlan";

/**
 * The egress firewall of a `SegmentedVpc` (its children, built here to keep the component readable):
 * AWS Network Firewall with one endpoint per zone in the firewall subnets, a strict-order policy whose
 * default drops every established flow no rule passed, a domain allow-list (TLS SNI for HTTPS, Host
 * header for HTTP), and alert logs to an encrypted log group.
 */
export interface EgressFirewallInputs {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's CIDRs: HOME_NET, the sources the domain rules apply to. */
  readonly homeNet: readonly string[];
  readonly subnets: readonly PlannedSubnet[];
  /** The VPC's flow list (the one its ACLs and security groups use). */
  readonly flows: readonly Flow[];
  /** Firewall subnet ids, by zone index. */
  readonly firewallSubnetIds: readonly pulumi.Output<string>[];
  readonly allowedDomains: readonly string[];
  readonly logGroupName: string;
  readonly logsKmsKeyArn: pulumi.Input<string>;
  readonly retentionInDays: number;
  readonly protect: boolean;
  readonly tags: Record<string, string>;
}

export interface EgressFirewall {
  readonly firewall: aws.networkfirewall.Firewall;
  /** The firewall endpoint id in each zone (by zone index), for route targets. */
  readonly endpointIds: pulumi.Output<string>[];
  readonly alertLogGroup: aws.cloudwatch.LogGroup;
}

export function buildEgressFirewall(i: EgressFirewallInputs): EgressFirewall {
  const opts = { parent: i.parent };
  const homeNet = { ipSets: [{ key: "HOME_NET", ipSet: { definitions: [...i.homeNet] } }] };

  // Strict order: rule groups are evaluated by priority and the policy's default actions apply to
  // whatever no rule passed. `aws:drop_established` lets the TCP handshake through so the TLS SNI or
  // HTTP Host can be read, then drops the flow unless a pass rule matched.
  // @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/suricata-rule-evaluation-order.html
  const domains = new aws.networkfirewall.RuleGroup(
    `${i.name}-egress-domains`,
    {
      type: "STATEFUL",
      capacity: DOMAIN_RULE_GROUP_CAPACITY,
      description: "Domains the private tiers may reach over HTTPS (TLS SNI) or HTTP (Host)",
      ruleGroup: {
        ruleVariables: homeNet,
        rulesSource: {
          // @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-domain-names.html
          rulesSourceList: {
            generatedRulesType: "ALLOWLIST",
            targetTypes: ["TLS_SNI", "HTTP_HOST"],
            targets: [...i.allowedDomains],
          },
        },
        statefulRuleOptions: { ruleOrder: "STRICT_ORDER" },
      },
      tags: i.tags,
    },
    opts,
  );
  const internal = new aws.networkfirewall.RuleGroup(
    `${i.name}-internal-pass`,
    {
      type: "STATEFUL",
      capacity: INTERNAL_RULE_GROUP_CAPACITY,
      description:
        "Same-zone load balancer to mesh gateway traffic that the symmetric routes send through the firewall",
      ruleGroup: {
        rulesSource: { statefulRules: internalPassRules(i.subnets, i.flows) },
        statefulRuleOptions: { ruleOrder: "STRICT_ORDER" },
      },
      tags: i.tags,
    },
    opts,
  );
  const policy = new aws.networkfirewall.FirewallPolicy(
    `${i.name}-firewall-policy`,
    {
      description: "Default drop; pass only the load balancer to gateway flows and allow-listed domains",
      firewallPolicy: {
        // Everything goes to the stateful engine; nothing is passed or dropped statelessly.
        statelessDefaultActions: ["aws:forward_to_sfe"],
        statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
        statefulEngineOptions: { ruleOrder: "STRICT_ORDER" },
        statefulDefaultActions: ["aws:drop_established", "aws:alert_established"],
        statefulRuleGroupReferences: [
          { priority: 10, resourceArn: internal.arn },
          { priority: 20, resourceArn: domains.arn },
        ],
      },
      tags: i.tags,
    },
    opts,
  );
  const firewall = new aws.networkfirewall.Firewall(
    `${i.name}-firewall`,
    {
      description: "Egress allow-list for the private tiers",
      vpcId: i.vpcId,
      firewallPolicyArn: policy.arn,
      subnetMappings: i.firewallSubnetIds.map((subnetId) => ({ subnetId })),
      deleteProtection: i.protect,
      subnetChangeProtection: i.protect,
      firewallPolicyChangeProtection: false,
      tags: i.tags,
    },
    opts,
  );
  const alertLogGroup = encryptedLogGroup(
    `${i.name}-firewall-alerts`,
    { name: i.logGroupName, kmsKeyArn: i.logsKmsKeyArn, retentionDays: i.retentionInDays, tags: i.tags },
    { ...opts, protect: i.protect },
  );
  // @see https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-logging.html
  new aws.networkfirewall.LoggingConfiguration(
    `${i.name}-firewall-logging`,
    {
      firewallArn: firewall.arn,
      loggingConfiguration: {
        logDestinationConfigs: [
          {
            logDestinationType: "CloudWatchLogs",
            logType: "ALERT",
            logDestination: { logGroup: alertLogGroup.name },
          },
        ],
      },
    },
    opts,
  );

  const endpointIds = i.firewallSubnetIds.map((subnetId) =>
    pulumi.all([firewall.firewallStatuses, subnetId]).apply(([statuses, sid]) => {
      for (const status of statuses ?? []) {
        for (const sync of status.syncStates ?? []) {
          for (const a of sync.attachments ?? []) if (a.subnetId === sid) return a.endpointId;
        }
      }
      throw new Error(`${i.name}: the firewall reports no endpoint in subnet ${sid}`);
    }),
  );
  return { firewall, endpointIds, alertLogGroup };
}
