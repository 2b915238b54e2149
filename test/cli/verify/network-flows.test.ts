import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { parseFlowCases, verifyFlows, type FlowCase } from "../../../cli/verify/network";
import { domainMatches } from "../../../cli/verify/network/firewall";
import { allowAll, base, nacl, res } from "./networkFixture";

const valid = {
  id: "a",
  from: { kind: "subnets", subnets: { tags: { "rampart:tier": "app" } }, securityGroups: ["app-sg"] },
  to: { kind: "resource", name: "db-vm" },
  protocol: "tcp",
  port: 5432,
  expect: "allow",
  cite: "https://example.com/doc",
};

test("parseFlowCases reads a list or {flows: [...]} and keeps every field", () => {
  assert.deepEqual(parseFlowCases([valid]), [valid]);
  assert.deepEqual(parseFlowCases({ flows: [{ ...valid, layers: ["nacl"] }] })[0]!.layers, ["nacl"]);
});

test("parseFlowCases names the bad field, the value and what was expected", () => {
  const cases: [unknown, RegExp][] = [
    [{ flows: "x" }, /^flows: "x" is not valid; expected an array of flow cases/],
    [
      [{ ...valid, port: 70000 }],
      /^flows\[0\]\.port: 70000 is not valid; expected an integer from 0 to 65535$/,
    ],
    [
      [{ ...valid, protocol: "icmp" }],
      /^flows\[0\]\.protocol: "icmp" is not valid; expected "tcp" or "udp"$/,
    ],
    [[{ ...valid, expect: "maybe" }], /^flows\[0\]\.expect: "maybe"/],
    [
      [{ ...valid, cite: undefined }],
      /^flows\[0\]\.cite: missing is not valid; expected a non-empty string$/,
    ],
    [
      [{ ...valid, to: { kind: "subnet" } }],
      /^flows\[0\]\.to\.kind: "subnet" is not valid; expected one of subnets, cidr/,
    ],
    [
      [{ ...valid, to: { kind: "cidr", cidr: "10.0.0.0/33" } }],
      /^flows\[0\]\.to\.cidr: "10\.0\.0\.0\/33" is not valid; expected an IPv4 CIDR/,
    ],
    [
      [{ ...valid, from: { kind: "subnets", subnets: {} } }],
      /^flows\[0\]\.from\.subnets: \{\} is not valid; expected at least one of tags, names$/,
    ],
    [
      [{ ...valid, layers: ["routes"] }],
      /^flows\[0\]\.layers: \["routes"\] is not valid; expected a non-empty subset of sg, nacl, firewall$/,
    ],
    [[valid, valid], /^flows\[1\]\.id: "a" is not valid; expected an id no other case uses$/],
  ];
  for (const [json, message] of cases) assert.throws(() => parseFlowCases(json), { message });
  // A forbidden flow needs no citation.
  assert.equal(parseFlowCases([{ ...valid, expect: "deny", cite: undefined }])[0]!.expect, "deny");
});

const flow = (extra: Partial<FlowCase>): FlowCase => ({
  ...(parseFlowCases([valid])[0] as FlowCase),
  ...extra,
});

test("what the evaluator cannot decide is a failure, whatever was expected", () => {
  const nothing = verifyFlows(base(), [
    flow({ to: { kind: "eksControlPlane" } }),
    flow({ expect: "deny", to: { kind: "eksControlPlane" } }),
  ]);
  for (const v of nothing) {
    assert.equal(v.verdict, "undecidable");
    assert.equal(v.pass, false);
    assert.match(v.reason, /^to: EKS control plane matches nothing in the export$/);
  }
  const unknown = base([
    res("aws:ec2/routeTable:RouteTable", "db-rt", {
      vpcId: "vpc-id",
      routes: [{ cidrBlock: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", gatewayId: "igw-1" }],
    }),
  ]);
  const [u] = verifyFlows(unknown, [flow({ expect: "deny" })]);
  assert.equal(u!.verdict, "undecidable");
  assert.match(u!.reason, /db-rt: has values unknown until apply/);
  const eniRoute = base([
    res("aws:ec2/route:Route", "via-appliance", {
      routeTableId: "app-rt-id",
      destinationCidrBlock: "10.0.2.0/24",
      networkInterfaceId: "eni-1",
    }),
  ]);
  const [e] = verifyFlows(eniRoute, [flow({})]);
  assert.equal(e!.verdict, "undecidable");
  assert.match(e!.reason, /route target eni-1 is not modelled/);
});

test("an external network reaches the VPC only if the NACL admits it and a route leads back", () => {
  const fromOps = flow({ from: { kind: "cidr", cidr: "192.168.10.0/24" } });
  const resources = base([
    res("aws:ec2/securityGroup:SecurityGroup", "db-sg", {
      vpcId: "vpc-id",
      ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["192.168.10.0/24"] }],
      egress: [],
    }),
  ]);
  const [noRoute] = verifyFlows(resources, [fromOps]);
  assert.equal(noRoute!.verdict, "deny");
  assert.match(noRoute!.reason, /reply route db-rt: no route to 192\.168\.10\.0\/24/);
  const tgw = res("aws:ec2/route:Route", "db-to-ops", {
    routeTableId: "db-rt-id",
    destinationCidrBlock: "192.168.0.0/16",
    transitGatewayId: "tgw-1",
  });
  const [ok] = verifyFlows([...resources, tgw], [fromOps]);
  assert.equal(ok!.verdict, "allow", ok!.reason);
  const closed = nacl(
    "db-nacl",
    "db",
    [{ ruleNo: 100, action: "allow", protocol: "tcp", cidrBlock: "10.0.0.0/16", fromPort: 0, toPort: 65535 }],
    [allowAll()],
  );
  assert.equal(verifyFlows([...base([closed]), tgw], [fromOps])[0]!.verdict, "deny");
});

test("a cidr endpoint inside the VPC is refused: name the subnets instead", () => {
  const [v] = verifyFlows(base(), [flow({ from: { kind: "cidr", cidr: "10.0.1.0/24" } })]);
  assert.match(v!.reason, /^from: cidr 10\.0\.1\.0\/24 is inside the VPC; name its subnets instead$/);
});

test("Network Firewall domain targets: a leading dot matches the domain and its subdomains", () => {
  assert.ok(domainMatches(".huggingface.co", "huggingface.co"));
  assert.ok(domainMatches(".huggingface.co", "cdn-lfs.huggingface.co"));
  assert.ok(!domainMatches(".huggingface.co", "nothuggingface.co"));
  assert.ok(domainMatches("huggingface.co", "HuggingFace.co."));
  assert.ok(!domainMatches("huggingface.co", "cdn.huggingface.co"));
});

test("the example in FLOWS.md is valid flow data", () => {
  const md = fs.readFileSync(path.join(__dirname, "../../../cli/verify/FLOWS.md"), "utf8");
  const block = /```json\n([\s\S]*?)```/.exec(md)?.[1];
  assert.ok(block, "FLOWS.md has a json example");
  const cases = parseFlowCases(JSON.parse(block));
  assert.deepEqual(
    cases.map((c) => [c.id, c.expect]),
    [
      ["inference-nodes-to-api", "allow"],
      ["nacl-data-to-management-8080", "deny"],
    ],
  );
});
