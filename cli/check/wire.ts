import { BinaryReader } from "google-protobuf";
import { Writer } from "protobufjs/minimal";
import { ANALYZER_FIELDS, analyzerPb as pb } from "../sdk/pulumiInternals";

/**
 * The Analyzer's two bulk messages, encoded straight from the export's JSON into protobuf bytes.
 *
 * Building them as the stubs' message objects (`Struct.fromJavaScript`, one jspb object per value) and
 * then serializing them cost the client most of its time and memory on a large stack, the AnalyzeStack
 * request above all (it holds every resource's outputs). Here each request is written once, with
 * protobufjs' writer, into the bytes the stubs would have produced:
 *
 * - the envelope (type, URN, name, options, provider reference, parent, dependencies) is still a stub
 *   message, serialized by the stub; only `properties` (field 2, a `google.protobuf.Struct`) is written
 *   here and appended. Protobuf fields may come in any order, so the message decodes exactly as the stub's;
 * - the Struct is written as `struct_pb` writes it: map keys sorted, every `Value` oneof written even at its
 *   default. test/cli/checkWire.test.ts asserts byte equality with the stub's own encoding.
 *
 * Responses are read with the stubs' readers, but only the diagnostics: `not_applicable` (one entry per
 * policy that skipped the resource by type, dozens per call for a pack written with validateResourceOfType)
 * is not used by `rampart check`, so it is skipped instead of being built into objects.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Wire types and tags: (field << 3) | wire type.
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const tag = (field: number, wireType: number) => (field << 3) | wireType;

// google.protobuf.Struct { map<string, Value> fields = 1; } (a map entry: key = 1, value = 2)
const STRUCT_FIELDS = tag(1, LEN);
const ENTRY_KEY = tag(1, LEN);
const ENTRY_VALUE = tag(2, LEN);
// google.protobuf.Value oneof kind { null_value = 1; number_value = 2; string_value = 3; bool_value = 4;
// struct_value = 5; list_value = 6; }, ListValue { repeated Value values = 1; }
const NULL_VALUE = tag(1, VARINT);
const NUMBER_VALUE = tag(2, FIXED64);
const STRING_VALUE = tag(3, LEN);
const BOOL_VALUE = tag(4, VARINT);
const STRUCT_VALUE = tag(5, LEN);
const LIST_VALUE = tag(6, LEN);
const LIST_VALUES = tag(1, LEN);

// AnalyzeRequest.properties and AnalyzerResource.properties have the same field number, so
// withProperties writes either (the contract test checks both); AnalyzeStackRequest { repeated
// AnalyzerResource resources; }.
const PROPERTIES = tag(ANALYZER_FIELDS.analyzeRequestProperties, LEN);
const STACK_RESOURCES = tag(ANALYZER_FIELDS.analyzeStackRequestResources, LEN);

function writeValue(w: Writer, value: Json): void {
  if (value === null) {
    w.uint32(NULL_VALUE).int32(0);
  } else if (typeof value === "number") {
    w.uint32(NUMBER_VALUE).double(value);
  } else if (typeof value === "string") {
    w.uint32(STRING_VALUE).string(value);
  } else if (typeof value === "boolean") {
    w.uint32(BOOL_VALUE).bool(value);
  } else if (Array.isArray(value)) {
    w.uint32(LIST_VALUE).fork();
    for (const item of value) {
      w.uint32(LIST_VALUES).fork();
      writeValue(w, item);
      w.ldelim();
    }
    w.ldelim();
  } else if (typeof value === "object") {
    w.uint32(STRUCT_VALUE).fork();
    writeStructFields(w, value);
    w.ldelim();
  } else {
    // As Value.fromJavaScript: anything else is not JSON.
    throw new Error(`cannot encode a ${typeof value} as a protobuf Value`);
  }
}

function writeStructFields(w: Writer, obj: { [key: string]: Json }): void {
  // struct_pb serializes map entries in sorted key order; so do we, for identical bytes.
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined) continue;
    w.uint32(STRUCT_FIELDS).fork();
    w.uint32(ENTRY_KEY).string(key);
    w.uint32(ENTRY_VALUE).fork();
    writeValue(w, v);
    w.ldelim();
    w.ldelim();
  }
}

/** A JSON object as the bytes of a `google.protobuf.Struct` (what `Struct.fromJavaScript(o).serializeBinary()` gives). */
export function encodeStruct(obj: Record<string, unknown>): Uint8Array {
  const w = Writer.create();
  writeStructFields(w, obj as { [key: string]: Json });
  return w.finish();
}

/**
 * A stub message without its `properties`, plus properties: the bytes of the message with them set.
 * Works for AnalyzeRequest and AnalyzerResource, whose `properties` are both field 2.
 */
export function withProperties(
  envelope: pb.AnalyzeRequest | pb.AnalyzerResource,
  properties: Record<string, unknown>,
): Uint8Array {
  const w = Writer.create();
  w.uint32(PROPERTIES).fork();
  writeStructFields(w, properties as { [key: string]: Json });
  w.ldelim();
  const head = envelope.serializeBinary();
  const tail = w.finish();
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

/** An AnalyzeStackRequest from its resources' encoded `AnalyzerResource` messages. */
export function stackRequestBytes(resources: Iterable<Uint8Array>): Uint8Array {
  const w = Writer.create();
  // A length-delimited bytes field and an embedded message field are the same on the wire.
  for (const r of resources) w.uint32(STACK_RESOURCES).bytes(r);
  return w.finish();
}

/** The diagnostics of an AnalyzeResponse, read with the stubs' own reader; `not_applicable` is skipped. */
export function readDiagnostics(bytes: Uint8Array): pb.AnalyzeDiagnostic[] {
  const reader = new BinaryReader(bytes);
  const out: pb.AnalyzeDiagnostic[] = [];
  // The generated AnalyzeResponse.deserializeBinaryFromReader, without the not_applicable case.
  while (reader.nextField()) {
    if (reader.isEndGroup()) break;
    if (reader.getFieldNumber() === ANALYZER_FIELDS.analyzeResponseDiagnostics) {
      const d = new pb.AnalyzeDiagnostic();
      reader.readMessage(d, (msg: pb.AnalyzeDiagnostic, r: BinaryReader) => {
        pb.AnalyzeDiagnostic.deserializeBinaryFromReader(msg, r);
      });
      out.push(d);
    } else {
      reader.skipField();
    }
  }
  return out;
}
