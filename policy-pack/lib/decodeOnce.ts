import { replaceDeserializeProperties } from "./sdk/policyInternals";

/**
 * `@pulumi/policy`'s analyzer server decodes a request's properties (protobuf Struct -> plain JS) once per
 * policy: every resource in `Analyze` is decoded again for each policy in the pack, and the whole stack
 * once per stack policy in `AnalyzeStack`. This memoises that decode by the Struct object (one per
 * request, dropped with it), so each resource is decoded once; every policy still gets its own
 * unknown-checking proxy over the data, exactly as before.
 *
 * Sound because policies only read `props`: test/policies/noThrow.test.ts asserts no policy mutates what
 * it is given. The replacement goes through lib/sdk/policyInternals.ts, whose contract test fails if the
 * SDK stops calling the decoder through its module.
 */
export function decodeEachRequestOnce(): void {
  replaceDeserializeProperties((original) => {
    const caches = [
      new WeakMap<object, Record<string, unknown>>(),
      new WeakMap<object, Record<string, unknown>>(),
    ];
    return (struct, proxySecrets) => {
      if (struct === null || typeof struct !== "object") return original(struct, proxySecrets);
      const cache = caches[proxySecrets ? 1 : 0]!;
      let props = cache.get(struct);
      if (props === undefined) {
        props = original(struct, proxySecrets);
        cache.set(struct, props);
      }
      return props;
    };
  });
}
