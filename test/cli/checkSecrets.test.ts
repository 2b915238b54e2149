import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { REDACTED_SECRET, SecretSet } from "../../cli/check/properties";

const secretsOf = (...values: string[]) => {
  const set = new SecretSet();
  for (const v of values) set.add(v);
  return set;
};

/** The reference: mark every character any occurrence of any secret covers, then collapse each run. */
function naive(text: string, secrets: readonly string[]): string {
  const covered = new Array<boolean>(text.length).fill(false);
  for (const s of secrets.filter((v) => v.length >= 4)) {
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) covered.fill(true, i, i + s.length);
  }
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) out += text[i];
    else if (i === 0 || !covered[i - 1]) out += REDACTED_SECRET;
  }
  return out;
}

test("every occurrence of a secret is replaced", () => {
  const s = secretsOf("hunter2-password", "tok_abcd");
  assert.equal(
    s.scrub("login hunter2-password, token tok_abcd, again hunter2-password."),
    "login [secret], token [secret], again [secret].",
  );
});

test("overlapping or touching secrets leave no character of either", () => {
  assert.equal(secretsOf("abcdef", "xxabc").scrub("<xxabcdef>"), "<[secret]>");
  assert.equal(secretsOf("abcd", "efgh").scrub("(abcdefgh)"), "([secret])");
  assert.equal(secretsOf("aaaa").scrub("aaaaaa"), "[secret]");
});

test("values shorter than 4 characters are not treated as secrets", () => {
  const s = secretsOf("no", "1", "");
  assert.equal(s.size, 0);
  assert.equal(s.scrub("no 1 way"), "no 1 way");
});

test("secrets nested in objects and lists are collected", () => {
  const s = new SecretSet();
  s.add({ user: "admin-user", keys: ["key-one-1", { deep: "key-two-2" }], n: 42 });
  assert.equal(s.size, 3);
  assert.equal(s.scrub("admin-user key-one-1 key-two-2 42"), "[secret] [secret] [secret] 42");
});

test("scrubbing matches the reference on any text and secrets, added in any order", () => {
  const alphabet = fc.constantFrom("a", "b", "c", "-", " ");
  const word = fc.string({ unit: alphabet, minLength: 0, maxLength: 8 });
  fc.assert(
    fc.property(fc.array(word, { maxLength: 6 }), fc.array(word, { maxLength: 12 }), (secrets, parts) => {
      const text = parts.join("");
      const set = secretsOf(...secrets);
      assert.equal(set.scrub(text), naive(text, secrets));
      // Adding more secrets later rebuilds what the scrubber looks up.
      set.add(text.slice(0, 5));
      assert.equal(set.scrub(text), naive(text, [...secrets, text.slice(0, 5)]));
    }),
    { numRuns: 2000 },
  );
});
