import assert from "node:assert/strict";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { ec2InstanceDisallowSecretsInUserData as policy } from "../../../policy-pack/policies/ec2/ec2InstanceDisallowSecretsInUserData";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";

const INSTANCE = "aws:ec2/instance:Instance";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const LC = "aws:ec2/launchConfiguration:LaunchConfiguration";
const SPOT = "aws:ec2/spotInstanceRequest:SpotInstanceRequest";
const FIX =
  "remove them and fetch secrets at boot from Secrets Manager or SSM Parameter Store with the instance role.";

// Assembled at run time: the repository holds nothing that looks like a real credential.
const ACCESS_KEY = "AKIA" + "Q3EGRKXD7ZLM4T2N";
const HF = "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz01234567";
const SECRET_SCRIPT = `#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${ACCESS_KEY}\nexport HF_TOKEN=${HF}\n`;
const CLEAN_SCRIPT =
  "#!/bin/bash\nHF_TOKEN=$(aws secretsmanager get-secret-value --secret-id hf --query SecretString --output text)\n";
const b64 = (s: string) => Buffer.from(s).toString("base64");
const gz64 = (s: string) => gzipSync(Buffer.from(s)).toString("base64");

test("clean user data passes in every form; no user data passes", async () => {
  for (const type of [INSTANCE, LC, SPOT]) {
    assert.deepEqual(await violations(policy, type, { userData: CLEAN_SCRIPT }), [], type);
    assert.deepEqual(await violations(policy, type, { userDataBase64: b64(CLEAN_SCRIPT) }), [], type);
    assert.deepEqual(await violations(policy, type, { userDataBase64: gz64(CLEAN_SCRIPT) }), [], type);
    assert.deepEqual(await violations(policy, type, { instanceType: "g5.xlarge" }), [], type);
  }
  assert.deepEqual(await violations(policy, LT, { userData: b64(CLEAN_SCRIPT) }), []);
  assert.deepEqual(await violations(policy, LT, { imageId: "ami-1" }), []);
});

test("plain userData with credentials is flagged on instances, launch configurations and spot requests", async () => {
  for (const [type, kind] of [
    [INSTANCE, "Instance"],
    [LC, "Launch configuration"],
    [SPOT, "Spot instance request"],
  ] as const)
    assert.deepEqual(await violations(policy, type, { userData: SECRET_SCRIPT }), [
      `${kind} userData holds credentials (AWS access key ID at line 2, Hugging Face token at line 3): ${FIX}`,
    ]);
});

test("base64 and gzip+base64 payloads are decoded: userDataBase64, and a launch template's userData", async () => {
  for (const encode of [b64, gz64]) {
    assert.deepEqual(await violations(policy, INSTANCE, { userDataBase64: encode(SECRET_SCRIPT) }), [
      `Instance userDataBase64 holds credentials (AWS access key ID at line 2, Hugging Face token at line 3): ${FIX}`,
    ]);
    assert.deepEqual(await violations(policy, LT, { userData: encode(SECRET_SCRIPT) }), [
      `Launch template userData holds credentials (AWS access key ID at line 2, Hugging Face token at line 3): ${FIX}`,
    ]);
  }
});

test("plain userData that is itself base64 is also read decoded", async () => {
  assert.deepEqual(await violations(policy, INSTANCE, { userData: b64(SECRET_SCRIPT) }), [
    `Instance userData holds credentials (AWS access key ID at line 2, Hugging Face token at line 3): ${FIX}`,
  ]);
});

test("passwords, private keys and connection strings in cloud-config are flagged by kind, never by value", async () => {
  const cloudConfig = [
    "#cloud-config",
    "users:",
    "  - name: ops",
    "    plain_text_passwd: hunter2hunter2",
    "write_files:",
    "  - path: /etc/app.env",
    "    content: DATABASE_URL=postgres://app:Pa55word@db.internal/app",
    "  - path: /root/.ssh/id_rsa",
    "    content: |",
    "      -----BEGIN " + "OPENSSH PRIVATE KEY-----",
  ].join("\n");
  const [message] = await violations(policy, LT, { userData: b64(cloudConfig) });
  assert.equal(
    message,
    `Launch template userData holds credentials (password at line 4, password in a connection string at line 7, private key at line 10): ${FIX}`,
  );
  for (const secret of ["hunter2", "Pa55word"]) assert.ok(!message.includes(secret));
});

test("user data that is not valid base64 where base64 is required cannot be checked: flagged", async () => {
  assert.deepEqual(await violations(policy, LT, { userData: "#!/bin/bash\necho hi" }), [
    "Launch template userData is not valid base64 (or is gzip that cannot be inflated within the size cap), so it cannot be checked for credentials: give userData as base64 of the script.",
  ]);
  const corruptGzip = Buffer.concat([Buffer.from([0x1f, 0x8b, 8]), Buffer.from("not deflate")]).toString(
    "base64",
  );
  assert.deepEqual(await violations(policy, INSTANCE, { userDataBase64: corruptGzip }), [
    "Instance userDataBase64 is not valid base64 (or is gzip that cannot be inflated within the size cap), so it cannot be checked for credentials: give userDataBase64 as base64 of the script.",
  ]);
});

test("unknown user data is an advisory note during preview (the SDK's), not a pass or a throw", async () => {
  assert.deepEqual(await validate(policy, { type: INSTANCE, props: { userData: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .userData can't be known during preview",
  });
  assert.deepEqual(await validate(policy, { type: LT, props: { userData: UNKNOWN.string } }), {
    violations: [],
    unknownRead: "string value at .userData can't be known during preview",
  });
});

test('empty user data ("") holds nothing: passes', async () => {
  for (const type of [INSTANCE, LT, LC, SPOT])
    assert.deepEqual(await violations(policy, type, { userData: "", userDataBase64: "" }), [], type);
});

test("a secret elsewhere in the resource is not read (only the user data properties are)", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: INSTANCE,
      props: { userData: CLEAN_SCRIPT, tags: UNKNOWN.object, keyName: UNKNOWN.string },
    }),
    { violations: [] },
  );
});

test("an unknown userDataBase64 does not hide credentials found in userData", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: INSTANCE,
      props: { userData: SECRET_SCRIPT, userDataBase64: UNKNOWN.string },
    }),
    {
      violations: [
        `Instance userData holds credentials (AWS access key ID at line 2, Hugging Face token at line 3): ${FIX}`,
      ],
    },
  );
  assert.deepEqual(
    await validate(policy, { type: SPOT, props: { userData: CLEAN_SCRIPT, userDataBase64: UNKNOWN.string } }),
    { violations: [], unknownRead: "string value at .userDataBase64 can't be known during preview" },
  );
});
