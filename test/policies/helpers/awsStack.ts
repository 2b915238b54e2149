import type { StackResourceUnderTest } from "./policyHarness";

/** A stack resource with a readable URN derived from its type and name, for stack-policy tests. */
export function res(
  type: string,
  name: string,
  props: Record<string, any>,
  deps: StackResourceUnderTest[] = [],
): StackResourceUnderTest & { urn: string; name: string } {
  return {
    type,
    name,
    props,
    urn: `urn:pulumi:test::rampart::${type}::${name}`,
    dependencyUrns: deps.map((d) => d.urn!),
  };
}
