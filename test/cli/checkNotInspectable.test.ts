import assert from "node:assert/strict";
import { test } from "node:test";
import { secretPaths } from "../../cli/check/properties";
import { withheldTripped } from "../../cli/check/secretPass";
import { SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from "../../cli/sdk/pulumiInternals";
import { json, rampart, tempFile } from "./helpers";

/**
 * Issue #16: a resource whose properties are partly secret or unknown is reported as not inspectable by
 * the policies that need those properties, never silently passed; the same export written with
 * `--show-secrets` is judged. Our own pack, through `rampart check` (a real pack process).
 */

const STACK = "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod";
const PROVIDER = "urn:pulumi:prod::shop::pulumi:providers:aws::default";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const urnOf = (name: string) => `urn:pulumi:prod::shop::${LT}::${name}`;

/** A secret as `pulumi stack export` writes it: ciphertext only, or with `--show-secrets` its plaintext. */
const secret = (value: unknown, show: boolean) =>
  show
    ? { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(value) }
    : { [SIG_KEY]: SECRET_SIG, ciphertext: "v1:c2VjcmV0LWNpcGhlcnRleHQ=" };

const SAFE_EBS = [
  { deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" } },
];

function exportWith(show: boolean): string {
  const lt = (name: string, inputs: Record<string, unknown>) => ({
    urn: urnOf(name),
    custom: true,
    id: `lt-${name}`,
    type: LT,
    provider: `${PROVIDER}::p-1`,
    inputs: { blockDeviceMappings: SAFE_EBS, ...inputs },
    outputs: {},
  });
  const doc = {
    version: 3,
    deployment: {
      manifest: { time: "2026-12-01T00:00:00Z", magic: "", version: "v3.200.0" },
      resources: [
        { urn: STACK, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
        {
          urn: PROVIDER,
          custom: true,
          id: "p-1",
          type: "pulumi:providers:aws",
          inputs: { region: "eu-west-1" },
        },
        // IMDSv1 allowed, behind a secret.
        lt("secret-imdsv1", {
          metadataOptions: secret({ httpTokens: "optional", httpPutResponseHopLimit: 1 }, show),
        }),
        // The metadata service off, behind a secret. (Not `httpTokens: "required"`: output is scrubbed of
        // every plaintext secret string, and "required" is also in the other template's message.)
        lt("secret-imdsv2", {
          metadataOptions: secret({ httpEndpoint: "disabled" }, show),
        }),
        // The metadata options in the clear (IMDSv1), another property secret: judged either way.
        lt("clear-imdsv1", {
          metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 },
          description: secret("not read by the metadata policies", show),
        }),
        // A value unknown until the update (what a preview sends for a computed input).
        lt("unknown-tokens", { metadataOptions: { httpTokens: UNKNOWN_VALUE, httpPutResponseHopLimit: 1 } }),
      ],
    },
  };
  return tempFile(show ? "show-secrets.json" : "ciphertext.json", JSON.stringify(doc));
}

interface Row {
  policy: string;
  enforcementLevel: string;
  urn: string;
  message: string;
}
const IMDS = "aws-ec2-launchtemplate-require-imdsv2";
const rowsOf = (list: Row[], name: string) =>
  list
    .filter((r) => r.urn === urnOf(name) && r.policy.startsWith("aws-ec2-launchtemplate-"))
    .map((r) => `${r.enforcementLevel} ${r.policy}: ${r.message}`)
    .sort();

test("without --show-secrets: a policy that reads a secret reports the resource as not inspectable, naming the property", async () => {
  const run = await rampart("check", "--export", exportWith(false), "--format", "json");
  assert.match(run.stderr, /^rampart: checking stack prod \(prod\) with policy-pack\/config\/prod.json/);
  const report = json(run);
  const note = (policy: string) =>
    `advisory ${policy}: not inspectable: this mandatory policy reads \`metadataOptions\`, which is secret and held here only as ciphertext; check an export written with \`pulumi stack export --show-secrets\` to judge it`;
  for (const name of ["secret-imdsv1", "secret-imdsv2"]) {
    assert.deepEqual(rowsOf(report.notInspectable, name), [
      note("aws-ec2-launchtemplate-limit-metadata-hop-limit"),
      note(IMDS),
    ]);
    // Never passed silently, never judged on a placeholder: no violation either way.
    assert.deepEqual(rowsOf(report.violations, name), []);
  }
  // The secret it does not read does not stop it.
  assert.deepEqual(rowsOf(report.violations, "clear-imdsv1"), [
    `mandatory ${IMDS}: IMDSv1 is allowed: set metadataOptions.httpTokens: "required".`,
  ]);
  assert.deepEqual(rowsOf(report.notInspectable, "clear-imdsv1"), []);
  // An unknown value that decides a mandatory policy: a note naming it.
  assert.deepEqual(rowsOf(report.notInspectable, "unknown-tokens"), [
    `advisory ${IMDS}: not inspectable: this mandatory policy reads \`metadataOptions.httpTokens\`, which is unknown until the update runs; it is judged when \`pulumi up\` checks the resource`,
  ]);
  assert.equal(report.summary.notInspectable, report.notInspectable.length);
  // Notes are not violations: only the clear IMDSv1 template fails the gate.
  assert.equal(
    report.summary.mandatory,
    report.violations.filter((v: Row) => v.enforcementLevel === "mandatory").length,
  );
  assert.equal(run.code, 1);
});

test("with --show-secrets: the same policies judge the plaintext (messages withheld), and no note is left", async () => {
  const run = await rampart("check", "--export", exportWith(true), "--format", "json");
  assert.match(run.stderr, /^rampart: checking stack prod \(prod\) with policy-pack\/config\/prod.json/);
  const report = json(run);
  assert.deepEqual(rowsOf(report.violations, "secret-imdsv1"), [
    `mandatory ${IMDS}: ${withheldTripped(IMDS)}`,
  ]);
  assert.deepEqual(rowsOf(report.violations, "secret-imdsv2"), []);
  for (const name of ["secret-imdsv1", "secret-imdsv2", "clear-imdsv1"])
    assert.deepEqual(rowsOf(report.notInspectable, name), [], name);
  // A policy stopped by a secret keeps its own, exact verdicts where no secret stopped it.
  assert.deepEqual(rowsOf(report.violations, "clear-imdsv1"), [
    `mandatory ${IMDS}: IMDSv1 is allowed: set metadataOptions.httpTokens: "required".`,
  ]);
  assert.equal(rowsOf(report.notInspectable, "unknown-tokens").length, 1);
  assert.ok(!run.stdout.includes('optional\\",\\"httpPut'), "no plaintext in the report");
});

test("the table shows notes apart from violations, and the summary counts them", async () => {
  const run = await rampart("check", "--export", exportWith(false));
  assert.match(run.stdout, new RegExp(`^\\[NOT INSPECTABLE\\] ${IMDS} \\(rampart@`, "m"));
  assert.match(
    run.stdout,
    /^FAIL: 1 mandatory violation, \d+ advisory violations?, 5 not inspectable in 5 resources/m,
  );
});

test("secret paths are named as the policy SDK names an unreadable property (keys and list indexes, dotted)", () => {
  const s = (v: unknown, plain: boolean) => secret(v, plain);
  const props = {
    spec: {
      containers: [
        {
          env: [
            { name: "A", value: "x" },
            { name: "B", value: s("b", true) },
          ],
        },
      ],
    },
    values: s({ auth: { password: "p" } }, false),
    __internal: s("ignored", false),
  };
  assert.deepEqual(secretPaths(props), ["spec.containers.0.env.1.value", "values"]);
  assert.deepEqual(secretPaths(props, false), ["values"]);
  assert.deepEqual(secretPaths(props, true), ["spec.containers.0.env.1.value"]);
});

/** A Deployment whose first container's `privileged` flag is a secret (true or false), as an export holds it. */
function deploymentExport(privileged: boolean, show: boolean): string {
  const K8S = "urn:pulumi:prod::shop::pulumi:providers:kubernetes::k8s";
  const doc = {
    version: 3,
    deployment: {
      manifest: { time: "2026-12-01T00:00:00Z", magic: "", version: "v3.200.0" },
      resources: [
        { urn: STACK, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
        { urn: K8S, custom: true, id: "k-1", type: "pulumi:providers:kubernetes", inputs: {} },
        {
          urn: "urn:pulumi:prod::shop::kubernetes:apps/v1:Deployment::api",
          custom: true,
          id: "shop/api",
          type: "kubernetes:apps/v1:Deployment",
          provider: `${K8S}::k-1`,
          inputs: {
            metadata: { name: "api", namespace: "shop" },
            spec: {
              selector: { matchLabels: { app: "api" } },
              template: {
                metadata: { labels: { app: "api" } },
                spec: {
                  containers: [
                    {
                      name: "api",
                      image: "registry.example/api@sha256:" + "a".repeat(64),
                      securityContext: { privileged: secret(privileged, show) },
                    },
                  ],
                },
              },
            },
          },
          outputs: {},
        },
      ],
    },
  };
  return tempFile(`deployment-${privileged}-${show}.json`, JSON.stringify(doc));
}

test("a Kubernetes policy reading plain values: a secret deciding it is a note, its plaintext a verdict", async () => {
  const PRIV = "kubernetes-workload-disallow-privileged";
  const of = (report: { violations: Row[]; notInspectable: Row[] }, key: "violations" | "notInspectable") =>
    report[key].filter((r) => r.policy === PRIV).map((r) => r.message);
  const hidden = json(await rampart("check", "--export", deploymentExport(true, false), "--format", "json"));
  assert.deepEqual(of(hidden, "violations"), []);
  assert.deepEqual(of(hidden, "notInspectable"), [
    "not inspectable: this mandatory policy reads `spec.template.spec.containers.0.securityContext.privileged`, which is secret and held here only as ciphertext; check an export written with `pulumi stack export --show-secrets` to judge it",
  ]);
  const shown = json(await rampart("check", "--export", deploymentExport(true, true), "--format", "json"));
  assert.deepEqual(of(shown, "violations"), [withheldTripped(PRIV)]);
  assert.deepEqual(of(shown, "notInspectable"), []);
  const safe = json(await rampart("check", "--export", deploymentExport(false, true), "--format", "json"));
  assert.deepEqual([...of(safe, "violations"), ...of(safe, "notInspectable")], []);
});
