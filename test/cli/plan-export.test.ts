import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import YAML from "yaml";
import type { StackExport } from "../../cli/export";
import { rampart, ROOT, STACK_FRAME, tempDir } from "../helpers/cli";

const tmp = tempDir("rampart-plan-");

describe("rampart plan --export-out", () => {
  const file = path.join(tmp, "prod.json");
  const run = rampart(["plan", "--stack", "prod", "--export-out", file]);

  test("exits with the gate's verdict and prints the tree grouped by component", () => {
    // 1 exactly when the policy check or verify (both end with a PASS/FAIL line) failed.
    assert.equal(run.code, /^FAIL: /m.test(run.stdout) ? 1 : 0, run.stderr);
    assert.match(run.stdout, /^rampart-prod \(pulumi:pulumi:Stack\) — \d+ resources$/m);
  });

  test("the tree, the export and the check give counts that add up, and say why they differ", () => {
    const m =
      /^(\d+) resources in (\d+) components; the export holds (\d+) entries \(those, the stack and (\d+) default providers?\); check analyzes (\d+): every entry but the (\d+) providers?$/m.exec(
        run.stdout,
      );
    assert.ok(m, run.stdout.split("\n").slice(-30).join("\n"));
    const [custom, components, entries, defaults, analyzed, providers] = m.slice(1, 7).map(Number);
    assert.equal(entries, resources.length, "the export file's entries");
    assert.equal(custom! + components! + 1 + defaults!, entries);
    assert.equal(providers, resources.filter((r) => r.type.startsWith("pulumi:providers:")).length);
    assert.equal(analyzed, entries - providers);
    assert.match(run.stdout, new RegExp(` in ${analyzed} resources checked by `), "the check's own count");
  });

  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as StackExport;
  const resources = doc.deployment.resources;
  const byUrn = new Map(resources.map((r) => [r.urn, r]));

  test("is a deployment version 3 document with the stack first", () => {
    assert.equal(doc.version, 3);
    assert.equal(resources[0]?.type, "pulumi:pulumi:Stack");
    assert.equal(resources[0]?.urn, "urn:pulumi:prod::rampart::pulumi:pulumi:Stack::rampart-prod");
    assert.ok(resources.length > 20, `expected the platform's resources, got ${resources.length}`);
  });

  test("every resource but the stack has urn, type, custom, inputs and an existing parent", () => {
    for (const r of resources.slice(1)) {
      assert.match(r.urn, /^urn:pulumi:prod::rampart::/, r.urn);
      assert.equal(typeof r.type, "string");
      assert.equal(typeof r.custom, "boolean");
      assert.equal(typeof r.inputs, "object");
      if (r.type.startsWith("pulumi:providers:") && !r.parent) continue; // default providers are roots
      assert.ok(r.parent && byUrn.has(r.parent), `${r.urn} has parent ${String(r.parent)}`);
    }
  });

  test("every custom resource references a provider in the document, and lists its dependencies", () => {
    for (const r of resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers:"))) {
      assert.ok(r.provider, `${r.urn} has no provider`);
      const [urn, id] = [
        r.provider.slice(0, r.provider.lastIndexOf("::")),
        r.provider.slice(r.provider.lastIndexOf("::") + 2),
      ];
      const provider = byUrn.get(urn);
      assert.ok(provider, `${r.urn}: provider ${urn} is not in the export`);
      assert.equal(provider.id, id);
      assert.ok(Array.isArray(r.dependencies), `${r.urn} has no dependencies array`);
      for (const d of r.dependencies ?? []) assert.ok(byUrn.has(d), `${r.urn} depends on missing ${d}`);
    }
  });

  test("the AWS default provider carries the stack's region, as the engine would configure it", () => {
    const aws = resources.find((r) => r.type === "pulumi:providers:aws");
    assert.ok(aws);
    assert.equal(aws.inputs.region, "us-east-1");
    assert.match(aws.urn, /::pulumi:providers:aws::default_7_\d+_\d+$/);
  });
});

describe("rampart plan refuses bad input with one clear message and exit 2", () => {
  test("invalid config: every problem listed, nothing else, no stack trace", () => {
    const config = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"));
    config.config["rampart:network"].cidr = "10.50.0.0/33";
    config.config["rampart:protect"] = false;
    const file = path.join(tmp, "bad.yaml");
    fs.writeFileSync(file, YAML.stringify(config));
    const run = rampart(["plan", "--stack", "prod", "--config", file]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      "rampart: invalid configuration (2 problems):\n" +
        '  - rampart:network.cidr: "10.50.0.0/33" is not a valid IPv4 CIDR (expected a.b.c.d/n with n from 0 to 32)\n' +
        "  - rampart:protect: false must be true in prod (stateful resources are protected from destroy)\n",
    );
  });

  test("a missing config file", () => {
    const run = rampart(["plan", "--stack", "qa"]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `rampart: cannot read stack config ${path.join(ROOT, "Pulumi.qa.yaml")}: ENOENT\n`,
    );
  });

  test("a config file that is not YAML", () => {
    const file = path.join(tmp, "broken.yaml");
    fs.writeFileSync(file, "config: [unclosed\n");
    const run = rampart(["plan", "--stack", "dev", "--config", file]);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      new RegExp(`^rampart: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not valid YAML: .+\n$`),
    );
  });

  test("no --stack", () => {
    const run = rampart(["plan"]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "rampart: plan: --stack is required (e.g. --stack dev)\n");
  });

  test("an unknown option", () => {
    const run = rampart(["plan", "--stack", "dev", "--stak", "x"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^rampart: plan: Unknown option '--stak'.*\n$/);
    assert.doesNotMatch(run.stderr, STACK_FRAME);
  });

  test("an unknown command", () => {
    const run = rampart(["deploy"]);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^rampart: unknown command "deploy" \(expected plan, check, verify or model\)\n/,
    );
  });
});
