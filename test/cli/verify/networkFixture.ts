/**
 * Small hand-built exports for the reachability evaluator: one VPC (10.0.0.0/16), an `app` subnet
 * (10.0.1.0/24) and a `db` subnet (10.0.2.0/24), each with its own route table, NACL and an instance.
 * Tests add or replace the resources that make the case.
 */
import type { ExportResource, FlowCase } from "../../../cli/verify/network";

export function res(
  type: string,
  name: string,
  outputs: Record<string, unknown>,
  id = `${name}-id`,
): ExportResource {
  return { urn: `urn:pulumi:test::net::${type}::${name}`, type, id, outputs };
}

export const allowAll = (ruleNo = 100) => ({
  ruleNo,
  action: "allow",
  protocol: "-1",
  cidrBlock: "0.0.0.0/0",
  fromPort: 0,
  toPort: 0,
});
export const rule = (
  ruleNo: number,
  action: "allow" | "deny",
  cidrBlock: string,
  fromPort: number,
  toPort = fromPort,
  protocol = "tcp",
) => ({
  ruleNo,
  action,
  protocol,
  cidrBlock,
  fromPort,
  toPort,
});

export function nacl(name: string, subnet: string, ingress: unknown[], egress: unknown[]): ExportResource {
  return res("aws:ec2/networkAcl:NetworkAcl", name, {
    vpcId: "vpc-id",
    subnetIds: [`${subnet}-id`],
    ingress,
    egress,
  });
}

export function sg(
  name: string,
  ingress: unknown[] = [],
  egress: unknown[] = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
) {
  return res("aws:ec2/securityGroup:SecurityGroup", name, { vpcId: "vpc-id", ingress, egress });
}

export function instance(
  name: string,
  subnet: string,
  groups: string[],
  extra: Record<string, unknown> = {},
) {
  return res("aws:ec2/instance:Instance", name, {
    subnetId: `${subnet}-id`,
    vpcSecurityGroupIds: groups.map((g) => `${g}-id`),
    ...extra,
  });
}

/** The base network: VPC, two subnets with route tables (local only), open NACLs and open groups. */
export function base(overrides: ExportResource[] = []): ExportResource[] {
  const list: ExportResource[] = [
    res("aws:ec2/vpc:Vpc", "vpc", {
      cidrBlock: "10.0.0.0/16",
      mainRouteTableId: "main-rtb",
      defaultNetworkAclId: "default-nacl",
    }),
    res("aws:ec2/subnet:Subnet", "app", {
      vpcId: "vpc-id",
      cidrBlock: "10.0.1.0/24",
      tags: { "rampart:tier": "app" },
    }),
    res("aws:ec2/subnet:Subnet", "db", {
      vpcId: "vpc-id",
      cidrBlock: "10.0.2.0/24",
      tags: { "rampart:tier": "db" },
    }),
    res("aws:ec2/routeTable:RouteTable", "app-rt", { vpcId: "vpc-id" }),
    res("aws:ec2/routeTable:RouteTable", "db-rt", { vpcId: "vpc-id" }),
    res("aws:ec2/routeTableAssociation:RouteTableAssociation", "app-rta", {
      subnetId: "app-id",
      routeTableId: "app-rt-id",
    }),
    res("aws:ec2/routeTableAssociation:RouteTableAssociation", "db-rta", {
      subnetId: "db-id",
      routeTableId: "db-rt-id",
    }),
    nacl("app-nacl", "app", [allowAll()], [allowAll()]),
    nacl("db-nacl", "db", [allowAll()], [allowAll()]),
    sg("app-sg"),
    sg("db-sg", [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.1.0/24"] }]),
    instance("app-vm", "app", ["app-sg"]),
    instance("db-vm", "db", ["db-sg"]),
  ];
  const names = new Set(overrides.map((r) => r.urn));
  return [...list.filter((r) => !names.has(r.urn)), ...overrides];
}

export const appToDb = (port = 5432, extra: Partial<FlowCase> = {}): FlowCase => ({
  id: `app-to-db-${port}`,
  from: { kind: "resource", name: "app-vm" },
  to: { kind: "resource", name: "db-vm" },
  protocol: "tcp",
  port,
  expect: "allow",
  cite: "test",
  ...extra,
});
