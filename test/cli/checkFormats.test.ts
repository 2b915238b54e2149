import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import Ajv from "ajv";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { BASIC, FIXTURES, json, pack, rampart, ROOT } from "./helpers";

/** The machine-readable outputs, validated against their schemas. */

/** The JSON report's documented shape (DESIGN.md, "The offline gate"), closed: no extra keys. */
const REPORT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["policyPacks", "resources", "violations", "notInspectable", "summary"],
  properties: {
    policyPacks: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "version"],
        properties: { name: { type: "string" }, version: { type: "string" } },
      },
    },
    resources: { type: "integer", minimum: 0 },
    violations: { $ref: "#/definitions/findings" },
    notInspectable: { $ref: "#/definitions/findings" },
    summary: {
      type: "object",
      additionalProperties: false,
      required: ["mandatory", "advisory", "notInspectable"],
      properties: {
        mandatory: { type: "integer" },
        advisory: { type: "integer" },
        notInspectable: { type: "integer" },
      },
    },
  },
  definitions: {
    findings: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["policyPack", "policy", "enforcementLevel", "urn", "type", "message"],
        properties: {
          policyPack: { type: "string" },
          policy: { type: "string" },
          enforcementLevel: { enum: ["mandatory", "advisory"] },
          urn: { type: "string" },
          type: { type: "string" },
          message: { type: "string" },
        },
      },
    },
  },
};

test("the JSON report matches its documented schema and its summary counts its violations", async () => {
  for (const p of ["levels", "throws"]) {
    const run = await rampart("check", "--export", BASIC, "--policy-pack", pack(p), "--format", "json");
    const report = json(run);
    const validate = new Ajv({ allErrors: true }).compile(REPORT_SCHEMA);
    assert.ok(validate(json(run)), JSON.stringify(validate.errors));
    const count = (level: string) =>
      report.violations.filter((x: { enforcementLevel: string }) => x.enforcementLevel === level).length;
    assert.deepEqual(report.summary, {
      mandatory: count("mandatory"),
      advisory: count("advisory"),
      notInspectable: report.notInspectable.length,
    });
  }
});

/**
 * The published SARIF 2.1.0 schema (draft-04), vendored: see test/fixtures/sarif/README.md. Its patterns
 * are ECMA-262 regexes without the "u" flag (one is invalid with it); its formats (uri, date-time) are
 * checked too.
 */
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, "sarif", "sarif-2.1.0-rtm.5.json"), "utf8"));
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

test("the SARIF report is valid SARIF 2.1.0, with rules from the pack and URNs as logical locations", async () => {
  const validate = sarifValidator();

  const run = await rampart("check", "--export", BASIC, "--policy-pack", pack("levels"), "--format", "sarif");
  assert.equal(run.code, 1);
  const log = json(run);
  assert.ok(validate(json(run)), JSON.stringify(validate.errors, null, 2));
  assert.equal(log.version, "2.1.0");
  assert.equal(log.runs.length, 1);
  const [sarifRun] = log.runs;

  // One rule per policy of the pack, at its configured level.
  assert.deepEqual(
    sarifRun.tool.driver.rules.map((r: any) => `${r.id} ${r.defaultConfiguration.level}`),
    [
      "fixture-no-public-bucket error",
      "fixture-bucket-tags warning",
      "fixture-bucket-max-size error",
      "fixture-bucket-encrypted error",
      "fixture-provider-region error",
      "fixture-db-options warning",
      "fixture-db-password warning",
      "fixture-stack-bucket-key error",
    ],
  );
  // One result per violation, pointing at its rule, with the URN as the logical location and the
  // export's line holding that URN as the physical one (GitHub code scanning requires one).
  const text = fs.readFileSync(path.join(ROOT, BASIC), "utf8").split("\n");
  assert.equal(sarifRun.results.length, 9);
  for (const r of sarifRun.results) {
    const rule = sarifRun.tool.driver.rules[r.ruleIndex];
    assert.equal(rule.id, r.ruleId);
    const [loc] = r.locations;
    const urn = loc.logicalLocations[0].fullyQualifiedName;
    assert.match(urn, /^urn:pulumi:dev::fixture::/);
    assert.equal(loc.physicalLocation.artifactLocation.uri, BASIC);
    assert.ok(text[loc.physicalLocation.region.startLine - 1]!.includes(`"urn": "${urn}"`), urn);
  }
  const untagged = sarifRun.results.filter(
    (r: any) => r.locations[0].logicalLocations[0].name === "untagged",
  );
  assert.deepEqual(untagged.map((r: any) => `${r.level} ${r.ruleId}`).sort(), [
    "error fixture-bucket-encrypted",
    "error fixture-bucket-max-size",
    "error fixture-provider-region",
    "error fixture-stack-bucket-key",
    "warning fixture-bucket-tags",
  ]);
});

test("policy errors appear in SARIF as error results and tool notifications", async () => {
  const validate = sarifValidator();
  const run = await rampart("check", "--export", BASIC, "--policy-pack", pack("throws"), "--format", "sarif");
  const log = json(run);
  assert.ok(validate(json(run)), JSON.stringify(validate.errors, null, 2));
  const notes = log.runs[0].invocations[0].toolExecutionNotifications.map((n: any) => n.descriptor.id);
  assert.deepEqual(notes, [
    "fixture-also-throws",
    "fixture-stack-throws",
    "fixture-throws-on-buckets",
    "fixture-throws-on-buckets",
  ]);
});
