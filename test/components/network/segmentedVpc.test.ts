import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { contains, overlaps } from "../../../components/network/subnetPlan";
import {
  type Captured,
  type CapturedResource,
  json,
  plain,
  runStack,
  runStackOk,
  type StackName,
} from "../../helpers/harness";

/**
 * The network as the dev and prod stacks register it under Pulumi's mock runtime: exact types, names,
 * counts and the security-relevant inputs. Dev filters egress with endpoints only; prod adds the
 * firewall.
 */

const PRIVATE = ["inference", "management", "data", "logging"];
const NO_EGRESS_EVER = ["data", "logging"];
const ZONES: Record<StackName, string[]> = {
  dev: ["us-east-1a", "us-east-1b"],
  prod: ["us-east-1a", "us-east-1b", "us-east-1c"],
};
const VPC: Record<StackName, string> = { dev: "10.40.0.0/16", prod: "10.50.0.0/16" };
const INTERFACE_ENDPOINTS = [
  "ecr.api",
  "ecr.dkr",
  "sts",
  "kms",
  "logs",
  "ec2",
  "elasticloadbalancing",
  "autoscaling",
  "eks",
  "eks-auth",
  "ssm",
  "kinesis-firehose",
  "sns",
];

const input = (r: CapturedResource) => plain<Record<string, any>>(r.inputs);
const tierOf = (subnet: CapturedResource) => input(subnet).tags["rampart:tier"] as string;

interface Table {
  tier: string;
  zone: string;
  subnet: CapturedResource;
  routes: Record<string, any>[];
}

/** Each subnet with the routes of the table associated with it. */
function tables(run: Captured): Table[] {
  return run.ofType("aws:ec2/subnet:Subnet").map((subnet) => {
    const assoc = run
      .ofType("aws:ec2/routeTableAssociation:RouteTableAssociation")
      .filter((a) => input(a).subnetId === subnet.id);
    assert.equal(assoc.length, 1, `${subnet.name} has ${assoc.length} route table associations`);
    const rtId = input(assoc[0]!).routeTableId as string;
    const routes = run
      .ofType("aws:ec2/route:Route")
      .map(input)
      .filter((r) => r.routeTableId === rtId);
    return { tier: tierOf(subnet), zone: input(subnet).availabilityZone as string, subnet, routes };
  });
}

for (const stack of ["dev", "prod"] as const) {
  describe(`SegmentedVpc in ${stack}`, () => {
    let run: Captured;
    const firewall = stack === "prod";
    const tiers = [...["ingress", ...PRIVATE], ...(firewall ? ["firewall"] : [])];
    before(async () => {
      run = await runStackOk(stack);
    });

    test("one component owns the whole network", () => {
      const component = run.one("rampart:network:SegmentedVpc", "network");
      const children = run.childrenOf(component);
      assert.ok(
        children.every((c) => c.name.startsWith("network-")),
        "children are named network-<role>",
      );
      for (const type of [
        "aws:ec2/vpc:Vpc",
        "aws:ec2/subnet:Subnet",
        "aws:ec2/route:Route",
        "aws:ec2/networkAcl:NetworkAcl",
      ]) {
        assert.ok(
          run.ofType(type).every((r) => r.parent === component.urn),
          `${type} under the component`,
        );
      }
      const vpc = input(run.one("aws:ec2/vpc:Vpc", "network-vpc"));
      assert.equal(vpc.cidrBlock, VPC[stack]);
      assert.equal(vpc.enableDnsSupport, true);
      assert.equal(vpc.enableDnsHostnames, true);
    });

    test("every zone has every tier, inside the VPC and disjoint; no subnet maps public IPs", () => {
      const subnets = run.ofType("aws:ec2/subnet:Subnet");
      assert.equal(subnets.length, tiers.length * ZONES[stack].length);
      for (const tier of tiers) {
        assert.deepEqual(
          subnets
            .filter((s) => tierOf(s) === tier)
            .map((s) => input(s).availabilityZone)
            .sort(),
          ZONES[stack],
          `tier ${tier}`,
        );
      }
      subnets.forEach((s, i) => {
        const cidr = input(s).cidrBlock as string;
        assert.ok(contains(VPC[stack], cidr), `${s.name} ${cidr}`);
        assert.equal(input(s).mapPublicIpOnLaunch, false, s.name);
        for (const o of subnets.slice(0, i))
          assert.ok(!overlaps(cidr, input(o).cidrBlock), `${s.name} / ${o.name}`);
      });
      assert.deepEqual(
        subnets.filter((s) => input(s).tags["kubernetes.io/role/elb"] === "1").map(tierOf),
        ZONES[stack].map(() => "ingress"),
      );
    });

    test("only ingress routes to the internet gateway; private tiers reach neither the gateway nor a NAT", () => {
      const igw = run.one("aws:ec2/internetGateway:InternetGateway", "network-igw");
      const all = tables(run);
      assert.equal(all.length, tiers.length * ZONES[stack].length);
      for (const t of all) {
        const toIgw = t.routes.filter((r) => r.gatewayId !== undefined);
        if (t.tier === "ingress") {
          assert.deepEqual(
            toIgw.map((r) => [r.destinationCidrBlock, r.gatewayId]),
            [["0.0.0.0/0", igw.id]],
          );
        } else {
          assert.deepEqual(toIgw, [], `${t.tier}@${t.zone} routes to a gateway`);
        }
        if (PRIVATE.includes(t.tier)) {
          assert.deepEqual(
            t.routes.filter((r) => r.natGatewayId !== undefined),
            [],
            `${t.tier}@${t.zone} routes to a NAT`,
          );
        }
        // The logging tier (OpenSearch Dashboards) answers the operators' network, and routes nothing else.
        if (NO_EGRESS_EVER.includes(t.tier))
          assert.deepEqual(
            t.routes.filter((r) => !(t.tier === "logging" && r.destinationCidrBlock === "172.16.0.0/16")),
            [],
            `${t.tier}@${t.zone} has routes`,
          );
      }
      // The main route table keeps only its local route.
      assert.deepEqual(input(run.one("aws:ec2/defaultRouteTable:DefaultRouteTable")).routes, []);
    });

    test(
      firewall
        ? "egress goes only through the firewall endpoint of the same zone, then its NAT"
        : "no tier has a default route but ingress",
      () => {
        for (const t of tables(run)) {
          const defaults = t.routes.filter((r) => r.destinationCidrBlock === "0.0.0.0/0");
          if (t.tier === "ingress") continue;
          // The management tier (the API server's interfaces) and the logging tier (Dashboards) route the
          // operators' network, and only it, through the Transit Gateway configured for it.
          const operator = t.routes.filter((r) => r.transitGatewayId !== undefined);
          assert.deepEqual(
            operator,
            t.tier === "management" || t.tier === "logging"
              ? [
                  {
                    destinationCidrBlock: "172.16.0.0/16",
                    routeTableId: `network-${t.tier}-${t.zone}-rt-id`,
                    transitGatewayId: "tgw-0123456789abcdef0",
                  },
                ]
              : [],
            `${t.tier}@${t.zone}`,
          );
          const routes = t.routes.filter((r) => r.transitGatewayId === undefined);
          if (!firewall) {
            assert.deepEqual(routes, [], `${t.tier}@${t.zone}`);
            continue;
          }
          const zoneIndex = ZONES[stack].indexOf(t.zone);
          if (t.tier === "firewall") {
            assert.deepEqual(
              defaults.map((r) => r.natGatewayId),
              [`network-nat-${t.zone}-id`],
            );
          } else if (t.tier === "inference" || t.tier === "management") {
            assert.deepEqual(
              defaults.map((r) => r.vpcEndpointId),
              [`vpce-network-firewall-${zoneIndex}`],
            );
            // The symmetric path: the same-zone ingress subnet through the same endpoint.
            assert.deepEqual(
              routes.filter((r) => r.destinationCidrBlock !== "0.0.0.0/0").map((r) => r.vpcEndpointId),
              [`vpce-network-firewall-${zoneIndex}`],
            );
          }
        }
        assert.equal(run.ofType("aws:ec2/natGateway:NatGateway").length, firewall ? ZONES[stack].length : 0);
        for (const nat of run.ofType("aws:ec2/natGateway:NatGateway")) {
          const subnet = run.ofType("aws:ec2/subnet:Subnet").find((s) => s.id === input(nat).subnetId)!;
          assert.equal(tierOf(subnet), "ingress", `${nat.name} is in a public subnet`);
        }
      },
    );

    if (firewall) {
      test("the firewall drops by default and allow-lists exactly the configured domains", () => {
        const policy = input(
          run.one("aws:networkfirewall/firewallPolicy:FirewallPolicy", "network-firewall-policy"),
        ).firewallPolicy;
        assert.deepEqual(policy.statelessDefaultActions, ["aws:forward_to_sfe"]);
        assert.deepEqual(policy.statelessFragmentDefaultActions, ["aws:forward_to_sfe"]);
        assert.deepEqual(policy.statefulEngineOptions, { ruleOrder: "STRICT_ORDER" });
        assert.deepEqual(policy.statefulDefaultActions, ["aws:drop_established", "aws:alert_established"]);
        const domains = input(run.one("aws:networkfirewall/ruleGroup:RuleGroup", "network-egress-domains"));
        assert.equal(domains.type, "STATEFUL");
        assert.deepEqual(domains.ruleGroup.rulesSource.rulesSourceList, {
          generatedRulesType: "ALLOWLIST",
          targetTypes: ["TLS_SNI", "HTTP_HOST"],
          targets: ["huggingface.co", ".huggingface.co", ".hf.co"],
        });
        assert.deepEqual(domains.ruleGroup.ruleVariables.ipSets, [
          { key: "HOME_NET", ipSet: { definitions: [VPC.prod] } },
        ]);
        const fw = input(run.one("aws:networkfirewall/firewall:Firewall", "network-firewall"));
        const fwSubnets = run
          .ofType("aws:ec2/subnet:Subnet")
          .filter((s) => tierOf(s) === "firewall")
          .map((s) => s.id);
        assert.deepEqual(
          fw.subnetMappings.map((m: any) => m.subnetId),
          fwSubnets,
        );
        assert.equal(fw.deleteProtection, true);
        const internal = input(run.one("aws:networkfirewall/ruleGroup:RuleGroup", "network-internal-pass"));
        assert.deepEqual(
          internal.ruleGroup.rulesSource.statefulRules.map((r: any) => [
            r.action,
            r.header.source,
            r.header.destination,
            r.header.destinationPort,
          ]),
          // Exactly the load balancers' flows to the gateway's node ports on the system nodes.
          [
            ["PASS", "10.50.104.0/22", "10.50.64.0/19", "30443"],
            ["PASS", "10.50.104.0/22", "10.50.64.0/19", "30021"],
          ],
        );
      });
    }

    test("each tier's ACL lists its flows, then denies the rest of the VPC; the default ACL and group have no rules", () => {
      const acls = run.ofType("aws:ec2/networkAcl:NetworkAcl");
      assert.deepEqual(acls.map((a) => a.name).sort(), tiers.map((t) => `network-${t}-nacl`).sort());
      for (const acl of acls) {
        const { ingress, egress, subnetIds } = input(acl);
        const tier = acl.name.replace(/^network-|-nacl$/g, "");
        assert.deepEqual(
          subnetIds,
          run
            .ofType("aws:ec2/subnet:Subnet")
            .filter((s) => tierOf(s) === tier)
            .map((s) => s.id),
        );
        for (const rules of [ingress, egress] as Record<string, any>[][]) {
          const deny = rules.findIndex((r) => r.action === "deny");
          assert.deepEqual(
            rules[deny],
            {
              ruleNo: rules[deny]!.ruleNo,
              action: "deny",
              protocol: "-1",
              fromPort: 0,
              toPort: 0,
              cidrBlock: VPC[stack],
            },
            acl.name,
          );
          // Before the deny: only named peers inside the VPC, and on the management tier the operators'
          // network (HTTPS to the API, replies to it). After it: only TCP with the internet.
          for (const r of rules.slice(0, deny)) {
            const operator = (tier === "management" || tier === "logging") && r.cidrBlock === "172.16.0.0/16";
            assert.ok(
              (contains(VPC[stack], r.cidrBlock) || operator) && r.action === "allow",
              `${acl.name} ${JSON.stringify(r)}`,
            );
          }
          // After it, inbound: a deny of each admin port an internet allow would admit (CIS AWS 5.1), but
          // on the NAT gateways' subnets (prod's ingress tier), which must admit replies on 1024-65535.
          let after = rules.slice(deny + 1);
          const guards = after.filter((r) => r.action === "deny");
          const natTier = stack === "prod" && tier === "ingress";
          assert.deepEqual(
            guards.map((r) => [r.protocol, r.fromPort, r.toPort, r.cidrBlock]),
            rules === ingress
              ? [22, 3389]
                  .filter((port) => !natTier || port < 1024)
                  .filter((port) =>
                    after.some((r) => r.action === "allow" && r.fromPort <= port && port <= r.toPort),
                  )
                  .map((port) => ["tcp", port, port, "0.0.0.0/0"])
              : [],
            acl.name,
          );
          assert.deepEqual(after.slice(0, guards.length), guards, `${acl.name}: the guards come first`);
          after = after.slice(guards.length);
          for (const r of after) {
            assert.deepEqual(
              [r.action, r.protocol, r.cidrBlock],
              ["allow", "tcp", "0.0.0.0/0"],
              `${acl.name} ${JSON.stringify(r)}`,
            );
            // HTTP 80 only into the ingress tier, for the load balancer's redirect to HTTPS.
            const http = tier === "ingress" && rules === ingress && r.fromPort === 80 && r.toPort === 80;
            assert.ok(
              (r.fromPort === 443 && r.toPort === 443) || (r.fromPort === 1024 && r.toPort === 65535) || http,
              `${acl.name} ${JSON.stringify(r)}`,
            );
          }
          assert.deepEqual(
            rules.map((r) => r.ruleNo),
            rules.map((_, i) => 100 + i * 10),
          );
        }
        if (NO_EGRESS_EVER.includes(tier)) {
          assert.ok(
            !egress.some((r: any) => r.cidrBlock === "0.0.0.0/0"),
            `${tier} may not reach the internet`,
          );
        }
      }
      assert.deepEqual(
        [
          input(run.one("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl")).ingress,
          input(run.one("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl")).egress,
        ],
        [[], []],
      );
      const defaultSg = input(
        run.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg"),
      );
      assert.deepEqual([defaultSg.ingress, defaultSg.egress], [[], []]);
    });

    test("security groups admit named peers only; nothing but the load balancers is open to the world", () => {
      const groups = run
        .ofType("aws:ec2/securityGroup:SecurityGroup")
        .map((g) => g.name)
        .sort();
      assert.deepEqual(groups, [
        "network-data-sg",
        "network-endpoints-sg",
        "network-inference-sg",
        "network-ingress-sg",
        "network-logging-sg",
        "network-management-sg",
        // Recovery's isolation group: no rule in or out (attached only to contain a compromised node).
        "recovery-isolation",
        // The SIEM's own groups in the logging tier: the OpenSearch domain and its two clients.
        "siem-firehose-sg",
        "siem-search-bootstrap-sg",
        "siem-search-sg",
      ]);
      for (const g of run.ofType("aws:ec2/securityGroup:SecurityGroup")) {
        // The isolation group states "no rule" inline: `egress: []` removes AWS's default allow-all.
        const inline = input(g).ingress;
        assert.ok(
          inline === undefined || (g.name === "recovery-isolation" && inline.length === 0),
          `${g.name} has inline rules`,
        );
      }
      const sgName = (id: string) =>
        run.ofType("aws:ec2/securityGroup:SecurityGroup").find((g) => g.id === id)!.name;
      const ingressRules = run.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map(input);
      const open = ingressRules
        .filter((r) => r.cidrIpv4 === "0.0.0.0/0")
        .map((r) => [sgName(r.securityGroupId), r.ipProtocol, r.fromPort, r.toPort]);
      assert.deepEqual(open, [
        ["network-ingress-sg", "tcp", 443, 443],
        ["network-ingress-sg", "tcp", 80, 80],
      ]);
      // The load balancers reach the gateway's node ports on the system nodes, and nothing else; the
      // gateway (management) reaches the model servers' port, and the inference group admits no
      // connection from the ingress tier.
      const fromIngress = ingressRules
        .filter(
          (r) => r.referencedSecurityGroupId && sgName(r.referencedSecurityGroupId) === "network-ingress-sg",
        )
        .map((r) => [sgName(r.securityGroupId), r.ipProtocol, r.fromPort, r.toPort]);
      assert.deepEqual(fromIngress, [
        ["network-management-sg", "tcp", 30443, 30443],
        ["network-management-sg", "tcp", 30021, 30021],
      ]);
      const toModel = ingressRules
        .filter((r) => sgName(r.securityGroupId) === "network-inference-sg" && r.fromPort === 8000)
        .map((r) => [sgName(r.referencedSecurityGroupId), r.ipProtocol, r.toPort]);
      assert.deepEqual(toModel, [["network-management-sg", "tcp", 8000]]);
      const endpointRules = ingressRules.filter((r) => sgName(r.securityGroupId) === "network-endpoints-sg");
      // Only the private tiers' groups reach the interface endpoints (not the ingress tier, not the VPC).
      assert.deepEqual(
        endpointRules.map((r) => [r.ipProtocol, r.fromPort, r.toPort, sgName(r.referencedSecurityGroupId)]),
        ["inference", "management", "data", "logging"].map((t) => ["tcp", 443, 443, `network-${t}-sg`]),
      );
      // The API server's group admits the operators' network on 443, and so does the SIEM's OpenSearch group
      // (Dashboards, with `dashboardsFromOperators`); nothing else from outside the VPC.
      const fromOutside = ingressRules.filter(
        (r) => r.cidrIpv4 !== undefined && r.cidrIpv4 !== "0.0.0.0/0" && !contains(VPC[stack], r.cidrIpv4),
      );
      assert.deepEqual(
        fromOutside.map((r) => [sgName(r.securityGroupId), r.ipProtocol, r.fromPort, r.toPort, r.cidrIpv4]),
        [
          ["network-management-sg", "tcp", 443, 443, "172.16.0.0/16"],
          ["siem-search-sg", "tcp", 443, 443, "172.16.0.0/16"],
        ],
      );
      const toData = ingressRules.filter((r) => sgName(r.securityGroupId) === "network-data-sg");
      assert.deepEqual(toData.map((r) => [sgName(r.referencedSecurityGroupId), r.fromPort]).sort(), [
        ["network-inference-sg", 443],
        ["network-inference-sg", 6379],
        ["network-management-sg", 443],
        ["network-management-sg", 6379],
      ]);
      const egressRules = run.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map(input);
      const outward = egressRules.filter((r) => r.cidrIpv4 !== undefined || r.prefixListId !== undefined);
      for (const r of outward) {
        assert.deepEqual([r.ipProtocol, r.fromPort, r.toPort], ["tcp", 443, 443]);
        assert.ok(
          ["network-inference-sg", "network-management-sg"].includes(sgName(r.securityGroupId)),
          sgName(r.securityGroupId),
        );
        if (firewall) assert.equal(r.cidrIpv4, "0.0.0.0/0");
        else assert.equal(r.prefixListId, "pl-network-s3-endpoint");
      }
    });

    test("the S3 gateway and every configured interface endpoint exist, with private DNS and account-only policies", () => {
      const endpoints = run.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
      assert.equal(endpoints.length, 1 + INTERFACE_ENDPOINTS.length);
      const s3 = input(run.named("network-s3-endpoint"));
      assert.equal(s3.serviceName, "com.amazonaws.us-east-1.s3");
      assert.equal(s3.vpcEndpointType, "Gateway");
      const egressTables = tables(run).filter((t) => t.tier === "inference" || t.tier === "management");
      assert.equal(s3.routeTableIds.length, egressTables.length);
      const mgmt = run
        .ofType("aws:ec2/subnet:Subnet")
        .filter((s) => tierOf(s) === "management")
        .map((s) => s.id);
      const endpointSg = run.named("network-endpoints-sg").id;
      for (const service of INTERFACE_ENDPOINTS) {
        const e = input(run.named(`network-${service.replace(/\./g, "-")}-endpoint`));
        assert.equal(e.serviceName, `com.amazonaws.us-east-1.${service}`);
        assert.equal(e.vpcEndpointType, "Interface");
        assert.equal(e.privateDnsEnabled, true);
        assert.deepEqual(e.subnetIds, mgmt);
        assert.deepEqual(e.securityGroupIds, [endpointSg]);
      }
      for (const e of endpoints) {
        const policy = json(input(e).policy);
        const [first, ...rest] = policy.Statement;
        assert.deepEqual(first.Condition, {
          StringEquals: { "aws:PrincipalAccount": "123456789012", "aws:ResourceAccount": "123456789012" },
        });
        for (const s of rest) {
          assert.notEqual(s.Action, "*", `${e.name} ${s.Sid} is an exception for every action`);
          // The one unconditioned exception: ECR's layer bucket, whose URLs an ECR-owned account signs.
          if (s.Sid === "EcrImageLayers") {
            assert.deepEqual([s.Action, s.Condition], ["s3:GetObject", undefined]);
            assert.match(s.Resource, /^arn:aws:s3:::prod-us-east-1-starport-layer-bucket\/\*$/);
            continue;
          }
          assert.ok(
            s.Condition.StringEquals["aws:PrincipalAccount"] === "123456789012" ||
              s.Condition.StringEquals["aws:ResourceAccount"] === "123456789012",
            `${e.name} ${s.Sid} is not scoped to the account`,
          );
        }
      }
    });

    test("flow logs capture all traffic into a log group encrypted with the logs key, kept as configured", () => {
      const flowLog = input(run.one("aws:ec2/flowLog:FlowLog", "network-flow-log"));
      const group = run.one("aws:cloudwatch/logGroup:LogGroup", "network-flow-logs");
      assert.deepEqual(
        [flowLog.trafficType, flowLog.logDestinationType, flowLog.logDestination, flowLog.vpcId],
        ["ALL", "cloud-watch-logs", group.outputs.arn, "network-vpc-id"],
      );
      const logsKey = run.one("aws:kms/key:Key", "keys-logs");
      assert.equal(input(group).kmsKeyId, logsKey.outputs.arn);
      assert.equal(input(group).name, `/rampart/${stack}/vpc/flow-logs`);
      assert.equal(input(group).retentionInDays, stack === "prod" ? 365 : 30);
      assert.equal(group.protect, stack === "prod");
      const trust = json(input(run.one("aws:iam/role:Role", "network-flow-logs-role")).assumeRolePolicy);
      assert.deepEqual(trust.Statement[0].Principal, { Service: "vpc-flow-logs.amazonaws.com" });
      assert.deepEqual(trust.Statement[0].Condition, {
        StringEquals: { "aws:SourceAccount": "123456789012" },
        ArnLike: { "aws:SourceArn": "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*" },
      });
      const policy = json(input(run.one("aws:iam/rolePolicy:RolePolicy", "network-flow-logs-policy")).policy);
      assert.deepEqual(policy.Statement[0].Resource, [group.outputs.arn, `${String(group.outputs.arn)}:*`]);
    });

    test("the stack exports what the cluster needs, ordered by zone", () => {
      const subnetIds = plain<Record<string, string[]>>(run.outputs.subnetIds);
      assert.deepEqual(
        subnetIds.inference,
        ZONES[stack].map((z) => `network-inference-${z}-id`),
      );
      assert.deepEqual(
        subnetIds.firewall,
        firewall ? ZONES[stack].map((z) => `network-firewall-${z}-id`) : [],
      );
      assert.deepEqual(plain(run.outputs.securityGroupIds), {
        ingress: "network-ingress-sg-id",
        inference: "network-inference-sg-id",
        management: "network-management-sg-id",
        data: "network-data-sg-id",
        logging: "network-logging-sg-id",
      });
      assert.equal(plain(run.outputs.vpcId), "network-vpc-id");
      assert.equal(plain(run.outputs.endpointSecurityGroupId), "network-endpoints-sg-id");
      assert.equal(plain(run.outputs.flowLogGroupName), `/rampart/${stack}/vpc/flow-logs`);
    });
  });
}

describe("invalid network config fails before any resource, naming the key", () => {
  const cases: [string, StackName, (c: Record<string, any>) => void, string][] = [
    [
      "a CIDR too small for the tiers",
      "prod",
      (c) => (c["rampart:network"].cidr = "10.50.0.0/18"),
      "rampart:network.tiers.management.prefixLength: 21 does not fit: the VPC 10.50.0.0/18 has 16384 addresses and the tiers need 28736 across 3 zones (use a larger VPC CIDR or longer tier prefixes)",
    ],
    [
      "a tier outside the VPC",
      "prod",
      (c) =>
        (c["rampart:network"].tiers = {
          logging: { cidrs: ["10.50.200.0/24", "10.50.201.0/24", "10.60.0.0/24"] },
        }),
      'rampart:network.tiers.logging.cidrs[2]: "10.60.0.0/24" is outside the VPC CIDR 10.50.0.0/16',
    ],
    [
      "a secondary CIDR overlapping the VPC",
      "dev",
      (c) => (c["rampart:network"].secondaryCidrs = ["10.40.128.0/17"]),
      'rampart:network.secondaryCidrs[0]: "10.40.128.0/17" overlaps the VPC CIDR 10.40.0.0/16',
    ],
    [
      "an egress domain that is not a domain",
      "prod",
      (c) => (c["rampart:network"].egress.allowedDomains = ["huggingface.co", "*.evil"]),
      'rampart:network.egress.allowedDomains[1]: "*.evil" is not a domain (expected e.g. "api.example.com" or ".example.com")',
    ],
  ];
  for (const [name, stack, edit, expected] of cases) {
    test(name, async () => {
      const run = await runStack(stack, { edit });
      assert.ok(run.error instanceof Error);
      assert.deepEqual(run.registered, []);
      assert.deepEqual(run.error.message.split("\n").slice(1), [`  - ${expected}`]);
    });
  }
});
