import assert from "node:assert/strict";
import { test } from "node:test";
import { resourcePolicy, stackPolicy } from "../../policy-pack/lib/policy";
import { validate, validateStack } from "./helpers/policyHarness";

/** The harness refuses a policy that writes to the properties it reads (the pack shares decoded data). */

test("a resource policy that mutates its props is caught", async () => {
  const writer = resourcePolicy({
    name: "probe-writer",
    description: "writes",
    types: ["aws:s3/bucket:Bucket"],
    check: (props) => {
      props.tags = { touched: "yes" };
    },
  });
  await assert.rejects(validate(writer, { type: "aws:s3/bucket:Bucket", props: {} }), /probe-writer mutated/);
});

test("a stack policy that mutates a resource's props is caught", async () => {
  const writer = stackPolicy({
    name: "probe-stack-writer",
    description: "writes",
    types: ["aws:s3/bucket:Bucket"],
    check: (resources) => {
      for (const r of resources) r.props.acl = "public-read";
      return [];
    },
  });
  await assert.rejects(
    validateStack(writer, [{ type: "aws:s3/bucket:Bucket", props: { bucket: "b" } }]),
    /probe-stack-writer mutated/,
  );
});
