import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { type Policy, policyTypes } from "../../policy-pack/lib/policy";
import { policies } from "../../policy-pack/policies";
import { UNKNOWN, validate, validateStack } from "./helpers/policyHarness";

/**
 * Every registered policy (both halves of the pack), fed random, partial and unknown-valued properties
 * of each resource type it inspects: none may throw anything but the policy SDK's unknown-value error
 * (which the server turns into an advisory "can't run during preview" note).
 */

import { UnknownValueError } from "../../policy-pack/lib/sdk/policyInternals";

/** Property names the policies read, harvested from their sources, so random objects hit real keys. */
function vocabulary(): string[] {
  const words = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules") walk(p);
      } else if (e.name.endsWith(".ts")) {
        const src = fs.readFileSync(p, "utf8");
        for (const m of src.matchAll(/\.([a-zA-Z_][a-zA-Z0-9_]*)/g)) words.add(m[1]!);
        for (const m of src.matchAll(/"([a-zA-Z_][a-zA-Z0-9_.:/-]*)"/g)) words.add(m[1]!);
      }
    }
  };
  walk(path.resolve(__dirname, "../../policy-pack"));
  return [...words].filter((w) => w.length < 60).sort();
}

const KEYS = vocabulary();
const SPECIAL = [
  "*",
  "*:*",
  "0.0.0.0/0",
  "::/0",
  "10.0.0.0/8",
  "-1",
  "all",
  "tcp",
  "udp",
  "6",
  "true",
  "false",
  "Enabled",
  "Allow",
  "Deny",
  "HTTP",
  "HTTPS",
  "TLS",
  "redirect",
  "aws:kms",
  "AES256",
  "KMS",
  "required",
  "optional",
  "ingress",
  "egress",
  "admin",
  "models",
  "logs",
  "secrets",
  "latest",
  "nginx:latest",
  "privileged",
  JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*", Principal: "*" }] }),
  JSON.stringify({
    Statement: {
      Effect: "Allow",
      NotAction: "iam:*",
      Resource: ["*"],
      Principal: { AWS: ["*"] },
      Condition: {},
    },
  }),
  "{not json",
];

const unknownValue = fc.constantFrom(...Object.values(UNKNOWN));
const primitive = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -2, max: 70000 }),
  fc.boolean(),
  fc.constantFrom(null, undefined, 0, 22, 443, 3389, 65535, Number.NaN),
  unknownValue,
);
const { value } = fc.letrec<{ value: unknown; obj: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    primitive,
    tie("obj"),
    fc.array(tie("value"), { maxLength: 4 }),
  ),
  obj: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 5 })), tie("value"), {
    maxKeys: 6,
  }),
}));
const props = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 10 });

/** Every type any policy records: the input for policies that record none (hand-built stack policies). */
const ALL_TYPES = [
  ...new Set(
    policies.flatMap((p) => {
      const t = policyTypes(p);
      return Array.isArray(t) ? t : [];
    }),
  ),
].sort();

function typesFor(policy: Policy): string[] {
  const t = policyTypes(policy);
  if (Array.isArray(t)) return [...t];
  if (typeof t === "function") return ALL_TYPES.filter(t);
  return ALL_TYPES;
}

const tolerated = (err: unknown) => err instanceof UnknownValueError;
const RUNS = Number(process.env.RAMPART_NOTHROW_RUNS ?? 150);

for (const policy of policies) {
  const types = typesFor(policy);
  test(`${policy.name} never throws on random, partial or unknown ${"validateStack" in policy ? "stacks" : "resources"}`, async () => {
    assert.ok(types.length > 0, "the policy inspects no type");
    const config = fc.constantFrom<Record<string, unknown>>(
      {},
      { minimumDays: 1 },
      { adminPorts: [22] },
      { allowExclusions: true },
    );
    if ("validateStack" in policy) {
      const resource = fc.record({
        type: fc.constantFrom(...types),
        name: fc.constantFrom("a", "b", "c"),
        props,
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(resource, { maxLength: 6 }),
          fc.array(fc.nat(), { maxLength: 6 }),
          config,
          async (rs, deps, cfg) => {
            const stack = rs.map((r, i) => ({ ...r, urn: `urn:pulumi:t::p::${r.type}::${r.name}${i}` }));
            const wired = stack.map((r, i) => ({
              ...r,
              dependencyUrns: deps
                .filter((d) => d % stack.length !== i)
                .map((d) => stack[d % stack.length]!.urn),
            }));
            try {
              await validateStack(policy, wired, cfg);
            } catch (err) {
              if (!tolerated(err)) throw err;
            }
          },
        ),
        { numRuns: RUNS },
      );
    } else {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...types), props, config, async (type, p, cfg) => {
          try {
            await validate(policy, { type, props: p }, cfg);
          } catch (err) {
            if (!tolerated(err)) throw err;
          }
        }),
        { numRuns: RUNS },
      );
    }
  });
}
