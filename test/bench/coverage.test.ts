import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { detailTable, FORM_KINDS, formTable, stackLevel, summaryTable, verdicts } from "../../bench/coverage";
import { FIXTURE_DIR, FLAWS, fixtureFiles, indexOf, urnOf } from "../../bench/coverage/fixtures";
import type { CheckReport, Finding } from "../../cli/check/model";
import { catalogRefProblem } from "../../policy-pack/lib/catalog";

const AWS_DIR = path.dirname(require.resolve("@pulumi/aws/package.json"));

/** Every `aws:` type token @pulumi/aws registers (own or alias), with the .d.ts that declares its args. */
function awsTypes(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && e.name !== "types") walk(p);
      } else if (e.name.endsWith(".js")) {
        const text = fs.readFileSync(p, "utf8");
        for (const m of text.matchAll(/["'](aws:[a-zA-Z0-9]+\/[a-zA-Z0-9]+:[A-Za-z0-9]+)["']/g)) {
          if (!out.has(m[1]!) || text.includes(`__pulumiType = '${m[1]}'`))
            out.set(m[1]!, p.replace(/\.js$/, ".d.ts"));
        }
      }
    }
  };
  walk(AWS_DIR);
  return out;
}

/** The property names of the `<X>Args` interface a resource's .d.ts declares. */
function argNames(dts: string): Set<string> {
  const text = fs.readFileSync(dts, "utf8");
  const body = /^export interface \w+Args \{\n([\s\S]*?)^\}/m.exec(text)?.[1] ?? "";
  return new Set([...body.matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]!));
}

describe("coverage fixtures", () => {
  it("are what bench/coverage/fixtures.ts generates (regenerate them after changing a flaw)", async () => {
    const files = await fixtureFiles();
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(FIXTURE_DIR, name);
      assert.ok(fs.existsSync(file), `${name} missing: run node --import tsx bench/coverage/fixtures.ts`);
      assert.equal(
        fs.readFileSync(file, "utf8"),
        text,
        `${name} is stale: run node --import tsx bench/coverage/fixtures.ts`,
      );
    }
  });

  it("name every flaw once, each with a valid catalog reference, an area and a form", () => {
    assert.ok(FLAWS.length >= 60, `${FLAWS.length} flaws`);
    assert.equal(new Set(FLAWS.map((f) => f.id)).size, FLAWS.length);
    for (const f of FLAWS) {
      assert.match(f.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(f.area && f.form, f.id);
      assert.ok(f.catalog.length > 0, `${f.id} cites no catalog check`);
      for (const ref of f.catalog) assert.equal(catalogRefProblem(ref), undefined, `${f.id}: ${ref}`);
    }
  });

  it("differ between GOOD and BAD, with unique resource roles in each", () => {
    for (const f of FLAWS) {
      assert.notDeepEqual(f.good, f.bad, f.id);
      for (const set of [f.good, f.bad]) {
        assert.equal(new Set(set.map((r) => r.role)).size, set.length, `${f.id}: a role twice`);
      }
    }
  });

  it("use type tokens and top-level property names @pulumi/aws declares", () => {
    const types = awsTypes();
    for (const f of FLAWS) {
      for (const r of [...f.good, ...f.bad].filter((x) => x.type.startsWith("aws:"))) {
        const dts = types.get(r.type);
        assert.ok(dts, `${f.id}: ${r.type} is not an @pulumi/aws type token`);
        const names = argNames(dts);
        for (const k of Object.keys(r.inputs))
          assert.ok(names.has(k), `${f.id}: ${r.type} has no input "${k}"`);
      }
    }
  });

  it("write Kubernetes objects whose apiVersion and kind match their type token", () => {
    for (const f of FLAWS) {
      for (const r of [...f.good, ...f.bad].filter((x) => x.type.startsWith("kubernetes:"))) {
        const m = /^kubernetes:(?:core\/)?([^:]+):(\w+)$/.exec(r.type);
        assert.ok(m, r.type);
        assert.equal(r.inputs.apiVersion, m[1], `${f.id}: apiVersion`);
        assert.equal(r.inputs.kind, m[2], `${f.id}: kind`);
      }
    }
  });
});

describe("coverage forms", () => {
  it("each kind of form has flaws, and the forms the brief names are all written", () => {
    for (const k of FORM_KINDS) {
      assert.ok(
        FLAWS.filter((f) => k.test.test(f.form)).length >= 2,
        `fewer than 2 flaws of form ${k.label}`,
      );
    }
  });

  it("count caught flaws per kind of form", () => {
    const flaws = indexOf(FLAWS.filter((f) => ["sg-ssh-rule-ipv6", "s3-pab-missing"].includes(f.id)));
    const none: CheckReport = { packs: [], resources: 0, findings: [] };
    const table = formTable(flaws, new Map([["p", verdicts(flaws, none, none)]])).split("\n");
    assert.equal(table[0], "| Form | Flaws | Caught: p |");
    assert.ok(table.includes("| IPv6 range | 1 | 0 (0%) |"), table.join("\n"));
    assert.ok(
      table.includes("| separate resource (rule, policy, ACL, ...) | 2 | 0 (0%) |"),
      table.join("\n"),
    );
    assert.ok(
      table.includes("| insecure default (property or resource omitted) | 1 | 0 (0%) |"),
      table.join("\n"),
    );
  });
});

describe("coverage verdicts", () => {
  const flaws = indexOf([
    {
      id: "a",
      area: "S3",
      form: "inline",
      catalog: ["CKV_AWS_20"],
      good: [{ role: "bucket", type: "aws:s3/bucket:Bucket", inputs: {} }],
      bad: [
        { role: "bucket", type: "aws:s3/bucket:Bucket", inputs: { acl: "public-read" } },
        { role: "acl", type: "aws:s3/bucketAcl:BucketAcl", inputs: {} },
      ],
    },
    {
      id: "b",
      area: "KMS",
      form: "explicit",
      catalog: ["CKV_AWS_7"],
      good: [{ role: "key", type: "aws:kms/key:Key", inputs: {} }],
      bad: [{ role: "key", type: "aws:kms/key:Key", inputs: {} }],
    },
  ]);
  const finding = (
    type: string,
    name: string,
    policy: string,
    message: string,
    kind: Finding["kind"] = "violation",
  ) =>
    ({
      kind,
      policyPack: "p",
      policyPackVersion: "1",
      policy,
      enforcementLevel: "advisory",
      urn: urnOf(type, name),
      type,
      message,
    }) satisfies Finding;
  const report = (findings: Finding[]): CheckReport => ({ packs: [], resources: 3, findings });

  it("count a violation on any resource of the BAD set, unless the GOOD twin gets the same one", () => {
    const bad = report([
      finding("aws:s3/bucketAcl:BucketAcl", "a.acl", "no-public-acl", "public"),
      finding("aws:s3/bucket:Bucket", "a.bucket", "bucket-tags", "no tags"),
      finding("aws:kms/key:Key", "b.key", "key-rotation", "rotation off"),
    ]);
    const good = report([
      finding("aws:s3/bucket:Bucket", "a.bucket", "bucket-tags", "no tags"),
      finding("aws:kms/key:Key", "b.key", "key-rotation", "rotation off"),
    ]);
    const v = verdicts(flaws, bad, good);
    assert.deepEqual(v.get("a"), {
      caught: true,
      catching: ["no-public-acl"],
      falsePositives: ["bucket-tags"],
      errors: [],
    });
    assert.deepEqual(v.get("b"), {
      caught: false,
      catching: [],
      falsePositives: ["key-rotation"],
      errors: [],
    });
  });

  it("count a policy the GOOD twin also trips as catching when its message differs", () => {
    const bad = report([finding("aws:kms/key:Key", "b.key", "limits", "cpu, memory and storage unset")]);
    const good = report([finding("aws:kms/key:Key", "b.key", "limits", "storage unset")]);
    assert.equal(verdicts(flaws, bad, good).get("b")!.caught, true);
  });

  it("keep errors apart from violations, and stack-level violations out of every flaw", () => {
    const bad = report([
      finding("aws:kms/key:Key", "b.key", "key-rotation", "threw", "error"),
      finding("pulumi:pulumi:Stack", "rampart-coverage-coverage", "mesh-mtls", "no mesh policy"),
    ]);
    const v = verdicts(flaws, bad, report([]));
    assert.deepEqual(v.get("b"), {
      caught: false,
      catching: [],
      falsePositives: [],
      errors: ["key-rotation"],
    });
    assert.equal(v.get("a")!.caught, false);
    assert.deepEqual(stackLevel(bad), ["mesh-mtls"]);
  });

  it("render a row per area, a total, and a row per flaw", () => {
    const results = new Map([
      ["ours", verdicts(flaws, report([finding("aws:kms/key:Key", "b.key", "rot", "off")]), report([]))],
      [
        "theirs",
        verdicts(flaws, report([]), report([finding("aws:s3/bucket:Bucket", "a.bucket", "log", "x")])),
      ],
    ]);
    const summary = summaryTable(flaws, results).split("\n");
    assert.equal(
      summary[0],
      "| Area | Flaws | Caught: ours | Caught: theirs | False positives: ours | False positives: theirs |",
    );
    assert.deepEqual(summary.slice(2), [
      "| S3 | 1 | 0 (0%) | 0 (0%) | 0 | 1 |",
      "| KMS | 1 | 1 (100%) | 0 (0%) | 0 | 0 |",
      "| **Total** | 2 | 1 (50%) | 0 (0%) | 0 | 1 |",
    ]);
    const detail = detailTable(flaws, results).split("\n");
    assert.equal(detail[2], "| a | S3 | inline | CKV_AWS_20 | **missed** | **missed**; FP on good: log |");
    assert.equal(detail[3], "| b | KMS | explicit | CKV_AWS_7 | caught (rot) | **missed** |");
  });
});
