/**
 * `@pulumi/policy`'s analyzer server decodes a request's properties (protobuf Struct -> plain JS) once per
 * policy: with ~90 policies that is ~90 identical decodes of every resource in `Analyze`, and one decode
 * of the whole stack per stack policy in `AnalyzeStack`. This memoises that decode by the Struct object
 * (one per request, dropped with it), so each resource is decoded once; every policy still gets its own
 * unknown-checking proxy over the data, exactly as before.
 *
 * Sound because policies only read `props`: test/policies/noThrow.test.ts asserts no policy mutates what
 * it is given. If the SDK's module shape changes, this installs nothing and the server works as shipped.
 */
interface DeserializeModule {
  deserializeProperties: (struct: object, proxySecrets: boolean) => Record<string, unknown>;
}

export function decodeEachRequestOnce(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("@pulumi/policy/deserialize") as Partial<DeserializeModule> & { __rampartMemo?: true };
  const original = mod.deserializeProperties;
  if (typeof original !== "function") return false;
  if (mod.__rampartMemo) return true;
  const caches = [
    new WeakMap<object, Record<string, unknown>>(),
    new WeakMap<object, Record<string, unknown>>(),
  ];
  mod.deserializeProperties = (struct, proxySecrets) => {
    if (struct === null || typeof struct !== "object") return original(struct, proxySecrets);
    const cache = caches[proxySecrets ? 1 : 0]!;
    let props = cache.get(struct);
    if (props === undefined) {
      props = original(struct, proxySecrets);
      cache.set(struct, props);
    }
    return props;
  };
  mod.__rampartMemo = true;
  return true;
}
