import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rampartFlows, verifyFlows, type ExportResource } from "../../../cli/verify/network";
import { allowAll, nacl, res, sg } from "./networkFixture";
import { meshNamespace } from "./clusterFixture";

/**
 * Issue #12's edge on a small three-tier VPC: the ALB in the public ingress tier, the gateway's node ports
 * on the system (management) nodes, the model servers on the inference nodes. Each tier has its own
 * route table, open NACLs (the security groups decide) and a node group whose launch template names its
 * tier's group.
 */
const TIERS = { ingress: "10.0.0.0/24", management: "10.0.1.0/24", inference: "10.0.2.0/24" } as const;
type Tier = keyof typeof TIERS;
const from = (port: number, peer: Record<string, unknown>) => ({
  protocol: "tcp",
  fromPort: port,
  toPort: port,
  ...peer,
});
const everywhere = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }];

function edgeVpc(
  over: { ingressSg?: unknown[]; managementSg?: unknown[]; inferenceSg?: unknown[]; alb?: boolean } = {},
): ExportResource[] {
  const list: ExportResource[] = [
    res("aws:ec2/vpc:Vpc", "vpc", {
      cidrBlock: "10.0.0.0/16",
      mainRouteTableId: "main-rtb",
      defaultNetworkAclId: "default-nacl",
    }),
    res("aws:ec2/internetGateway:InternetGateway", "igw", { vpcId: "vpc-id" }),
  ];
  for (const [tier, cidr] of Object.entries(TIERS) as [Tier, string][]) {
    list.push(
      res("aws:ec2/subnet:Subnet", tier, {
        vpcId: "vpc-id",
        cidrBlock: cidr,
        tags: { "rampart:tier": tier },
        mapPublicIpOnLaunch: false,
      }),
      res("aws:ec2/routeTable:RouteTable", `${tier}-rt`, {
        vpcId: "vpc-id",
        routes: tier === "ingress" ? [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-id" }] : [],
      }),
      res("aws:ec2/routeTableAssociation:RouteTableAssociation", `${tier}-rta`, {
        subnetId: `${tier}-id`,
        routeTableId: `${tier}-rt-id`,
      }),
      nacl(`${tier}-nacl`, tier, [allowAll()], [allowAll()]),
    );
    if (tier !== "ingress")
      list.push(
        res("aws:ec2/launchTemplate:LaunchTemplate", `${tier}-lt`, {
          vpcSecurityGroupIds: [`${tier}-sg-id`],
        }),
        res("aws:eks/nodeGroup:NodeGroup", `${tier}-nodes`, {
          subnetIds: [`${tier}-id`],
          launchTemplate: { id: `${tier}-lt-id` },
        }),
      );
  }
  list.push(
    sg(
      "ingress-sg",
      over.ingressSg ?? [from(443, { cidrBlocks: ["0.0.0.0/0"] }), from(80, { cidrBlocks: ["0.0.0.0/0"] })],
      [from(30443, { cidrBlocks: [TIERS.management] }), from(30021, { cidrBlocks: [TIERS.management] })],
    ),
    sg(
      "management-sg",
      over.managementSg ?? [
        from(30443, { securityGroups: ["ingress-sg-id"] }),
        from(30021, { securityGroups: ["ingress-sg-id"] }),
      ],
      everywhere,
    ),
    sg(
      "inference-sg",
      over.inferenceSg ?? [from(8000, { securityGroups: ["management-sg-id"] })],
      everywhere,
    ),
  );
  if (over.alb ?? true)
    list.push(
      res("aws:lb/loadBalancer:LoadBalancer", "edge-alb", {
        loadBalancerType: "application",
        subnets: ["ingress-id"],
        securityGroups: ["ingress-sg-id"],
      }),
    );
  return list;
}

const byId = (resources: ExportResource[]) =>
  new Map(verifyFlows(resources, rampartFlows(resources)).map((v) => [v.id, v]));
const EDGE_IDS = [
  "internet-to-lb-443",
  "internet-to-lb-80",
  "lb-to-gateway-30443",
  "lb-to-gateway-30021",
  "internet-to-management-30443",
  "internet-to-management-30021",
  "gateway-to-model-8000",
  ...[80, 443, 8000, 10250, 15006, 30021, 30443].map((p) => `ingress-to-inference-${p}`),
];

describe("the edge flows (issue #12)", () => {
  test("derived only when the export has a load balancer or the mesh gateway", () => {
    const none = rampartFlows(edgeVpc({ alb: false })).map((c) => c.id);
    assert.deepEqual(
      none.filter((id) => EDGE_IDS.includes(id)),
      [],
    );
    const gatewayOnly = [
      ...edgeVpc({ alb: false }),
      res("kubernetes:helm.sh/v3:Release", "istio-gateway", { chart: "gateway", namespace: "istio-ingress" }),
    ];
    assert.deepEqual(
      rampartFlows(gatewayOnly)
        .map((c) => c.id)
        .filter((id) => EDGE_IDS.includes(id)),
      EDGE_IDS,
    );
  });

  test("on the design every edge case passes, each citing its source", () => {
    const v = byId(edgeVpc());
    for (const id of EDGE_IDS) {
      assert.ok(v.get(id), id);
      assert.equal(v.get(id)!.pass, true, `${id}: ${v.get(id)!.reason}`);
      assert.match(v.get(id)!.cite ?? "", /^https:\/\/docs\.aws\.amazon\.com\/|^issue #12/);
    }
  });

  test("the model ports come from the mesh objects (a model server on 8080)", () => {
    const resources = [
      ...edgeVpc({ inferenceSg: [from(8080, { securityGroups: ["management-sg-id"] })] }),
      ...meshNamespace({ port: 8080 }),
    ];
    const v = byId(resources);
    assert.equal(v.get("gateway-to-model-8080")!.pass, true, v.get("gateway-to-model-8080")!.reason);
    assert.equal(v.has("gateway-to-model-8000"), false);
    assert.equal(v.get("ingress-to-inference-8080")!.verdict, "deny");
  });

  test("the old design (ingress tier straight to inference on 443) fails the edge cases", () => {
    const old = edgeVpc({
      managementSg: [],
      inferenceSg: [
        from(443, { securityGroups: ["ingress-sg-id"] }),
        from(8000, { securityGroups: ["management-sg-id"] }),
      ],
    });
    const failing = [...byId(old).values()]
      .filter((x) => !x.pass && EDGE_IDS.includes(x.id))
      .map((x) => x.id);
    assert.deepEqual(failing, ["lb-to-gateway-30443", "lb-to-gateway-30021"]);
    const opened = edgeVpc({
      inferenceSg: [
        from(443, { cidrBlocks: [TIERS.ingress] }),
        from(8000, { securityGroups: ["management-sg-id"] }),
      ],
    });
    const egressOpen = opened.map((r) =>
      r.urn.endsWith("::ingress-sg")
        ? sg("ingress-sg", [from(443, { cidrBlocks: ["0.0.0.0/0"] })], everywhere)
        : r,
    );
    const v = byId(egressOpen);
    assert.equal(v.get("ingress-to-inference-443")!.verdict, "allow");
    assert.equal(v.get("ingress-to-inference-443")!.pass, false);
  });

  test("a node port opened to the internet on the system nodes is still unreachable: nodes have no public address", () => {
    const v = byId(
      edgeVpc({
        managementSg: [
          from(30443, { cidrBlocks: ["0.0.0.0/0"] }),
          from(30021, { securityGroups: ["ingress-sg-id"] }),
        ],
      }),
    );
    assert.equal(v.get("internet-to-management-30443")!.verdict, "deny");
    assert.match(v.get("internet-to-management-30443")!.reason, /no public address/);
  });
});
