import assert from "node:assert/strict";
import { test } from "node:test";
import { kmsKeyDisallowUnrestrictedSign as policy } from "../../../policy-pack/policies/kms/kmsKeyDisallowUnrestrictedSign";
import { signingKeyPolicy } from "../../../components/supplychain/supplyChain.signing.logic";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";

const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
const ACCOUNT = "123456789012";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const SIGNER = `arn:aws:iam::${ACCOUNT}:role/ci-release`;
const ours = () =>
  JSON.stringify(signingKeyPolicy({ partition: "aws", accountId: ACCOUNT, signerRoleArns: [SIGNER] }));
const signing = (props: Record<string, any> = {}) =>
  res(KEY, "signing", {
    keyUsage: "SIGN_VERIFY",
    customerMasterKeySpec: "ECC_NIST_P256",
    policy: ours(),
    ...props,
  });
const doc = (...Statement: Record<string, any>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const allow = (Principal: unknown, Action: unknown, extra: Record<string, any> = {}) => ({
  Sid: "S",
  Effect: "Allow",
  Principal,
  Action,
  Resource: "*",
  ...extra,
});
const msg = (who: string, where = "key policy") =>
  `Signing key "signing": ${where} statement "S" allows kms:Sign to ${who} with no condition: name the signer roles as principals (or condition on aws:PrincipalArn).`;

test("our signing key's policy passes (signers named, the account only verifies)", async () => {
  assert.deepEqual(await validateStack(policy, [signing()]), []);
});

test('kms:Sign to "*" is flagged, in every spelling of the principal and the action', async () => {
  for (const principal of ["*", { AWS: "*" }, { AWS: ["*"] }])
    for (const action of ["kms:Sign", "kms:*", "*", ["kms:Verify", "kms:Sign*"], "KMS:sign"]) {
      const k = signing({ policy: doc(allow(principal, action)) });
      assert.deepEqual(
        await validateStack(policy, [k]),
        [{ urn: k.urn, message: msg('"*"') }],
        JSON.stringify([principal, action]),
      );
    }
});

test("kms:Sign to the account root (ARN or bare ID) without a condition is flagged", async () => {
  for (const principal of [{ AWS: ROOT }, { AWS: [SIGNER, ACCOUNT] }]) {
    const k = signing({ policy: doc(allow(principal, "kms:*")) });
    const who = typeof principal.AWS === "string" ? ROOT : ACCOUNT;
    assert.deepEqual(await validateStack(policy, [k]), [{ urn: k.urn, message: msg(who) }]);
  }
});

test("NotAction that leaves kms:Sign allowed is flagged; one excluding it passes", async () => {
  const k = signing({
    policy: doc({
      Sid: "S",
      Effect: "Allow",
      Principal: { AWS: ROOT },
      NotAction: "kms:Decrypt",
      Resource: "*",
    }),
  });
  assert.deepEqual(await validateStack(policy, [k]), [{ urn: k.urn, message: msg(ROOT) }]);
  const ok = signing({
    policy: doc({
      Sid: "S",
      Effect: "Allow",
      Principal: { AWS: ROOT },
      NotAction: "kms:Sign",
      Resource: "*",
    }),
  });
  assert.deepEqual(await validateStack(policy, [ok]), []);
});

test("the account root with a condition, named roles, and Deny statements pass", async () => {
  const conditioned = allow({ AWS: ROOT }, "kms:Sign", {
    Condition: { ArnEquals: { "aws:PrincipalArn": SIGNER } },
  });
  const deny = { Sid: "D", Effect: "Deny", Principal: "*", Action: "kms:Sign", Resource: "*" };
  assert.deepEqual(
    await validateStack(policy, [
      signing({ policy: doc(conditioned, allow({ AWS: SIGNER }, "kms:Sign"), deny) }),
    ]),
    [],
  );
});

test("a separate KeyPolicy is judged too (by keyId or by dependency)", async () => {
  const k = signing({ policy: undefined });
  const byId = res(KEY_POLICY, "kp", { keyId: "signing-key-id", policy: doc(allow("*", "kms:Sign")) });
  const key = { ...k, props: { ...k.props, keyId: "signing-key-id" } };
  assert.deepEqual(await validateStack(policy, [key, byId]), [
    { urn: k.urn, message: msg('"*"', 'KeyPolicy "kp"') },
  ]);
  const byDep = res(KEY_POLICY, "kp", { keyId: "x", policy: ours() }, [k]);
  assert.deepEqual(await validateStack(policy, [k, byDep]), []);
});

test("a signing key with no policy at all (AWS's default: root kms:*) is flagged", async () => {
  const { policy: _, ...props } = signing().props;
  const k = res(KEY, "signing", props);
  assert.deepEqual(await validateStack(policy, [k]), [
    {
      urn: k.urn,
      message:
        'Signing key "signing" has no key policy: AWS\'s default gives the account root kms:*, so any IAM policy in the account could grant kms:Sign; set a policy that grants kms:Sign to the signer roles only.',
    },
  ]);
});

test("symmetric keys are not judged (the default key policy is fine there)", async () => {
  for (const keyUsage of ["ENCRYPT_DECRYPT", undefined])
    assert.deepEqual(
      await validateStack(policy, [res(KEY, "k", { keyUsage, policy: doc(allow({ AWS: ROOT }, "kms:*")) })]),
      [],
    );
});

test("unknown values during preview are skipped, not flagged or thrown", async () => {
  assert.deepEqual(
    await validateStack(policy, [signing({ keyUsage: UNKNOWN.string, policy: doc(allow("*", "*")) })]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [signing({ policy: UNKNOWN.string })]), []);
  const k = signing({ policy: undefined });
  const unknownTarget = res(KEY_POLICY, "kp", { keyId: UNKNOWN.string, policy: doc(allow("*", "*")) });
  assert.deepEqual(await validateStack(policy, [k, unknownTarget]), []);
});

test("an unreadable policy document says nothing (other policies parse documents)", async () => {
  assert.deepEqual(await validateStack(policy, [signing({ policy: "not json" })]), []);
});

test('empty strings: policy "" is no policy (AWS applies its default: flagged); keyUsage "" is not SIGN_VERIFY (not judged)', async () => {
  const k = signing({ policy: "" });
  const found = await validateStack(policy, [k]);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /has no key policy/);
  assert.deepEqual(await validateStack(policy, [signing({ keyUsage: "", policy: "" })]), []);
});
