import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  endpointPolicy,
  internalPassRules,
  mergeSiblings,
  naclRules,
  routePlan,
  sgRules,
  siblingUnion,
  TIER_FLOWS,
  tierFlows,
  planSegmentedVpc,
  validateSegmentedVpcArgs,
} from "../../../components/network/segmentedVpc.logic";
import { contains, planSubnets, type PlannedSubnet, TIERS } from "../../../components/network/subnetPlan";
import { SegmentedVpc } from "../../../components/network/segmentedVpc";
import { formatProblem } from "../../../components/shared/problems";
import { runComponent } from "../../helpers/harness";

const DEFAULTS = {
  ingress: { prefixLength: 24 },
  inference: { prefixLength: 20 },
  management: { prefixLength: 21 },
  data: { prefixLength: 23 },
  logging: { prefixLength: 24 },
  firewall: { prefixLength: 28 },
} as const;
const VPC = "10.50.0.0/16";
function plan(zones: number, firewall = true): PlannedSubnet[] {
  const { firewall: fw, ...rest } = DEFAULTS;
  const r = planSubnets({
    vpcCidr: VPC,
    zones: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"].slice(0, zones),
    tiers: firewall ? { ...rest, firewall: fw } : rest,
  });
  assert.ok(r.ok);
  return [...r.subnets];
}

describe("routePlan", () => {
  test("every cross-firewall path is symmetric: if A's table sends B's subnet through endpoint z, B's sends A's through z", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), (zones) => {
        const subnets = plan(zones);
        const tables = routePlan(subnets, "firewall");
        const via = (from: PlannedSubnet, to: PlannedSubnet) => {
          const t = tables.find((x) => x.tier === from.tier && x.zoneIndex === from.zoneIndex)!;
          const r = t.routes.find((x) => x.destination === to.cidr);
          return r?.target.kind === "firewall-endpoint" ? r.target.zoneIndex : undefined;
        };
        for (const a of subnets) {
          for (const b of subnets) {
            if (a === b) continue;
            // Ingress -> egress tier through the firewall is the NAT return path; its mirror must exist
            // for load balancer traffic.
            assert.equal(via(a, b), via(b, a), `${a.tier}@${a.zone} <-> ${b.tier}@${b.zone}`);
          }
        }
      }),
    );
  });

  test("endpoints-only: only ingress has a route at all", () => {
    const tables = routePlan(plan(3, false), "endpoints-only");
    assert.deepEqual(
      tables.filter((t) => t.routes.length > 0).map((t) => [t.tier, t.routes.map((r) => r.target.kind)]),
      [
        ["ingress", ["internet-gateway"]],
        ["ingress", ["internet-gateway"]],
        ["ingress", ["internet-gateway"]],
      ],
    );
    assert.deepEqual(
      [...new Set(tables.filter((t) => t.s3).map((t) => t.tier))],
      ["inference", "management"],
    );
  });
});

describe("network ACLs", () => {
  test("an allowed flow is admitted by both tiers' ACLs before their VPC deny; an unlisted one is not", () => {
    const subnets = plan(3);
    const acl = Object.fromEntries(TIERS.map((t) => [t, naclRules(t, subnets, "firewall", [VPC])]));
    const blockOf = (tier: string) => subnets.find((s) => s.tier === tier)!.tierBlock;
    /** First matching rule decides, as in AWS. */
    const decide = (
      rules: { action: string; protocol: string; fromPort: number; toPort: number; cidrBlock: string }[],
      protocol: string,
      port: number,
      peer: string,
    ) =>
      rules.find(
        (r) =>
          (r.protocol === "-1" || (r.protocol === protocol && r.fromPort <= port && port <= r.toPort)) &&
          contains(r.cidrBlock, peer),
      )?.action ?? "deny";
    const admits = (from: string, to: string, protocol: string, port: number) =>
      decide(acl[from]!.egress, protocol, port, blockOf(to)) === "allow" &&
      decide(acl[to]!.ingress, protocol, port, blockOf(from)) === "allow";
    for (const flow of TIER_FLOWS.filter(
      (f) =>
        f.layers.includes("nacl") && f.from !== "internet" && f.to !== "internet" && f.protocol !== "all",
    )) {
      assert.ok(admits(flow.from, flow.to, flow.protocol, flow.ports[0]), flow.name);
    }
    assert.ok(!admits("data", "inference", "tcp", 443), "data may not open connections to inference");
    assert.ok(!admits("logging", "data", "tcp", 443), "logging may not reach the vector store");
    // ACLs are stateless: between two tiers that have a flow, a new connection to an ephemeral port
    // looks like a reply, so the ACLs admit it; the stateful security groups are what refuse it.
    assert.ok(admits("logging", "data", "tcp", 6379));
    assert.ok(
      !sgRules("firewall").some(
        (r) =>
          r.tier === "data" &&
          r.direction === "ingress" &&
          r.peer.kind === "tier" &&
          r.peer.tier === "logging",
      ),
    );
    // Load balancers reach the gateway's node ports on system nodes, nothing else in a private tier.
    assert.ok(admits("ingress", "management", "tcp", 30443));
    assert.ok(admits("ingress", "management", "tcp", 30021));
    assert.ok(!admits("ingress", "management", "tcp", 443), "load balancers do not reach the API server");
    assert.ok(!admits("ingress", "inference", "tcp", 443), "load balancers do not reach inference nodes");
    assert.ok(!admits("ingress", "inference", "tcp", 8000), "load balancers do not reach model servers");
    assert.ok(admits("management", "inference", "tcp", 8000), "the gateway reaches model servers");
    assert.ok(!admits("ingress", "data", "tcp", 443));
    assert.ok(!admits("data", "logging", "tcp", 22));
  });

  test("data and logging never have an internet-facing rule, in either mode", () => {
    for (const mode of ["endpoints-only", "firewall"] as const) {
      for (const tier of ["data", "logging"] as const) {
        const rules = naclRules(tier, plan(2, mode === "firewall"), mode, [VPC]);
        assert.deepEqual(
          [...rules.ingress, ...rules.egress].filter((r) => r.cidrBlock === "0.0.0.0/0"),
          [],
        );
      }
    }
  });
});

describe("security group rules", () => {
  test("each flow yields one egress rule on the client's group and one ingress rule on the server's", () => {
    const rules = sgRules("endpoints-only");
    const lb = rules.filter((r) => r.role.startsWith("lb-to-gateway"));
    assert.deepEqual(
      lb.map((r) => [r.tier, r.direction, r.fromPort, r.toPort, r.peer]),
      [
        ["ingress", "egress", 30443, 30443, { kind: "tier", tier: "management" }],
        ["management", "ingress", 30443, 30443, { kind: "tier", tier: "ingress" }],
        ["ingress", "egress", 30021, 30021, { kind: "tier", tier: "management" }],
        ["management", "ingress", 30021, 30021, { kind: "tier", tier: "ingress" }],
      ],
    );
    // Nothing lets the ingress tier open a connection into the inference tier.
    assert.deepEqual(
      rules.filter(
        (r) =>
          (r.tier === "ingress" &&
            r.direction === "egress" &&
            r.peer.kind === "tier" &&
            r.peer.tier === "inference") ||
          (r.tier === "inference" &&
            r.direction === "ingress" &&
            r.peer.kind === "tier" &&
            r.peer.tier === "ingress"),
      ),
      [],
    );
    assert.deepEqual(
      rules.filter((r) => r.peer.kind === "s3-prefix-list").map((r) => r.tier),
      ["inference", "management"],
    );
    assert.deepEqual(
      sgRules("firewall").filter((r) => r.peer.kind === "s3-prefix-list"),
      [],
    );
  });
});

describe("mesh service ports (gateway-to-model flows)", () => {
  const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
  test("the default list has one gateway-to-model flow on the model port and the load balancer flows to the gateway", () => {
    assert.deepEqual(
      TIER_FLOWS.filter((f) => /^(lb-to|gateway-to|public-)/.test(f.name)).map((f) => [
        f.name,
        f.from,
        f.to,
        f.protocol,
        f.ports,
      ]),
      [
        ["public-https", "internet", "ingress", "tcp", [443, 443]],
        ["public-http", "internet", "ingress", "tcp", [80, 80]],
        ["lb-to-gateway", "ingress", "management", "tcp", [30443, 30443]],
        ["lb-to-gateway-health", "ingress", "management", "tcp", [30021, 30021]],
        ["gateway-to-model-8000", "management", "inference", "tcp", [8000, 8000]],
      ],
    );
    assert.ok(!TIER_FLOWS.some((f) => f.from === "ingress" && f.to === "inference"));
  });

  test("the ports given drive the ACLs, the security groups and the firewall pass rules alike", () => {
    const subnets = plan(3);
    const flows = tierFlows([8080, 9000]);
    const inf = naclRules("inference", subnets, "firewall", [VPC], flows);
    const mgmt = subnets.find((s) => s.tier === "management")!.tierBlock;
    const admitted = (port: number) =>
      inf.ingress.some((r) => r.cidrBlock === mgmt && r.fromPort <= port && port <= r.toPort);
    assert.ok(admitted(8080) && admitted(9000));
    assert.ok(!admitted(8000), "the default port is not opened when other ports are given");
    assert.deepEqual(
      sgRules("firewall", flows)
        .filter((r) => r.role.startsWith("gateway-to-model"))
        .map((r) => [r.tier, r.direction, r.fromPort, r.role]),
      [
        ["management", "egress", 8080, "gateway-to-model-8080-out"],
        ["inference", "ingress", 8080, "gateway-to-model-8080-in"],
        ["management", "egress", 9000, "gateway-to-model-9000-out"],
        ["inference", "ingress", 9000, "gateway-to-model-9000-in"],
      ],
    );
    // Pass rules come from the flow list given: a flow from ingress to an egress tier is passed, and
    // only those.
    const extra = [...flows, { ...flows[2]!, name: "x", ports: [31000, 31000] as const }];
    assert.deepEqual(
      internalPassRules(subnets, extra).map((r) => r.header.destinationPort),
      ["30443", "30021", "31000"],
    );
  });

  test("bad ports: one problem each, naming the index", () => {
    const problems = (ports: number[]) =>
      validateSegmentedVpcArgs({
        cidr: VPC,
        availabilityZones: zones,
        flowLogRetentionDays: 30,
        meshServicePorts: ports,
      }).map((p) => formatProblem(p));
    assert.deepEqual(problems([0, 8000, 70000, 8000, 80.5]), [
      "meshServicePorts[0]: 0 is not a TCP port (expected a whole number from 1 to 65535)",
      "meshServicePorts[2]: 70000 is not a TCP port (expected a whole number from 1 to 65535)",
      "meshServicePorts[3]: 8000 is listed twice",
      "meshServicePorts[4]: 80.5 is not a TCP port (expected a whole number from 1 to 65535)",
    ]);
    assert.deepEqual(problems([]), [
      "meshServicePorts: [] is empty; the mesh gateway could reach no model server (expected at least one port, e.g. [8000])",
    ]);
    assert.deepEqual(problems([8000]), []);
  });

  test("ports past the management tier's ACL quota are refused, naming the tier", () => {
    // Prod's shape: firewall egress and one operator network leave the management tier's egress ACL at
    // 18 rules with one model port; each further port takes one more rule.
    const args = {
      cidr: VPC,
      availabilityZones: zones,
      egress: { mode: "firewall" as const, allowedDomains: [".example.com"] },
      operatorNetworks: [{ cidr: "172.16.0.0/16", transitGatewayId: "tgw-0123456789abcdef0" }],
      flowLogRetentionDays: 30,
    };
    assert.deepEqual(validateSegmentedVpcArgs({ ...args, meshServicePorts: [8000, 8080, 9000] }), []);
    assert.deepEqual(
      validateSegmentedVpcArgs({ ...args, meshServicePorts: [8000, 8080, 9000, 9090] }).map((p) =>
        formatProblem(p),
      ),
      [
        "tiers.management: missing needs 21 egress ACL rules, above AWS's default quota of 20 (size tiers by prefixLength so each tier is one block)",
      ],
    );
  });
});

describe("ACL rule merging", () => {
  test("two halves of a block make the block; anything else does not merge", () => {
    assert.equal(siblingUnion("10.50.104.0/22", "10.50.108.0/22"), "10.50.104.0/21");
    assert.equal(siblingUnion("10.50.96.0/21", "10.50.104.0/21"), "10.50.96.0/20");
    assert.equal(siblingUnion("10.50.100.0/22", "10.50.104.0/22"), undefined, "adjacent, different parents");
    assert.equal(siblingUnion("10.50.96.0/21", "10.50.104.0/22"), undefined, "different sizes");
    assert.equal(siblingUnion("10.50.96.0/21", "10.50.96.0/21"), undefined);
  });

  test("merging never changes what an ACL admits (property)", () => {
    const cidrs = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24", "10.0.0.0/23", "10.0.2.0/23"];
    const draft = fc.record({
      action: fc.constant("allow" as const),
      protocol: fc.constantFrom("tcp", "udp"),
      fromPort: fc.constantFrom(443, 1024),
      cidrBlock: fc.constantFrom(...cidrs),
    });
    fc.assert(
      fc.property(fc.array(draft, { maxLength: 8 }), (list) => {
        const drafts = list.map((d) => ({ ...d, toPort: d.fromPort === 443 ? 443 : 65535 }));
        const merged = mergeSiblings(drafts);
        assert.ok(merged.length <= drafts.length);
        const admits = (
          rules: readonly { protocol: string; fromPort: number; toPort: number; cidrBlock: string }[],
          protocol: string,
          port: number,
          host: number,
        ) =>
          rules.some(
            (r) =>
              r.protocol === protocol &&
              r.fromPort <= port &&
              port <= r.toPort &&
              contains(r.cidrBlock, `10.0.${host >> 8}.${host & 255}/32`),
          );
        for (const protocol of ["tcp", "udp"])
          for (const port of [443, 2000])
            for (const host of [0, 255, 256, 511, 512, 767, 768, 1023])
              assert.equal(admits(merged, protocol, port, host), admits(drafts, protocol, port, host));
      }),
    );
  });
});

describe("endpoint policies", () => {
  const c = { partition: "aws", accountId: "123456789012", region: "us-east-1" };
  test("the exceptions are narrow and named", () => {
    assert.deepEqual(
      endpointPolicy("kms", c).Statement.map((s) => s.Sid),
      ["AccountPrincipalsOnAccountResources"],
    );
    // ECR's layer downloads are presigned by an ECR-owned account: a principal-account condition would
    // deny every layer, so the exception is one action on one AWS-owned bucket, unconditioned.
    assert.deepEqual(endpointPolicy("s3", c).Statement[1], {
      Sid: "EcrImageLayers",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*",
    });
    assert.deepEqual(endpointPolicy("sts", c).Statement[1]!.Resource, "arn:aws:iam::123456789012:role/*");
    assert.deepEqual(
      endpointPolicy("ssm", c).Statement[1]!.Resource,
      "arn:aws:ssm:us-east-1::parameter/aws/service/*",
    );
  });
});

describe("validateSegmentedVpcArgs", () => {
  test("reports every problem, naming the field", () => {
    assert.deepEqual(
      validateSegmentedVpcArgs({
        cidr: VPC,
        availabilityZones: ["us-east-1a", "us-east-1a", "useast1"],
        tiers: { logging: { cidrs: ["10.60.0.0/24", "10.50.250.0/24", "10.50.251.0/24"] } },
        secondaryCidrs: ["10.50.128.0/17"],
        egress: { mode: "firewall", allowedDomains: ["https://x"] },
        interfaceEndpoints: ["kms", "kms", "s3"],
        flowLogRetentionDays: 10,
      }).map((p) => formatProblem(p)),
      [
        'availabilityZones[1]: "us-east-1a" is listed twice (expected distinct zones)',
        'availabilityZones[2]: "useast1" is not an availability zone name (expected e.g. "us-east-1a")',
        'tiers.logging.cidrs[0]: "10.60.0.0/24" is outside the VPC CIDR 10.50.0.0/16',
        'secondaryCidrs[0]: "10.50.128.0/17" overlaps the VPC CIDR 10.50.0.0/16',
        'egress.allowedDomains[0]: "https://x" is not a domain (expected e.g. "api.example.com" or ".example.com")',
        'interfaceEndpoints[1]: "kms" is listed twice',
        'interfaceEndpoints[2]: "s3" is always a gateway endpoint here (remove it from the interface list)',
        "flowLogRetentionDays: 10 is not a CloudWatch Logs retention period (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)",
      ],
    );
  });

  test("on its own it plans the same subnets the stack gets: defaults for every tier, firewall only in firewall mode", () => {
    const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
    const own = planSegmentedVpc({ cidr: VPC, availabilityZones: zones, flowLogRetentionDays: 30 });
    assert.deepEqual(own.problems, []);
    const { firewall: _fw, ...workload } = DEFAULTS;
    const expected = planSubnets({ vpcCidr: VPC, zones, tiers: workload });
    assert.ok(expected.ok);
    assert.deepEqual(own.subnets, expected.subnets);
    const fw = planSegmentedVpc({
      cidr: VPC,
      availabilityZones: zones,
      egress: { mode: "firewall", allowedDomains: [".example.com"] },
      flowLogRetentionDays: 30,
    });
    assert.equal(fw.subnets.filter((s) => s.tier === "firewall").length, 3);
  });

  test("the component throws those problems before creating any child", async () => {
    await assert.rejects(
      runComponent(
        () =>
          new SegmentedVpc("bad", {
            cidr: VPC,
            availabilityZones: ["us-east-1a", "us-east-1b"],
            logsKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/x",
            flowLogRetentionDays: 10,
          }),
      ),
      /SegmentedVpc bad: invalid arguments \(1 problem\):\n {2}- flowLogRetentionDays: 10 is not a CloudWatch Logs retention period/,
    );
  });
});
