import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { IPv4CidrRange } from "ip-num";
import {
  contains,
  overlaps,
  planSubnets,
  type PlannedSubnet,
  type SubnetPlanInput,
  type Tier,
  TIERS,
  tierBlocks,
} from "../../../components/network/subnetPlan";

/** Pure allocation: properties over random VPCs, zone counts and tier sizes; then pinned layouts. */

const size = (cidr: string) => IPv4CidrRange.fromCidr(cidr).getSize();

const planInput = fc
  .record({
    octet: fc.integer({ min: 0, max: 255 }),
    vpcPrefix: fc.integer({ min: 12, max: 24 }),
    zones: fc.integer({ min: 1, max: 6 }),
    prefixes: fc.tuple(...TIERS.map(() => fc.integer({ min: 16, max: 28 }))),
    present: fc.tuple(...TIERS.map(() => fc.boolean())),
  })
  .map(({ octet, vpcPrefix, zones, prefixes, present }): SubnetPlanInput => {
    const base = IPv4CidrRange.fromCidr(`10.${octet}.0.0/${vpcPrefix}`);
    const vpcCidr = `${base.getFirst().toString()}/${vpcPrefix}`;
    const tiers: SubnetPlanInput["tiers"] = {};
    TIERS.forEach((t, i) => {
      if (present[i] || i === 0) tiers[t] = { prefixLength: Math.max(prefixes[i]!, vpcPrefix) };
    });
    return { vpcCidr, zones: Array.from({ length: zones }, (_, i) => `zone-${i}`), tiers };
  });

describe("planSubnets properties", () => {
  test("a plan that succeeds puts every tier in every zone, inside the VPC, disjoint, at the asked size", () => {
    fc.assert(
      fc.property(planInput, (input) => {
        const plan = planSubnets(input);
        if (!plan.ok) return;
        const tiers = Object.keys(input.tiers) as Tier[];
        assert.equal(plan.subnets.length, tiers.length * input.zones.length);
        for (const tier of tiers) {
          for (const [zoneIndex, zone] of input.zones.entries()) {
            const found: PlannedSubnet[] = plan.subnets.filter((s) => s.tier === tier && s.zone === zone);
            assert.equal(found.length, 1, `${tier}@${zone}`);
            assert.equal(found[0]!.zoneIndex, zoneIndex);
            assert.equal(found[0]!.cidr.split("/")[1], String(input.tiers[tier]!.prefixLength));
          }
        }
        for (const [i, s] of plan.subnets.entries()) {
          assert.ok(contains(input.vpcCidr, s.cidr), `${s.cidr} outside ${input.vpcCidr}`);
          assert.ok(contains(s.tierBlock, s.cidr), `${s.cidr} outside its block ${s.tierBlock}`);
          for (const o of plan.subnets.slice(0, i))
            assert.ok(!overlaps(o.cidr, s.cidr), `${o.cidr} / ${s.cidr}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("each prefix-length tier is one aligned block that no other tier's subnet touches", () => {
    fc.assert(
      fc.property(planInput, (input) => {
        const plan = planSubnets(input);
        if (!plan.ok) return;
        const blocks = tierBlocks(plan.subnets);
        for (const [tier, list] of Object.entries(blocks)) {
          assert.equal(list.length, 1, `${tier} has ${list.length} blocks`);
          assert.ok(contains(input.vpcCidr, list[0]!));
          for (const s of plan.subnets.filter((x) => x.tier !== tier)) assert.ok(!overlaps(list[0]!, s.cidr));
        }
      }),
      { numRuns: 300 },
    );
  });

  test("a plan succeeds exactly when the tier blocks fit the VPC (largest-first packing never fragments)", () => {
    fc.assert(
      fc.property(planInput, (input) => {
        const plan = planSubnets(input);
        const slots = 2 ** Math.ceil(Math.log2(input.zones.length));
        const needed = Object.values(input.tiers).reduce(
          (n, t) => n + BigInt(slots * 2 ** (32 - t.prefixLength!)),
          0n,
        );
        assert.equal(plan.ok, needed <= size(input.vpcCidr), `needed ${needed}, VPC ${input.vpcCidr}`);
        if (!plan.ok) {
          for (const p of plan.problems) {
            assert.deepEqual(p.path.slice(0, 1), ["tiers"]);
            assert.match(
              p.message,
              new RegExp(`the tiers need ${needed} across ${input.zones.length} zones`),
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test("the plan does not depend on the order the tiers are written in", () => {
    fc.assert(
      fc.property(planInput, (input) => {
        const reversed = { ...input, tiers: Object.fromEntries(Object.entries(input.tiers).reverse()) };
        assert.deepEqual(planSubnets(reversed), planSubnets(input));
      }),
      { numRuns: 100 },
    );
  });

  test("explicit CIDRs are kept as given; auto tiers are packed around them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), (slot) => {
        const pinned = [`10.0.${slot * 16}.0/24`, `10.0.${slot * 16 + 1}.0/24`];
        const plan = planSubnets({
          vpcCidr: "10.0.0.0/16",
          zones: ["a", "b"],
          tiers: { data: { cidrs: pinned }, inference: { prefixLength: 20 }, logging: { prefixLength: 24 } },
        });
        assert.ok(plan.ok);
        assert.deepEqual(
          plan.subnets.filter((s) => s.tier === "data").map((s) => [s.cidr, s.tierBlock]),
          pinned.map((c) => [c, c]),
        );
        for (const s of plan.subnets.filter((x) => x.tier !== "data")) {
          for (const c of pinned) assert.ok(!overlaps(c, s.cidr));
        }
      }),
    );
  });
});

describe("planSubnets layouts", () => {
  const DEFAULTS = {
    ingress: { prefixLength: 24 },
    inference: { prefixLength: 20 },
    management: { prefixLength: 21 },
    data: { prefixLength: 23 },
    logging: { prefixLength: 24 },
    firewall: { prefixLength: 28 },
  } as const;

  test("three zones: each tier block holds four zone slots, the fourth left for a later zone", () => {
    const plan = planSubnets({ vpcCidr: "10.50.0.0/16", zones: ["a", "b", "c"], tiers: DEFAULTS });
    assert.ok(plan.ok);
    assert.deepEqual(tierBlocks(plan.subnets), {
      ingress: ["10.50.104.0/22"],
      inference: ["10.50.0.0/18"],
      management: ["10.50.64.0/19"],
      data: ["10.50.96.0/21"],
      logging: ["10.50.108.0/22"],
      firewall: ["10.50.112.0/26"],
    });
    assert.deepEqual(
      plan.subnets.filter((s) => s.tier === "inference").map((s) => s.cidr),
      ["10.50.0.0/20", "10.50.16.0/20", "10.50.32.0/20"],
    );
  });

  test("a VPC too small for the tiers reports the first tier that does not fit", () => {
    const plan = planSubnets({ vpcCidr: "10.40.0.0/20", zones: ["a", "b"], tiers: DEFAULTS });
    assert.ok(!plan.ok);
    assert.deepEqual(plan.problems, [
      {
        path: ["tiers", "inference", "prefixLength"],
        value: 20,
        message:
          "does not fit: the VPC 10.40.0.0/20 has 4096 addresses and the tiers need 14368 across 2 zones (use a larger VPC CIDR or longer tier prefixes)",
      },
    ]);
  });

  test("an explicit CIDR outside the VPC and one overlapping another are both reported", () => {
    const plan = planSubnets({
      vpcCidr: "10.0.0.0/16",
      zones: ["a", "b"],
      tiers: {
        data: { cidrs: ["10.0.0.0/24", "10.1.0.0/24"] },
        logging: { cidrs: ["10.0.0.128/25", "10.0.2.0/24"] },
      },
    });
    assert.ok(!plan.ok);
    assert.deepEqual(
      plan.problems.map((p) => `${p.path.join(".")}: ${String(p.value)} ${p.message}`),
      [
        "tiers.data.cidrs.1: 10.1.0.0/24 is outside the VPC CIDR 10.0.0.0/16",
        "tiers.logging.cidrs.0: 10.0.0.128/25 overlaps tiers.data.cidrs[0] (10.0.0.0/24)",
      ],
    );
  });
});
