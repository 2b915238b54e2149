import assert from "node:assert/strict";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import {
  MAX_DECODED_BYTES,
  decodeBase64Text,
  findSecrets,
  secretKinds,
} from "../../../policy-pack/lib/secrets";

// Fake credentials are assembled at run time so the repository holds nothing a secret scanner (or a
// reader) would take for a real one.
const ACCESS_KEY = "AKIA" + "Q3EGRKXD7ZLM4T2N";
const TEMP_KEY = "ASIA" + "Q3EGRKXD7ZLM4T2N";
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYzQ9w8e7r6t";
const PEM = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----";
const GH = "ghp_" + "a".repeat(20) + "B".repeat(16);
const GH_PAT = "github_pat_" + "11ABCDEFG0" + "x".repeat(72);
const SLACK = "xoxb-" + "123456789012-1234567890123-" + "abcdefghijkl";
const SLACK_HOOK = "https://hooks.slack.com/services/" + "T0123ABCD/B0123ABCD/" + "abcdefghijklmnopqrstuvwx";
const HF = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz01234567";
const OPENAI = "sk-proj-" + "a1".repeat(12) + "T3Blbk" + "FJ" + "b2".repeat(12);
const ANTHROPIC = "sk-ant-" + "api03-" + "c3".repeat(45);

function kinds(text: string): string[] {
  return findSecrets(text).map((f) => f.kind);
}

test("each kind is found, with its line, and the finding never holds the secret", () => {
  const cases: [string, string][] = [
    [`export AWS_ACCESS_KEY_ID=${ACCESS_KEY}`, "AWS access key ID"],
    [`key: ${TEMP_KEY}`, "AWS access key ID"],
    [`aws_secret_access_key = ${SECRET_KEY}`, "AWS secret access key"],
    [`{"SecretAccessKey": "${SECRET_KEY}"}`, "AWS secret access key"],
    [PEM, "private key"],
    ["-----BEGIN " + "OPENSSH PRIVATE KEY-----", "private key"],
    ["-----BEGIN " + "PRIVATE KEY-----", "private key"],
    ["-----BEGIN " + "PGP PRIVATE KEY BLOCK-----", "private key"],
    ["DB_PASSWORD=hunter22", "password"],
    ["PASSWORD: 'correct horse'", "password"],
    ['{"db_password": "s3cr3t!!"}', "password"],
    ["mysql -u root --password=Sup3rS3cret", "password"],
    ["  plain_text_passwd: hunter22", "password"],
    ["passphrase=longpassphrase", "password"],
    ["DATABASE_URL=postgres://app:Pa55word@db.internal:5432/app", "password in a connection string"],
    ["mongodb+srv://admin:Pa%24%24word@cluster0.example.net/", "password in a connection string"],
    ["git clone https://bot:s3cretToken@github.com/org/repo", "password in a connection string"],
    [`GITHUB_TOKEN=${GH}`, "GitHub token"],
    [GH_PAT, "GitHub token"],
    [`SLACK=${SLACK}`, "Slack token"],
    [`curl -X POST ${SLACK_HOOK}`, "Slack token"],
    [`HF_TOKEN=${HF}`, "Hugging Face token"],
    [`OPENAI_API_KEY=${OPENAI}`, "OpenAI API key"],
    [`ANTHROPIC_API_KEY=${ANTHROPIC}`, "Anthropic API key"],
  ];
  for (const [text, kind] of cases) {
    const found = findSecrets(`#!/bin/bash\necho start\n${text}\n`);
    assert.ok(
      found.some((f) => f.kind === kind && f.where === "line 3"),
      `${kind} in ${JSON.stringify(text)}: ${JSON.stringify(found)}`,
    );
    const json = JSON.stringify(found);
    for (const secret of [ACCESS_KEY, SECRET_KEY, GH, SLACK, HF, OPENAI, "hunter22", "Pa55word", "s3cr3t"])
      assert.ok(!json.includes(secret), `a finding leaks a value: ${json}`);
  }
});

test("references, hashes, placeholders and code are not secrets", () => {
  for (const text of [
    "DB_PASSWORD=$DB_PASSWORD",
    'PASSWORD="${DB_PASS}"',
    "password=$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)",
    "password: {{ .Values.password }}",
    "passwd: $6$rounds=4096$saltsalt$hashhashhash",
    "password_file=/run/secrets/db",
    "--password-file=/run/secrets/db",
    "redis-cli --passphrase-file /run/secrets/pass",
    "DB_PASSWORD_ARN=arn:aws:secretsmanager:eu-west-1:111122223333:secret:db",
    "PasswordAuthentication no",
    "sed -i 's/^PasswordAuthentication yes/PasswordAuthentication no/' /etc/ssh/sshd_config",
    "password_required: true",
    "password: ''",
    'password = os.environ["DB_PASSWORD"]',
    "password=getpass()",
    'if [ "$password" == "" ]; then exit 1; fi',
    "postgres://app:${DB_PASSWORD}@db.internal/app",
    "postgres://db.internal:5432/app",
    "https://example.com/path@v1",
    "AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "-----BEGIN CERTIFICATE-----",
    "-----BEGIN PUBLIC KEY-----",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE user@host",
    "echo AKIAQ3EGRKXD7ZLM4T2NEXTRA",
    "shf_abcdefghijklmnopqrstuvwxyz0123456789",
    "#!/bin/bash\nyum install -y nginx\nsystemctl enable --now nginx",
  ])
    assert.deepEqual(kinds(text), [], text);
});

test("several secrets give one finding per kind and line, in order", () => {
  const text = [`A=${ACCESS_KEY}`, `B=${ACCESS_KEY} C=${ACCESS_KEY}`, "PASSWORD=hunter22", PEM].join("\n");
  assert.deepEqual(findSecrets(text), [
    { kind: "AWS access key ID", where: "line 1" },
    { kind: "AWS access key ID", where: "line 2" },
    { kind: "password", where: "line 3" },
    { kind: "private key", where: "line 4" },
  ]);
  assert.deepEqual(secretKinds(findSecrets(text)), ["AWS access key ID", "password", "private key"]);
});

test("non-strings and empty text give no findings", () => {
  for (const v of [undefined, null, 42, {}, [], "", "   "]) assert.deepEqual(findSecrets(v), []);
});

test("hostile input is scanned quickly and without a throw", () => {
  const started = Date.now();
  for (const text of [
    "a".repeat(1_000_000),
    "password".repeat(100_000),
    "x://".repeat(200_000),
    "a:".repeat(300_000) + "@",
    "sk-" + "a".repeat(500_000),
    `${ACCESS_KEY}\n`.repeat(40_000),
    "password=".repeat(100_000),
  ])
    findSecrets(text);
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
});

test("decodeBase64Text decodes base64 and gzip+base64, and refuses what is not base64", () => {
  const script = `#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${ACCESS_KEY}\n`;
  assert.equal(decodeBase64Text(Buffer.from(script).toString("base64")), script);
  assert.equal(decodeBase64Text(gzipSync(Buffer.from(script)).toString("base64")), script);
  const wrapped = Buffer.from(script)
    .toString("base64")
    .replace(/(.{20})/g, "$1\n");
  assert.equal(decodeBase64Text(wrapped), script);
  for (const bad of ["#!/bin/bash", "not base64!", "", "a", 42, undefined, null])
    assert.equal(decodeBase64Text(bad), undefined, String(bad));
});

test("decodeBase64Text refuses a gzip bomb and corrupt gzip instead of inflating or throwing", () => {
  const bomb = gzipSync(Buffer.alloc(MAX_DECODED_BYTES + 1024, 0x61)).toString("base64");
  assert.equal(decodeBase64Text(bomb), undefined);
  const corrupt = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from("garbage")]).toString("base64");
  assert.equal(decodeBase64Text(corrupt), undefined);
});
