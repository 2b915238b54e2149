import assert from "node:assert/strict";
import { test } from "node:test";
import { renderTree } from "../../cli/plan";
import type { CapturedResource } from "../../cli/runtime/mockRun";

/** plan's tree prints names from the program: control characters must not reach the terminal raw. */
test("plan's tree escapes control characters and bidi overrides in names and types", () => {
  const resource = (name: string, type: string, custom: boolean, parent?: string): CapturedResource =>
    ({
      urn: `urn:pulumi:dev::rampart::${type}::${name}`,
      type,
      name,
      custom,
      parent,
      dependencies: [],
      propertyDependencies: {},
      inputs: {},
      outputs: {},
      protect: false,
      deleteBeforeReplace: false,
      retainOnDelete: false,
      ignoreChanges: [],
      additionalSecretOutputs: [],
    }) as unknown as CapturedResource;
  const root = resource("stack\x1b[2K\rPASS: 0 mandatory violations", "pulumi:pulumi:Stack", false);
  const child = resource("bucket", "aws:s3/bucket:Bucket\u202e", true, root.urn);
  const text = renderTree([root, child]);
  assert.doesNotMatch(text, /[\x1b\r\u202e]/);
  assert.match(text, /stack\\x1b\[2K\\x0dPASS/);
});
