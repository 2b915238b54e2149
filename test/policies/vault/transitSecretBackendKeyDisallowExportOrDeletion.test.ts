import assert from "node:assert/strict";
import { test } from "node:test";
import { transitSecretBackendKeyDisallowExportOrDeletion as p } from "../../../policy-pack/policies/vault/transitSecretBackendKeyDisallowExportOrDeletion";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { TRANSIT_KEY, transitKey } from "./vaultFixtures";

const K = 'Vault transit key "transcripts"';

test("a key that cannot leave Vault or be deleted passes (flags false, or unset: Vault's defaults)", async () => {
  assert.deepEqual(await violations(p, TRANSIT_KEY, transitKey()), []);
  assert.deepEqual(await violations(p, TRANSIT_KEY, { backend: "transit", name: "transcripts" }), []);
  assert.deepEqual(await violations(p, TRANSIT_KEY, transitKey({ exportable: "" })), []);
});

test("each of exportable, allowPlaintextBackup and deletionAllowed is flagged", async () => {
  assert.deepEqual(
    await violations(
      p,
      TRANSIT_KEY,
      transitKey({ exportable: true, allowPlaintextBackup: "true", deletionAllowed: true }),
    ),
    [
      `${K} sets exportable: the key material can be read out (transit/export), so ciphertext is only as safe as every copy; set it to false.`,
      `${K} sets allowPlaintextBackup: a backup holds the key in plaintext; set it to false.`,
      `${K} sets deletionAllowed: the key can be deleted, and every prompt and transcript encrypted with it; set it to false.`,
    ],
  );
});

test("an unknown flag is the SDK's advisory note during preview", async () => {
  assert.deepEqual(
    await validate(p, { type: TRANSIT_KEY, props: transitKey({ exportable: UNKNOWN.boolean }) }),
    {
      violations: [],
      unknownRead: "boolean value at .exportable can't be known during preview",
    },
  );
});
