import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { parseExport } from "../../cli/check/exportDoc";
import { rampartAccess } from "../../cli/verify/iam";
import { rampart, tempFile } from "./helpers";
import { base, res } from "./verify/networkFixture";
import { tempDir } from "../helpers/cli";

/**
 * `rampart verify` as a user runs it: a small hand-built export (two tiers, one role, one key), tiny case
 * files, and every way the input can be wrong.
 */

const ACCT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/k`;
const doc = (Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });

function exportWith(keyActions: string[] = ["kms:*"], tierTag = "app", extra: unknown[] = []) {
  const network = base([
    res("aws:ec2/subnet:Subnet", "app", {
      vpcId: "vpc-id",
      cidrBlock: "10.0.1.0/24",
      tags: { "rampart:tier": tierTag },
    }),
  ]);
  const resources = [
    ...network.map((r) => ({ ...r, custom: true })),
    {
      urn: "urn:pulumi:test::net::pulumi:providers:aws::default",
      type: "pulumi:providers:aws",
      custom: true,
      inputs: { region: "us-east-1" },
    },
    {
      urn: "urn:pulumi:test::net::aws:iam/role:Role::app-role",
      type: "aws:iam/role:Role",
      custom: true,
      id: "app-role-id",
      inputs: {
        assumeRolePolicy: doc([
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]),
      },
      outputs: { arn: `arn:aws:iam::${ACCT}:role/app-role`, name: "app-role" },
    },
    {
      urn: "urn:pulumi:test::net::aws:iam/rolePolicy:RolePolicy::app-kms",
      type: "aws:iam/rolePolicy:RolePolicy",
      custom: true,
      inputs: {
        role: "app-role-id",
        policy: doc([{ Sid: "UseK", Effect: "Allow", Action: "kms:Decrypt", Resource: KEY }]),
      },
    },
    {
      urn: "urn:pulumi:test::net::aws:kms/key:Key::k",
      type: "aws:kms/key:Key",
      custom: true,
      inputs: {
        policy: doc([
          {
            Sid: "Root",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCT}:root` },
            Action: keyActions,
            Resource: "*",
          },
        ]),
      },
      outputs: { arn: KEY },
    },
    ...extra,
  ];
  return tempFile("export.json", JSON.stringify({ version: 3, deployment: { resources } }));
}

const flow = (id: string, port: number, expect: "allow" | "deny") => ({
  id,
  from: { kind: "resource", name: "app-vm" },
  to: { kind: "resource", name: "db-vm" },
  protocol: "tcp",
  port,
  expect,
  cite: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
});
const decrypt = (id: string, principal: unknown, expect: "allow" | "deny") => ({
  id,
  principal,
  action: "kms:Decrypt",
  resource: KEY,
  expect,
  cite: "https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html",
});

const GOOD_FLOWS = [flow("app-to-db-5432", 5432, "allow"), flow("app-to-db-ssh", 22, "deny")];
const GOOD_ACCESS = [
  decrypt("role-decrypts", { role: "app-role" }, "allow"),
  decrypt("other-account-decrypts", { account: "111122223333" }, "deny"),
];
const flowsFile = (cases: unknown) => tempFile("flows.json", JSON.stringify(cases));
const accessFile = (cases: unknown) => tempFile("access.json", JSON.stringify(cases));

describe("rampart verify", () => {
  test("exit 0 when every case passes and no policy document has a problem: matrix, counts, PASS", async () => {
    const run = await rampart(
      "verify",
      ...["--export", exportWith(), "--flows", flowsFile(GOOD_FLOWS), "--access", accessFile(GOOD_ACCESS)],
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.stderr, "");
    // The matrix has a row per tier: app reaches db on the probed ports db-sg admits (none of them).
    assert.match(run.stdout, /^from \\ to +\| app +\| db +\| internet$/m);
    assert.match(
      run.stdout,
      /^passing: 2 of 2 flows, 2 of 2 access cases, 0 of 0 images, 0 of 0 cluster cases, 0 of 0 RBAC cases$/m,
    );
    assert.match(
      run.stdout,
      /\nPASS: 2 flows, 2 access cases, 0 images, 0 cluster cases, 0 RBAC cases, 0 lint problems\n$/,
    );
    assert.doesNotMatch(run.stdout, /FAIL/);
  });

  test("exit 1 on a failing flow: listed first with the security group that decided, then FAIL", async () => {
    const flows = [...GOOD_FLOWS, flow("app-to-db-8080", 8080, "allow")];
    const run = await rampart(
      "verify",
      ...["--export", exportWith(), "--flows", flowsFile(flows), "--access", accessFile(GOOD_ACCESS)],
    );
    assert.equal(run.code, 1);
    const lines = run.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("FAIL flow"));
    assert.equal(lines[at], "FAIL flow app-to-db-8080 (8080/tcp): expected allow, got deny");
    assert.match(
      lines[at + 1]!,
      /^ {5}deny: .*app-vm.* -> .*db-vm.*: request sg db-sg: no ingress rule admits tcp 8080/,
    );
    assert.ok(at < lines.findIndex((l) => l.startsWith("passing:")));
    assert.match(
      run.stdout,
      /\nFAIL: 1 of 3 flows failed, 0 of 2 access cases failed, 0 of 0 images failed, 0 of 0 cluster cases failed, 0 of 0 RBAC cases failed, 0 lint problems\n$/,
    );
  });

  test("exit 1 on a failing access case, naming the statements of each policy consulted", async () => {
    const access = [
      ...GOOD_ACCESS,
      decrypt("other-account-must-decrypt", { account: "111122223333" }, "allow"),
    ];
    const run = await rampart(
      "verify",
      ...["--export", exportWith(), "--flows", flowsFile(GOOD_FLOWS), "--access", accessFile(access)],
    );
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^FAIL access other-account-must-decrypt: expected allow, got deny$/m);
    assert.match(run.stdout, /^ {5}resource urn:pulumi:test::net::aws:kms\/key:Key::k policy: /m);
    assert.match(
      run.stdout,
      /FAIL: 0 of 2 flows failed, 1 of 3 access cases failed, 0 of 0 images failed, 0 of 0 cluster cases failed, 0 of 0 RBAC cases failed, 0 lint problems\n$/,
    );
  });

  test("exit 1 on a lint problem even when every case passes", async () => {
    const run = await rampart(
      "verify",
      ...["--export", exportWith(["kms:*", "kms:Decript"]), "--flows", flowsFile(GOOD_FLOWS)],
      ...["--access", accessFile(GOOD_ACCESS)],
    );
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /^LINT urn:pulumi:test::net::aws:kms\/key:Key::k policy Root: action "kms:Decript" does not exist in kms$/m,
    );
    assert.match(
      run.stdout,
      /FAIL: 0 of 2 flows failed, 0 of 2 access cases failed, 0 of 0 images failed, 0 of 0 cluster cases failed, 0 of 0 RBAC cases failed, 1 lint problem\n$/,
    );
  });

  test("exit 1 on an image its nodes cannot pull: the image, where it is named, why; in JSON too", async () => {
    const web = {
      urn: "urn:pulumi:test::net::kubernetes:apps/v1:Deployment::web",
      type: "kubernetes:apps/v1:Deployment",
      custom: true,
      inputs: { spec: { template: { spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } } },
    };
    const exp = exportWith(["kms:*"], "app", [web]);
    const cases = ["--flows", flowsFile(GOOD_FLOWS), "--access", accessFile(GOOD_ACCESS)];
    const run = await rampart("verify", "--export", exp, ...cases);
    assert.equal(run.code, 1);
    const lines = run.stdout.split("\n");
    const at = lines.indexOf("FAIL image docker.io/library/nginx:1.27: deny");
    assert.ok(at >= 0, run.stdout);
    assert.equal(lines[at + 1], `     at ${web.urn} spec.template.spec.containers[0].image`);
    assert.match(
      lines[at + 2]!,
      /^ {5}vpc has no Network Firewall allow-list and docker\.io is not a private ECR registry$/,
    );
    assert.equal(lines[at + 3], "     cite: https://docs.docker.com/desktop/setup/allow-list/");
    assert.match(
      run.stdout,
      /\nFAIL: 0 of 2 flows failed, 0 of 2 access cases failed, 1 of 1 image failed, 0 of 0 cluster cases failed, 0 of 0 RBAC cases failed, 0 lint problems\n$/,
    );

    const json = JSON.parse((await rampart("verify", "--export", exp, ...cases, "--format", "json")).stdout);
    assert.deepEqual(json.images, [
      {
        image: "docker.io/library/nginx:1.27",
        registry: "docker.io",
        urn: web.urn,
        type: web.type,
        path: "spec.template.spec.containers[0].image",
        verdict: "deny",
        pass: false,
        reason: "vpc has no Network Firewall allow-list and docker.io is not a private ECR registry",
        cite: "https://docs.docker.com/desktop/setup/allow-list/",
      },
    ]);
    assert.deepEqual(json.summary.images, { passed: 0, failed: 1 });
  });

  test("--format json: each case with its verdict and what decided it, the lint, the matrix, the summary", async () => {
    const flows = [...GOOD_FLOWS, flow("app-to-db-8080", 8080, "allow")];
    const run = await rampart(
      "verify",
      ...["--export", exportWith(["kms:*", "kms:Decript"]), "--format", "json"],
      ...["--flows", flowsFile(flows), "--access", accessFile(GOOD_ACCESS)],
    );
    assert.equal(run.code, 1);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(out), [
      "flows",
      "access",
      "images",
      "cluster",
      "rbac",
      "lint",
      "matrix",
      "summary",
    ]);
    const failing = out.flows.find((f: { id: string }) => f.id === "app-to-db-8080");
    assert.deepEqual(Object.keys(failing), [
      ...["id", "protocol", "port", "expect", "verdict", "pass", "reason", "cite", "paths"],
    ]);
    assert.equal(failing.verdict, "deny");
    assert.equal(failing.pass, false);
    const denyHop = failing.paths[0].hops.find((h: { decision: string }) => h.decision === "deny");
    assert.deepEqual(
      { layer: denyHop.layer, at: denyHop.at, direction: denyHop.direction },
      { layer: "sg", at: "db-sg", direction: "request" },
    );
    const role = out.access.find((a: { id: string }) => a.id === "role-decrypts");
    assert.deepEqual(Object.keys(role), ["id", "expect", "verdict", "pass", "reason", "cite", "decidedBy"]);
    assert.equal(role.verdict, "allow");
    // The role's own statement and the key policy's delegation decided it.
    const identity = role.decidedBy.find((p: { role: string }) => p.role === "identity");
    assert.deepEqual(identity.statements, ["UseK"]);
    assert.deepEqual(out.lint, [
      {
        urn: "urn:pulumi:test::net::aws:kms/key:Key::k",
        property: "policy",
        statement: "Root",
        value: "kms:Decript",
        message: 'action "kms:Decript" does not exist in kms',
      },
    ]);
    assert.deepEqual(out.matrix.tiers, ["app", "db"]);
    assert.deepEqual(out.summary, {
      flows: { passed: 2, failed: 1 },
      access: { passed: 2, failed: 0 },
      images: { passed: 0, failed: 0 },
      cluster: { passed: 0, failed: 0 },
      rbac: { passed: 0, failed: 0 },
      lint: 1,
      pass: false,
    });
  });

  test("--out writes the report and prints the summary line", async () => {
    const out = path.join(tempDir("rampart-verify-"), "sub", "v.json");
    const run = await rampart(
      "verify",
      ...["--export", exportWith(), "--flows", flowsFile(GOOD_FLOWS), "--access", accessFile(GOOD_ACCESS)],
      ...["--format", "json", "--out", out],
    );
    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      `PASS: 2 flows, 2 access cases, 0 images, 0 cluster cases, 0 RBAC cases, 0 lint problems\nwrote json report to ${out}\n`,
    );
    assert.equal(JSON.parse(fs.readFileSync(out, "utf8")).summary.pass, true);
  });

  test("without --flows/--access the defaults run; --keep-defaults adds a file's cases to them", async () => {
    const exp = exportWith();
    const defaults = JSON.parse((await rampart("verify", "--export", exp, "--format", "json")).stdout);
    assert.ok(defaults.flows.length > 0 && defaults.access.length > 0);
    const mine = [flow("mine", 5432, "allow")];
    const run = await rampart(
      "verify",
      ...["--export", exp, "--format", "json", "--flows", flowsFile(mine), "--keep-defaults"],
    );
    const ids = JSON.parse(run.stdout).flows.map((f: { id: string }) => f.id);
    assert.deepEqual(ids, [...defaults.flows.map((f: { id: string }) => f.id), "mine"]);
    // Replacing (no --keep-defaults) runs the file's cases only.
    const only = await rampart("verify", "--export", exp, "--format", "json", "--flows", flowsFile(mine));
    assert.deepEqual(
      JSON.parse(only.stdout).flows.map((f: { id: string }) => f.id),
      ["mine"],
    );
  });

  test("control characters and bidi overrides in names are escaped in the table, kept exact in JSON", async () => {
    const id = "evil\u001b[2J\nPASS: forged\u202e";
    const args = [
      "--export",
      exportWith(["kms:*"], "a\u001bpp"),
      "--flows",
      flowsFile([flow(id, 8080, "allow")]),
    ];
    const run = await rampart("verify", ...args, "--access", accessFile(GOOD_ACCESS));
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    assert.match(run.stdout, /^FAIL flow evil\\x1b\[2J\\x0aPASS: forged\\u202e \(8080\/tcp\)/m);
    assert.doesNotMatch(run.stdout, /^PASS: forged/m);
    assert.match(run.stdout, /^a\\x1bpp +\| /m);
    const json = await rampart("verify", ...args, "--access", accessFile(GOOD_ACCESS), "--format", "json");
    assert.equal(JSON.parse(json.stdout).flows[0].id, id);
  });
});

describe("rampart verify: bad input or invocation is one line on stderr, exit 2", () => {
  const exp = exportWith();
  const dir = tempDir("rampart-verify-dir-");
  // A default access case's id (derived from the export), so that the clash below is a real one.
  const DEFAULT_ID = rampartAccess(parseExport(JSON.parse(fs.readFileSync(exp, "utf8")), exp).resources)[0]!
    .id;
  const cases: [string, string[], string | RegExp][] = [
    ["no --export", [], "rampart: verify: --export is required (a `pulumi stack export` file)"],
    [
      "a missing export",
      ["--export", "/nonexistent/x.json"],
      "rampart: stack export /nonexistent/x.json does not exist",
    ],
    ["an export that is a directory", ["--export", dir], `rampart: cannot read stack export ${dir}: EISDIR`],
    [
      "an export that is not JSON",
      ["--export", tempFile("x.json", "{nope")],
      /^rampart: \S+x\.json is not JSON: /,
    ],
    [
      "JSON that is not an export",
      ["--export", tempFile("x.json", '{"resources": []}')],
      /^rampart: \S+x\.json is not a stack export \(expected \{"version": 3, "deployment": \{\.\.\.\}\}/,
    ],
    [
      "a missing flows file",
      ["--export", exp, "--flows", "/nonexistent/f.json"],
      "rampart: flows file /nonexistent/f.json does not exist",
    ],
    [
      "a flows file that is a directory",
      ["--export", exp, "--flows", dir],
      `rampart: cannot read flows file ${dir}: EISDIR`,
    ],
    [
      "a flows file that is not JSON",
      ["--export", exp, "--flows", tempFile("f.json", "[")],
      /^rampart: flows file \S+f\.json is not JSON: /,
    ],
    [
      "a flow case with a bad port",
      ["--export", exp, "--flows", flowsFile([{ ...flow("x", 1, "allow"), port: 70000 }])],
      /^rampart: flows file \S+flows\.json: flows\[0\]\.port: 70000 is not valid; expected an integer from 0 to 65535$/,
    ],
    [
      "an access case with a bad action",
      ["--export", exp, "--access", accessFile([{ ...GOOD_ACCESS[0], action: "Decrypt\nforged" }])],
      /^rampart: access file \S+access\.json: cases\[0\]\.action: "Decrypt\\x0aforged" is not "service:Action"$/,
    ],
    [
      "a missing access file",
      ["--export", exp, "--access", "/nonexistent/a.json"],
      "rampart: access file /nonexistent/a.json does not exist",
    ],
    [
      "--keep-defaults without a cases file",
      ["--export", exp, "--keep-defaults"],
      "rampart: verify: --keep-defaults only applies with --flows FILE, --access FILE, --cluster FILE or --rbac FILE",
    ],
    [
      "a case id that a default also uses, with --keep-defaults",
      ["--export", exp, "--keep-defaults", "--access", accessFile([{ ...GOOD_ACCESS[0], id: DEFAULT_ID }])],
      `rampart: verify: access case id "${DEFAULT_ID}" is also a default case's id (rename it, or drop --keep-defaults to replace the defaults)`,
    ],
    [
      "an unknown format",
      ["--export", exp, "--format", "sarif"],
      'rampart: verify: --format must be one of table, json (got "sarif")',
    ],
    ["an unknown option", ["--export", exp, "--flow", "x"], /^rampart: verify: Unknown option '--flow'/],
  ];
  for (const [name, args, expected] of cases) {
    test(name, async () => {
      const run = await rampart("verify", ...args);
      assert.equal(run.code, 2, run.stdout);
      assert.equal(run.stdout, "");
      assert.equal(run.stderr.split("\n").length, 2, `one line: ${run.stderr}`);
      if (typeof expected === "string") assert.equal(run.stderr, `${expected}\n`);
      else assert.match(run.stderr.trimEnd(), expected);
    });
  }
});
