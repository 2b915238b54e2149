/**
 * The one door to `@pulumi/policy`'s internals. The pack relies on two of the SDK's modules that are not
 * part of its public API (their exports are marked `@internal`, so absent from the .d.ts files):
 *
 * - `proxy`: the unknown-checking proxy the analyzer server wraps props in, its `UnknownValueError`, the
 *   key that reads the plain object under a proxy, and the sentinel strings of values unknown during
 *   preview. Stack policies catch that error instead of losing their whole verdict to one unknown value
 *   (lib/unknown.ts); the readers of plain values look under the proxy (lib/values.ts).
 * - `deserialize`: `deserializeProperties`, which the server calls once per policy per request and which
 *   lib/decodeOnce.ts memoises.
 *
 * Nothing else in the pack may require a path under `@pulumi/policy/`. Every shape used here is checked
 * when this module loads (one error naming each missing export), and test/policy-pack/lib/sdk/
 * policyInternals.test.ts checks it, their behaviour, and that the installed SDK is the version pinned in
 * policy-pack/package.json: an upgrade must go through that test.
 */

import { type Shape, shaped } from "./shape";

/** The `@pulumi/policy` version these internals were read from (pinned exactly in policy-pack/package.json). */
export const POLICY_SDK_VERSION = "1.21.0";

const PROXY = {
  unknownCheckingProxy: "function",
  UnknownValueError: "function",
  getSpecialProxyTarget: "string",
  unknownBooleanValue: "string",
  unknownNumberValue: "string",
  unknownStringValue: "string",
  unknownArrayValue: "string",
  unknownAssetValue: "string",
  unknownArchiveValue: "string",
  unknownObjectValue: "string",
} as const satisfies Shape;

const DESERIALIZE = { deserializeProperties: "function" } as const satisfies Shape;

/** The internal modules we use and what we use of each, by require path. */
export const POLICY_INTERNALS = {
  "@pulumi/policy/proxy": PROXY,
  "@pulumi/policy/deserialize": DESERIALIZE,
} as const;

const FROM = {
  sdk: "@pulumi/policy",
  version: POLICY_SDK_VERSION,
  door: "policy-pack/lib/sdk/policyInternals.ts",
} as const;
/* eslint-disable @typescript-eslint/no-require-imports -- internal modules, absent from the .d.ts files */
const proxy = shaped("@pulumi/policy/proxy", require("@pulumi/policy/proxy"), PROXY, FROM);
const deserialize = shaped(
  "@pulumi/policy/deserialize",
  require("@pulumi/policy/deserialize"),
  DESERIALIZE,
  FROM,
);
/* eslint-enable @typescript-eslint/no-require-imports */

/** The error the SDK's proxy throws when a policy reads a value unknown during preview. */
export const UnknownValueError = proxy.UnknownValueError as new (...args: any[]) => Error;

/** Whether `err` is the policy SDK's "unknown during preview" error. */
export function isUnknownValueError(err: unknown): boolean {
  return err instanceof UnknownValueError;
}

/** Wraps `value` the way the analyzer server wraps a resource's props (reading an unknown value throws). */
export const unknownCheckingProxy = proxy.unknownCheckingProxy as <T>(value: T) => T;

/** The property that returns the plain object under one of the SDK's proxies. */
export const PROXY_TARGET_KEY = proxy.getSpecialProxyTarget as string;

/** The SDK's sentinel strings for values unknown during preview, one per kind of value. */
export const UNKNOWN_VALUES = {
  boolean: proxy.unknownBooleanValue as string,
  number: proxy.unknownNumberValue as string,
  string: proxy.unknownStringValue as string,
  array: proxy.unknownArrayValue as string,
  asset: proxy.unknownAssetValue as string,
  archive: proxy.unknownArchiveValue as string,
  object: proxy.unknownObjectValue as string,
} as const;

/** The server's decoder of a request's properties (a protobuf Struct) into plain JS. */
export type DeserializeProperties = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

const REPLACED = Symbol.for("rampart.policyInternals.deserializePropertiesReplaced");

/**
 * Replaces the decoder the analyzer server calls, with `wrap(original)`. The server reads it from the
 * module at each call (server.js `deserialize_1.deserializeProperties(...)`), so the replacement applies
 * to every request from then on. Done once per process: a second call (a second copy of the pack's code)
 * keeps the first replacement and returns false.
 */
export function replaceDeserializeProperties(
  wrap: (original: DeserializeProperties) => DeserializeProperties,
): boolean {
  const mod = deserialize as { deserializeProperties: DeserializeProperties; [REPLACED]?: true };
  if (mod[REPLACED]) return false;
  mod.deserializeProperties = wrap(mod.deserializeProperties);
  mod[REPLACED] = true;
  return true;
}
