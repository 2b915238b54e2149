import assert from "node:assert/strict";
import { test } from "node:test";
import { verifyFlows, type FlowCase } from "../../../cli/verify/network";
import { base, instance, res } from "./networkFixture";

const toInternet: FlowCase = {
  id: "out",
  from: { kind: "resource", name: "app-vm" },
  to: { kind: "internet" },
  protocol: "tcp",
  port: 443,
  expect: "allow",
  cite: "test",
};
const toS3: FlowCase = { ...toInternet, id: "s3", to: { kind: "gatewayEndpoint", service: "s3" } };
const igw = res("aws:ec2/internetGateway:InternetGateway", "igw", { vpcId: "vpc-id" });
const defaultRoute = (target: Record<string, string>) =>
  res("aws:ec2/route:Route", "app-default", {
    routeTableId: "app-rt-id",
    destinationCidrBlock: "0.0.0.0/0",
    ...target,
  });
const decisive = (v: {
  paths: readonly { hops: readonly { decision: string; layer: string; rule: string }[] }[];
}) => v.paths[0]!.hops.find((h) => h.decision !== "allow");

test("no route to the internet: denied, naming the route table", () => {
  const [v] = verifyFlows(base([igw]), [toInternet]);
  assert.equal(v!.verdict, "deny");
  assert.equal(decisive(v!)!.layer, "route");
  assert.match(decisive(v!)!.rule, /no route to 198\.51\.100\.10/);
});

test("a route to the internet gateway reaches the internet only from a public address", () => {
  const publicVm = instance("app-vm", "app", ["app-sg"], { associatePublicIpAddress: true });
  const [v] = verifyFlows(base([igw, defaultRoute({ gatewayId: "igw-id" }), publicVm]), [toInternet]);
  assert.equal(v!.verdict, "allow");
  assert.ok(v!.paths[0]!.hops.some((h) => h.layer === "route" && h.rule === "route 0.0.0.0/0 -> igw-id"));
  const [priv] = verifyFlows(base([igw, defaultRoute({ gatewayId: "igw-id" })]), [toInternet]);
  assert.equal(priv!.verdict, "deny");
  assert.match(decisive(priv!)!.rule, /no public IPv4 address/);
});

test("inline routes on the route table and a NAT gateway in a public subnet give private subnets the internet", () => {
  const resources = base([
    igw,
    res("aws:ec2/subnet:Subnet", "pub", { vpcId: "vpc-id", cidrBlock: "10.0.9.0/24" }),
    res("aws:ec2/routeTable:RouteTable", "pub-rt", {
      vpcId: "vpc-id",
      routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-id" }],
    }),
    res("aws:ec2/routeTableAssociation:RouteTableAssociation", "pub-rta", {
      subnetId: "pub-id",
      routeTableId: "pub-rt-id",
    }),
    res("aws:ec2/natGateway:NatGateway", "nat", { subnetId: "pub-id", connectivityType: "public" }),
    res("aws:ec2/routeTable:RouteTable", "app-rt", {
      vpcId: "vpc-id",
      routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-id" }],
    }),
  ]);
  const [v] = verifyFlows(resources, [toInternet]);
  assert.equal(v!.verdict, "allow", v!.reason);
  // The subnet without a NACL of its own falls back to the VPC's default NACL (open): the reply reaches
  // the NAT gateway on its ports 1024-65535, then the instance on its ephemeral ports.
  assert.ok(v!.paths[0]!.hops.some((h) => h.direction === "reply" && /1024-65535/.test(h.rule)));
});

test("the longest prefix wins: a /24 to a peering connection beats the local /16 (beyond it: undecidable)", () => {
  const peer = res("aws:ec2/route:Route", "db-via-peer", {
    routeTableId: "app-rt-id",
    destinationCidrBlock: "10.0.2.0/24",
    vpcPeeringConnectionId: "pcx-1",
  });
  const toDb: FlowCase = { ...toInternet, id: "db", to: { kind: "resource", name: "db-vm" }, port: 5432 };
  const [v] = verifyFlows(base([peer]), [toDb]);
  assert.equal(v!.verdict, "undecidable");
  assert.match(v!.reason, /leaves the VPC through pcx-1/);
});

test("a gateway endpoint is used only by the route tables it is associated with", () => {
  const endpoint = (routeTableIds: string[]) =>
    res("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", {
      vpcId: "vpc-id",
      serviceName: "com.amazonaws.us-east-1.s3",
      vpcEndpointType: "Gateway",
      prefixListId: "pl-s3",
      routeTableIds,
    });
  const [used] = verifyFlows(base([endpoint(["app-rt-id"])]), [toS3]);
  assert.equal(used!.verdict, "allow");
  assert.ok(
    used!.paths[0]!.hops.some(
      (h) => h.layer === "route" && /pl-s3 \(com\.amazonaws\.us-east-1\.s3\) -> s3/.test(h.rule),
    ),
  );
  const [unused] = verifyFlows(base([endpoint(["db-rt-id"])]), [toS3]);
  assert.equal(unused!.verdict, "deny");
  // Through the internet gateway instead, S3 is reached, but not through the endpoint the case names.
  const publicVm = instance("app-vm", "app", ["app-sg"], { associatePublicIpAddress: true });
  const [viaIgw] = verifyFlows(
    base([endpoint(["db-rt-id"]), igw, defaultRoute({ gatewayId: "igw-id" }), publicVm]),
    [toS3],
  );
  assert.equal(viaIgw!.verdict, "deny");
  assert.match(viaIgw!.reason, /does not use the gateway endpoint/);
  // A separate VpcEndpointRouteTableAssociation counts like routeTableIds.
  const assoc = res("aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation", "s3-app", {
    vpcEndpointId: "s3-id",
    routeTableId: "app-rt-id",
  });
  assert.equal(verifyFlows(base([endpoint([]), assoc]), [toS3])[0]!.verdict, "allow");
});

test("a security group admits the gateway endpoint's prefix list, and a private CIDR rule does not cover it", () => {
  const ep = res("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", {
    vpcId: "vpc-id",
    serviceName: "com.amazonaws.us-east-1.s3",
    vpcEndpointType: "Gateway",
    prefixListId: "pl-s3",
    routeTableIds: ["app-rt-id"],
  });
  const egress = (rule: Record<string, unknown>) =>
    res("aws:ec2/securityGroup:SecurityGroup", "app-sg", {
      vpcId: "vpc-id",
      ingress: [],
      egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, ...rule }],
    });
  assert.equal(verifyFlows(base([ep, egress({ prefixListIds: ["pl-s3"] })]), [toS3])[0]!.verdict, "allow");
  assert.equal(verifyFlows(base([ep, egress({ cidrBlocks: ["10.0.0.0/8"] })]), [toS3])[0]!.verdict, "deny");
  assert.equal(
    verifyFlows(base([ep, egress({ cidrBlocks: ["52.216.0.0/15"] })]), [toS3])[0]!.verdict,
    "undecidable",
  );
});
