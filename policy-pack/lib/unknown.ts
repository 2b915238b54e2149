import { isUnknownValueError } from "./sdk/policyInternals";

/**
 * Values unknown during preview. The policy SDK wraps props in a proxy that throws its
 * `UnknownValueError` when an unknown value is read; the server turns that into an advisory "can't run
 * during preview" note for a resource policy. That is right for a resource policy (it cannot see what it
 * needs), but a stack policy looks at many resources: one unknown value must not silence it for all the
 * others. Stack policies read through `seen()` and skip what they cannot see.
 */

/** Whether `err` is the policy SDK's "unknown during preview" error (from lib/sdk/policyInternals.ts). */
export { isUnknownValueError };

/** Marks a value that could not be read because it is unknown during preview. */
export const UNSEEN: unique symbol = Symbol("unseen");
export type Unseen = typeof UNSEEN;

/** Reads a value, returning `UNSEEN` instead of throwing when it is unknown during preview. */
export function seen<T>(read: () => T): T | Unseen {
  try {
    return read();
  } catch (err) {
    if (isUnknownValueError(err)) return UNSEEN;
    throw err;
  }
}
