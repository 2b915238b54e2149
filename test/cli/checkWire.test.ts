import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { analyzerPb as pb } from "../../cli/sdk/pulumiInternals";
import { marshalProperties, SecretSet } from "../../cli/check/properties";
import { encodeStruct, readDiagnostics, stackRequestBytes, withProperties } from "../../cli/check/wire";

// rampart check writes Analyze and AnalyzeStack requests itself (cli/check/wire.ts). These tests hold
// that encoding to the stubs' own: what the policy server decodes must be exactly what it would have
// decoded from a request built with the stub classes.

type JsonObject = Parameters<typeof Struct.fromJavaScript>[0];

/**
 * Property maps as they reach the wire: JSON objects, any nesting, without `__`-prefixed keys (the
 * engine's internal keys, which marshalProperties drops at every depth, as the engine does). That keeps
 * out `__proto__`, the one key the stub loses: struct_pb keeps map entries in a plain object.
 */
const properties = fc
  .dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 })
  .map(
    (o) =>
      JSON.parse(JSON.stringify(o), (key: string, value: unknown) =>
        key.startsWith("__") ? undefined : value,
      ) as Record<string, unknown>,
  );

const SAMPLE = {
  name: "vllm",
  replicas: 2,
  ratio: -0.25,
  big: 2 ** 53,
  enabled: false,
  empty: "",
  none: null,
  zero: 0,
  list: [1, "two", null, true, [], {}],
  nested: { a: { b: { c: "ünïcödé ✓ 🚀" } }, "": "empty key", "z-last": 1, "A-first": 2 },
};

const stubStruct = (props: Record<string, unknown>) => Struct.fromJavaScript(props as JsonObject);

/** Byte equality whatever the container (protobufjs writes Buffers, the stubs Uint8Arrays). */
function sameBytes(actual: Uint8Array, expected: Uint8Array): void {
  assert.equal(Buffer.from(actual).toString("hex"), Buffer.from(expected).toString("hex"));
}

test("a Struct is encoded byte for byte as struct_pb encodes it", () => {
  sameBytes(encodeStruct(SAMPLE), stubStruct(SAMPLE).serializeBinary());
  fc.assert(
    fc.property(properties, (props) => {
      sameBytes(encodeStruct(props), stubStruct(props).serializeBinary());
    }),
    { numRuns: 300 },
  );
});

test("internal keys never reach the wire, at any depth (a `__proto__` key included)", () => {
  // JSON.parse makes `__proto__` an own property, as an export read from disk would have it.
  const props = JSON.parse(
    '{"__meta": 1, "__proto__": {"polluted": true}, "tags": {"__proto__": "x", "owner": "a"},' +
      ' "list": [{"__inner": 2, "ok": 3}]}',
  ) as Record<string, unknown>;
  const marshalled = marshalProperties(props, new SecretSet());
  assert.deepEqual(JSON.parse(JSON.stringify(marshalled)), { tags: { owner: "a" }, list: [{ ok: 3 }] });
  const decoded = Struct.deserializeBinary(encodeStruct(marshalled)).toJavaScript();
  assert.deepEqual(decoded, { tags: { owner: "a" }, list: [{ ok: 3 }] });
  sameBytes(encodeStruct(marshalled), stubStruct(marshalled).serializeBinary());
});

test("a value that is not JSON is refused, as Value.fromJavaScript refuses it", () => {
  assert.throws(() => encodeStruct({ f: () => 1 }), /cannot encode a function as a protobuf Value/);
});

function options(): pb.AnalyzerResourceOptions {
  const o = new pb.AnalyzerResourceOptions();
  o.setProtect(true);
  o.setAliasesList(["urn:pulumi:dev::p::t::old"]);
  o.setParent("urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev");
  const ct = new pb.AnalyzerResourceOptions.CustomTimeouts();
  ct.setCreate(600);
  o.setCustomtimeouts(ct);
  return o;
}

function provider(): pb.AnalyzerProviderResource {
  const p = new pb.AnalyzerProviderResource();
  p.setUrn("urn:pulumi:dev::p::pulumi:providers:aws::default");
  p.setType("pulumi:providers:aws");
  p.setName("default");
  p.setProperties(stubStruct({ region: "us-east-1" }));
  return p;
}

test("an AnalyzeRequest with its properties appended decodes as the stub-built request", () => {
  fc.assert(
    fc.property(properties, (props) => {
      const envelope = new pb.AnalyzeRequest();
      envelope.setUrn("urn:pulumi:dev::p::aws:s3/bucketV2:BucketV2::b");
      envelope.setType("aws:s3/bucketV2:BucketV2");
      envelope.setName("b");
      envelope.setOptions(options());
      envelope.setProvider(provider());
      const expected = envelope.cloneMessage();
      expected.setProperties(stubStruct(props));

      const decoded = pb.AnalyzeRequest.deserializeBinary(withProperties(envelope, props));
      assert.deepEqual(decoded.toObject(), expected.toObject());
      assert.deepEqual(decoded.getProperties()?.toJavaScript(), expected.getProperties()?.toJavaScript());
    }),
    { numRuns: 100 },
  );
});

test("an AnalyzeStackRequest decodes to the stub-built one, resources in order", () => {
  const resources = [SAMPLE, {}, { tags: { owner: "team-1" } }].map((props, i) => {
    const r = new pb.AnalyzerResource();
    r.setUrn(`urn:pulumi:dev::p::aws:ec2/subnet:Subnet::s${i}`);
    r.setType("aws:ec2/subnet:Subnet");
    r.setName(`s${i}`);
    r.setOptions(options());
    r.setProvider(provider());
    r.setParent("urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev");
    r.setDependenciesList(["urn:pulumi:dev::p::aws:kms/key:Key::k"]);
    const pd = new pb.AnalyzerPropertyDependencies();
    pd.setUrnsList(["urn:pulumi:dev::p::aws:kms/key:Key::k"]);
    r.getPropertydependenciesMap().set("kmsKeyId", pd);
    return { envelope: r, props };
  });
  const bytes = stackRequestBytes(resources.map((r) => withProperties(r.envelope, r.props)));

  const expected = new pb.AnalyzeStackRequest();
  expected.setResourcesList(
    resources.map(({ envelope, props }) => {
      const full = envelope.cloneMessage();
      full.setProperties(stubStruct(props));
      return full;
    }),
  );
  assert.deepEqual(pb.AnalyzeStackRequest.deserializeBinary(bytes).toObject(), expected.toObject());
  sameBytes(stackRequestBytes([]), new pb.AnalyzeStackRequest().serializeBinary());
});

test("a response's diagnostics are read as the stub reads them; not_applicable entries are skipped", () => {
  const response = new pb.AnalyzeResponse();
  for (const [name, level] of [
    ["aws-kms-key-require-rotation", pb.EnforcementLevel.MANDATORY],
    ["aws-ec2-securitygroup-disallow-unrestricted-egress", pb.EnforcementLevel.ADVISORY],
  ] as const) {
    const d = new pb.AnalyzeDiagnostic();
    d.setPolicyname(name);
    d.setPolicypackname("rampart");
    d.setPolicypackversion("0.1.0");
    d.setDescription("why it matters");
    d.setMessage("why it matters\nwhat is wrong");
    d.setEnforcementlevel(level);
    d.setUrn("urn:pulumi:dev::p::aws:kms/key:Key::k");
    response.addDiagnostics(d);
  }
  for (let i = 0; i < 30; i++) {
    const na = new pb.PolicyNotApplicable();
    na.setPolicyName(`policy-${i}`);
    na.setReason("Policy only applies to resources of type 'aws:s3/bucketV2:BucketV2'");
    response.addNotApplicable(na);
  }
  const bytes = response.serializeBinary();
  const read = readDiagnostics(bytes);
  assert.deepEqual(
    read.map((d) => d.toObject()),
    pb.AnalyzeResponse.deserializeBinary(bytes)
      .getDiagnosticsList()
      .map((d) => d.toObject()),
  );
  assert.equal(read.length, 2);
  assert.deepEqual(readDiagnostics(new pb.AnalyzeResponse().serializeBinary()), []);
});
