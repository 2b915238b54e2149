import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { decodeEachRequestOnce } from "../../../../policy-pack/lib/decodeOnce";
import {
  isUnknownValueError,
  POLICY_INTERNALS,
  POLICY_SDK_VERSION,
  PROXY_TARGET_KEY,
  replaceDeserializeProperties,
  UNKNOWN_VALUES,
  unknownCheckingProxy,
  UnknownValueError,
} from "../../../../policy-pack/lib/sdk/policyInternals";
import { shaped, shapeProblems } from "../../../../policy-pack/lib/sdk/shape";
import { isUnknownValueError as unknownTs, seen, UNSEEN } from "../../../../policy-pack/lib/unknown";

/**
 * The contract between the pack and `@pulumi/policy`'s internals (policy-pack/lib/sdk/policyInternals.ts).
 * When an upgrade changes one of them, a test here fails and names it; an upgrade must also update the
 * version the internals were read from, so it cannot slip in through the lock file alone.
 */

const PACK = path.resolve(__dirname, "../../../../policy-pack");
// Resolved as the pack resolves it (the pack is an npm workspace; its packages may be hoisted).
const requireFromPack = (id: string) => require.resolve(id, { paths: [PACK] });

describe("the installed @pulumi/policy is the version the internals were read from", () => {
  test("policy-pack/package.json pins it exactly, to the version policyInternals.ts names", () => {
    const pin = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")).dependencies[
      "@pulumi/policy"
    ];
    assert.equal(
      pin,
      POLICY_SDK_VERSION,
      `policy-pack/package.json pins @pulumi/policy "${pin}"; policyInternals.ts was read from ${POLICY_SDK_VERSION}`,
    );
  });

  test("the installed package is that version", () => {
    const installed = JSON.parse(fs.readFileSync(requireFromPack("@pulumi/policy/package.json"), "utf8"))
      .version as string;
    // The SDK writes its version with a leading "v" ("v1.21.0").
    assert.equal(
      installed.replace(/^v/, ""),
      POLICY_SDK_VERSION,
      `installed @pulumi/policy is ${installed}; re-check policy-pack/lib/sdk/policyInternals.ts against it`,
    );
  });

  test("the pack resolves the same copy as this test", () => {
    assert.equal(requireFromPack("@pulumi/policy/proxy"), require.resolve("@pulumi/policy/proxy"));
  });
});

describe("every internal export the pack uses is there, with its kind", () => {
  for (const [modulePath, shape] of Object.entries(POLICY_INTERNALS)) {
    test(modulePath, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      assert.deepEqual(shapeProblems(modulePath, require(modulePath), shape), []);
    });
  }

  test("the check names each missing or changed export", () => {
    assert.deepEqual(
      shapeProblems("m", { a: () => 1, b: 2 }, { a: "function", b: "string", c: "function" }),
      ['m: export "b" should be a string, is number', 'm: export "c" should be a function, is missing'],
    );
    assert.deepEqual(shapeProblems("m", undefined, { a: "function" }), ["m: not a module (got undefined)"]);
    // A door fails on load with all of them at once, naming the version it was written against.
    assert.throws(
      () =>
        shaped(
          "m",
          { b: 2 },
          { a: "function", b: "string" },
          { sdk: "sdk", version: "1.0.0", door: "door.ts" },
        ),
      {
        message:
          "sdk no longer has the internals Rampart uses (written against 1.0.0; see door.ts):\n" +
          '  m: export "a" should be a function, is missing\n  m: export "b" should be a string, is number',
      },
    );
  });
});

describe("the proxy behaves as the pack's readers expect", () => {
  test("reading each kind of unknown value throws UnknownValueError, which isUnknownValueError knows", () => {
    const sentinels = Object.values(UNKNOWN_VALUES);
    assert.equal(new Set(sentinels).size, 7, "seven distinct sentinels");
    for (const [kind, sentinel] of Object.entries(UNKNOWN_VALUES)) {
      const props = unknownCheckingProxy({ spec: { value: sentinel } });
      let thrown: unknown;
      try {
        void props.spec.value;
      } catch (err) {
        thrown = err;
      }
      assert.ok(thrown instanceof UnknownValueError, `${kind}: ${String(thrown)}`);
      assert.equal(isUnknownValueError(thrown), true, kind);
      assert.equal(unknownTs(thrown), true, `${kind}: lib/unknown.ts re-exports the same test`);
    }
    assert.equal(isUnknownValueError(new Error("x")), false);
  });

  test("seen() turns an unknown read into UNSEEN and passes known values and other errors through", () => {
    const props = unknownCheckingProxy({ a: UNKNOWN_VALUES.string, b: "known" });
    assert.equal(
      seen(() => props.a),
      UNSEEN,
    );
    assert.equal(
      seen(() => props.b),
      "known",
    );
    assert.throws(() =>
      seen(() => {
        throw new TypeError("a bug");
      }),
    );
  });

  test("the proxy target key returns the plain object under the proxy", () => {
    const target = { a: { b: UNKNOWN_VALUES.number } };
    const props = unknownCheckingProxy(target) as Record<string, any>;
    assert.equal(props[PROXY_TARGET_KEY], target);
    assert.equal(props.a[PROXY_TARGET_KEY], target.a);
  });
});

describe("the decoder the server calls can be replaced", () => {
  test("server.js calls deserializeProperties through the module at each call", () => {
    const server = fs.readFileSync(requireFromPack("@pulumi/policy/server.js"), "utf8");
    const calls = [...server.matchAll(/(\S*)deserializeProperties\b/g)].map((m) => m[1]);
    assert.ok(calls.length > 0, "server.js no longer calls deserializeProperties");
    // A destructured or aliased binding would keep the original function and ignore the replacement.
    assert.deepEqual(
      calls.filter((c) => !/(^|\()deserialize_1\.$/.test(c!)),
      [],
      "server.js reads deserializeProperties other than as deserialize_1.deserializeProperties",
    );
  });

  test("decodeEachRequestOnce decodes each request's Struct once, per secrets mode", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require("@pulumi/policy/deserialize") as {
      deserializeProperties: (s: object, p: boolean) => any;
    };
    const original = mod.deserializeProperties;
    decodeEachRequestOnce();
    assert.notEqual(mod.deserializeProperties, original, "the module's decoder was replaced");
    // A second copy of the pack's code in the same process keeps the first replacement.
    const replaced = mod.deserializeProperties;
    assert.equal(
      replaceDeserializeProperties(() => () => ({})),
      false,
    );
    assert.equal(mod.deserializeProperties, replaced);

    const struct = Struct.fromJavaScript({ bucket: "logs", versioning: { enabled: true } });
    const first = mod.deserializeProperties(struct, false);
    assert.deepEqual({ ...first }, { bucket: "logs", versioning: { enabled: true } });
    assert.equal(mod.deserializeProperties(struct, false), first, "the same request is decoded once");
    assert.notEqual(mod.deserializeProperties(struct, true), first, "secret-proxying decodes apart");
    const other = Struct.fromJavaScript({ bucket: "logs", versioning: { enabled: true } });
    assert.notEqual(mod.deserializeProperties(other, false), first, "another request is decoded anew");
  });
});
