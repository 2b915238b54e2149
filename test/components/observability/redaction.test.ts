import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  callLua,
  loadTranscripts,
  requireLuajit,
  runFilter,
  type FilterInput,
  type FilterOutput,
} from "./redactionHarness";

// The exact redaction.lua Fluent Bit loads, run by LuaJIT through a harness that calls its callback the
// way the Lua filter does (plugins/filter_lua/lua.c: cb(tag, timestamp, record) -> code, ts, record).

requireLuajit();

const KEY = "rampart-test-redaction-key-0123456789abcdef";
const OTHER_KEY = "another-redaction-key-fedcba9876543210";

const hmac12 = (key: string, msg: string) => createHmac("sha256", key).update(msg).digest("hex").slice(0, 12);

/** Every string in a record, in one text (what could leave the node). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v !== null && typeof v === "object") Object.values(v).forEach((x) => strings(x, out));
  return out;
}
const textOf = (o: FilterOutput) => strings(o.record).join("\n");

const record = (fields: Record<string, unknown>): FilterInput => ({
  tag: "kube.var.log.containers.app_inference_app-0.log",
  timestamp: 1764646507.5,
  record: fields,
});

describe("SHA-256 and HMAC-SHA-256 in LuaJIT", () => {
  test("the RFC 4231 test vectors", () => {
    // https://www.rfc-editor.org/rfc/rfc4231#section-4 (cases 1-4, 6, 7; case 5 is a truncated output)
    const hex = (h: string) => Buffer.from(h, "hex").toString("latin1");
    const cases: [string, string, string][] = [
      [hex("0b".repeat(20)), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"],
      [
        "Jefe",
        "what do ya want for nothing?",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
      ],
      [
        hex("aa".repeat(20)),
        hex("dd".repeat(50)),
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
      ],
      [
        hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
        hex("cd".repeat(50)),
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
      ],
      [
        hex("aa".repeat(131)),
        "Test Using Larger Than Block-Size Key - Hash Key First",
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
      ],
      [
        hex("aa".repeat(131)),
        "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
      ],
    ];
    // Raw bytes (the keys and data of cases 3-7 are not UTF-8 text).
    const bytes = (v: string) => Buffer.from(v, "latin1");
    const results = callLua(cases.map(([k, m]) => ({ fn: "hmac_sha256_hex", args: [bytes(k), bytes(m)] })));
    cases.forEach(([, , expected], i) => assert.equal(results[i], expected, `RFC 4231 case ${i + 1}`));
  });

  test("SHA-256 and HMAC agree with node:crypto on every length across the padding boundaries", () => {
    const msgs = Array.from({ length: 140 }, (_, n) =>
      "abcdefghijklmnopqrstuvwxyz0123456789".repeat(4).slice(0, n),
    );
    const keys = ["k", "x".repeat(63), "y".repeat(64), "z".repeat(65), KEY];
    const calls = [
      ...msgs.map((m) => ({ fn: "sha256_hex", args: [m] })),
      ...keys.flatMap((k) =>
        msgs.filter((_, i) => i % 7 === 0).map((m) => ({ fn: "hmac_sha256_hex", args: [k, m] })),
      ),
    ];
    const got = callLua(calls);
    calls.forEach((c, i) => {
      const want =
        c.fn === "sha256_hex"
          ? createHash("sha256").update(c.args[0]!).digest("hex")
          : createHmac("sha256", c.args[0]!).update(c.args[1]!).digest("hex");
      assert.equal(got[i], want, `${c.fn}(${c.args.map((a) => a.length).join(", ")} bytes)`);
    });
  });
});

describe("the sample transcripts and request logs", () => {
  const fixtures = loadTranscripts();
  const outputs = runFilter(fixtures, KEY);

  test("the fixtures cover every kind of identifier and credential", () => {
    const kinds = new Set(fixtures.flatMap((f) => f.masked.map((m) => m.as)));
    for (const k of [
      "EMAIL",
      "PHONE",
      "CARD",
      "SSN",
      "NINO",
      "REDACTED:bearer",
      "REDACTED:jwt",
      "REDACTED:api-key",
      "REDACTED:aws-access-key-id",
      "REDACTED:aws-secret-access-key",
      "REDACTED:password",
    ])
      assert.ok(kinds.has(k), `no fixture masks ${k}`);
  });

  for (const [i, f] of fixtures.entries()) {
    test(`${f.id}: masks what it must and keeps the rest`, () => {
      const out = outputs[i]!;
      const text = textOf(out);
      for (const m of f.masked) {
        assert.ok(!text.includes(m.value), `${JSON.stringify(m.value)} survived:\n${text}`);
        const placeholder = m.as.startsWith("REDACTED:")
          ? `[${m.as}]`
          : new RegExp(`\\[${m.as}:[0-9a-f]{12}\\]`);
        assert.ok(
          typeof placeholder === "string" ? text.includes(placeholder) : placeholder.test(text),
          `no ${m.as} placeholder for ${JSON.stringify(m.value)}:\n${text}`,
        );
      }
      for (const k of f.kept) assert.ok(text.includes(k), `${JSON.stringify(k)} was altered:\n${text}`);
      assert.equal(
        out.code,
        f.masked.length > 0 ? 2 : 0,
        "2 (modified, timestamp kept) iff anything was masked",
      );
      assert.equal(out.timestamp, f.timestamp);
      // Numbers are not text: they pass unchanged (token counts, status codes, latencies).
      for (const [k, v] of Object.entries(f.record))
        if (typeof v === "number") assert.equal(out.record[k], v, `number field ${k}`);
    });
  }

  test("a record with nothing to mask comes back identical", () => {
    const i = fixtures.findIndex((f) => f.id === "chat-benign-numbers");
    assert.deepEqual(outputs[i]!.record, fixtures[i]!.record);
  });

  test("identifiers become the first 12 hex of HMAC-SHA-256(key, KIND:normalised), as node:crypto computes", () => {
    const all = outputs.map(textOf).join("\n");
    for (const [kind, normalised] of [
      ["EMAIL", "alice.smith+billing@example.com"],
      ["EMAIL", "carol.jones@example.co.uk"],
      ["CARD", "4111111111111111"],
      ["CARD", "378282246310005"],
      ["SSN", "123456789"],
      ["NINO", "AB123456C"],
      ["PHONE", "2015550123"],
      ["PHONE", "+442079460958"],
    ])
      assert.ok(all.includes(`[${kind}:${hmac12(KEY, `${kind}:${normalised}`)}]`), `${kind} ${normalised}`);
  });
});

describe("keyed hashing", () => {
  const text = (v: string) => ({ message: v });
  const inputs = [
    record(text("mail Alice.Smith@Example.com about 4111 1111 1111 1111")),
    record(text("ALICE.SMITH@EXAMPLE.COM paid with 4111-1111-1111-1111")),
    record(text("bob@example.com paid with 5555 5555 5555 4444")),
  ];
  const tags = (outs: FilterOutput[]) =>
    outs.map((o) => (o.record.message as string).match(/\[[A-Z]+:[0-9a-f]{12}\]/g));
  const a = tags(runFilter(inputs, KEY));
  const b = tags(runFilter(inputs, KEY));
  const c = tags(runFilter(inputs, OTHER_KEY));

  test("the same value gets the same tag in every record and run (case and separators normalised)", () => {
    assert.deepEqual(a, b);
    assert.deepEqual(a[0], a[1], "same e-mail and card, written differently");
  });
  test("different values get different tags", () => {
    assert.notDeepEqual(a[0]![0], a[2]![0]);
    assert.notDeepEqual(a[0]![1], a[2]![1]);
  });
  test("another key gives unrelated tags (tags cannot be joined across deployments)", () => {
    a.flat().forEach((t, i) => assert.notEqual(t, c.flat()[i]));
  });
});

describe("cards: the Luhn checksum decides", () => {
  const luhn = (d: string) =>
    [...d].reverse().reduce((s, ch, i) => {
      let x = Number(ch) * (i % 2 === 1 ? 2 : 1);
      if (x > 9) x -= 9;
      return s + x;
    }, 0) %
      10 ===
    0;

  test("a 13-19 digit number starting 2-6 is masked exactly when its checksum holds", () => {
    const numbers = fc.sample(
      fc
        .tuple(fc.constantFrom("2", "3", "4", "5", "6"), fc.integer({ min: 12, max: 18 }))
        .chain(([lead, n]) =>
          fc
            .array(fc.constantFrom(..."0123456789"), { minLength: n, maxLength: n })
            .map((ds) => lead + ds.join("")),
        ),
      { numRuns: 300, seed: 13 },
    );
    const got = callLua(
      numbers.map((n) => ({ fn: "redact_text", args: [`order ${n} paid`] })),
      KEY,
    );
    numbers.forEach((n, i) => {
      const masked = got[i] !== `order ${n} paid`;
      assert.equal(masked, luhn(n), `${n} (Luhn ${luhn(n)})`);
    });
    assert.ok(numbers.some(luhn) && numbers.some((n) => !luhn(n)), "the sample has both");
  });

  test("epoch timestamps and long ids are kept even when their checksum holds", () => {
    const kept = ["1764646507123", "1764646507123456789", "12345678903"];
    const got = callLua(
      kept.map((n) => ({ fn: "redact_text", args: [`t=${n} ok`] })),
      KEY,
    );
    kept.forEach((n, i) => assert.equal(got[i], `t=${n} ok`));
  });
});

describe("phones and look-alikes", () => {
  const cases: [string, boolean][] = [
    ["call +1 415 555 2671 now", true],
    ["call +14155552671 now", true],
    ["call 1-201-555-0123 now", true],
    ["call 201.555.0123 now", true],
    ["call (201)555-0123 now", true],
    ["call 0161 496 0960 now", true],
    ["call 01632 960 001 now", true],
    ["ip 192.168.100.200 ok", false],
    ["date 2026-12-02 12:30:45 ok", false],
    ["version 10.11.12 ok", false],
    ["uuid 123e4567-e89b-12d3-a456-426614174000 ok", false],
    ["status 404 in 1234 ms", false],
    ["id 5551234567 ok", false],
    ["range 100-200-3000 ok", false],
  ];
  test("phone numbers are hashed; dates, IPs, versions, ids and status codes are kept", () => {
    const got = callLua(
      cases.map(([t]) => ({ fn: "redact_text", args: [t] })),
      KEY,
    );
    cases.forEach(([t, masked], i) => {
      if (masked) assert.match(got[i] as string, /\[PHONE:[0-9a-f]{12}\]/, t);
      else assert.equal(got[i], t);
    });
  });
});

describe("fail closed", () => {
  const input = record({
    log: "alice@example.com called",
    status: 200,
    ok: true,
    kubernetes: { pod_name: "app-0", labels: { app: "chat" } },
    messages: [{ role: "user", content: "my card is 4111 1111 1111 1111", tokens: 9 }],
  });

  for (const [why, key] of [
    ["no key", undefined],
    ["an empty key", ""],
    ["a key shorter than 16 bytes", "short-key"],
  ] as const) {
    test(`with ${why}, every string is dropped and the record says why`, () => {
      const [out] = runFilter([input], key);
      assert.equal(out!.code, 2);
      assert.deepEqual(strings(out!.record), [out!.record.rampart_redaction]);
      assert.match(out!.record.rampart_redaction as string, /^failed closed: RAMPART_REDACTION_KEY is/);
      assert.equal(out!.record.status, 200);
      assert.equal(out!.record.ok, true);
      assert.equal((out!.record.messages as { tokens: number }[])[0]!.tokens, 9);
    });
  }

  test("an error while redacting drops the strings instead of shipping the record unredacted", () => {
    // Fluent Bit ships a chunk untouched when the callback raises (protected mode); the script must not.
    let deep: Record<string, unknown> = { secret_note: "alice@example.com" };
    for (let i = 0; i < 80; i++) deep = { nested: deep };
    const [out] = runFilter([record({ log: "bob@example.com", deep })], KEY);
    assert.equal(out!.record.rampart_redaction, "failed closed: redaction error");
    assert.deepEqual(strings(out!.record), ["failed closed: redaction error"]);
  });
});
