import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pulumi from "@pulumi/pulumi";
import {
  ANALYZER_FIELDS,
  analyzerPb as pb,
  AnalyzerService,
  mockRuntime,
  type MonitorObserver,
  policyPackRunner,
  PULUMI_INTERNALS,
  PULUMI_SDK_VERSION,
  RESOURCE_REF_SIG,
  SECRET_SIG,
  SIG_KEY,
  UNKNOWN_VALUE,
} from "../../../cli/sdk/pulumiInternals";
import { shapeProblems } from "../../../policy-pack/lib/sdk/shape";
import { tempDir } from "../../helpers/cli";

/**
 * The contract between the CLI and `@pulumi/pulumi`'s internals (cli/sdk/pulumiInternals.ts). When an
 * upgrade changes one of them, a test here fails and names it; an upgrade must also update the version
 * the internals were read from, so it cannot slip in through the lock file alone.
 */

const ROOT = path.resolve(__dirname, "../../..");
const PACK = path.join(ROOT, "policy-pack");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

describe("the installed @pulumi/pulumi is the version the internals were read from", () => {
  for (const dir of [ROOT, PACK]) {
    const rel = path.relative(ROOT, path.join(dir, "package.json"));
    test(`${rel} pins it exactly, to the version pulumiInternals.ts names`, () => {
      const pin = readJson(path.join(dir, "package.json")).dependencies["@pulumi/pulumi"];
      assert.equal(pin, PULUMI_SDK_VERSION, `${rel} pins @pulumi/pulumi "${pin}"`);
    });
    test(`the copy ${path.relative(ROOT, dir) || "the CLI"} resolves is that version`, () => {
      const file = require.resolve("@pulumi/pulumi/package.json", { paths: [dir] });
      const installed = readJson(file).version;
      assert.equal(
        installed,
        PULUMI_SDK_VERSION,
        `${file} is ${installed}; re-check cli/sdk/pulumiInternals.ts`,
      );
    });
  }

  test("the stubs share @grpc/grpc-js and google-protobuf with the CLI (one copy of each)", () => {
    const stubs = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb"));
    for (const id of ["@grpc/grpc-js", "google-protobuf"]) {
      assert.equal(require.resolve(id, { paths: [stubs] }), require.resolve(id), `${id} is installed twice`);
    }
  });
});

describe("every internal export the CLI uses is there, with its kind", () => {
  for (const [modulePath, shape] of Object.entries(PULUMI_INTERNALS)) {
    test(modulePath, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      assert.deepEqual(shapeProblems(modulePath, require(modulePath), shape), []);
    });
  }

  test("only the two doors import paths under @pulumi/pulumi/ or @pulumi/policy/ (cli/, policy-pack/)", () => {
    const deep = /(?:from\s+|require(?:\.resolve)?\(\s*)["']@pulumi\/(?:pulumi|policy)\//;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== "node_modules") walk(p);
        } else if (/\.[jt]s$/.test(e.name) && deep.test(fs.readFileSync(p, "utf8"))) offenders.push(p);
      }
    };
    walk(path.join(ROOT, "cli"));
    walk(PACK);
    assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)).sort(), [
      "cli/sdk/pulumiInternals.ts",
      "policy-pack/lib/sdk/policyInternals.ts",
    ]);
  });
});

describe("the wire format the CLI writes by hand is the SDK's", () => {
  test("special-value signatures equal the SDK's", () => {
    assert.deepEqual(
      { SIG_KEY, SECRET_SIG, RESOURCE_REF_SIG, UNKNOWN_VALUE },
      {
        SIG_KEY: pulumi.runtime.specialSigKey,
        SECRET_SIG: pulumi.runtime.specialSecretSig,
        RESOURCE_REF_SIG: pulumi.runtime.specialResourceSig,
        UNKNOWN_VALUE: pulumi.runtime.unknownValue,
      },
    );
  });

  /** The field number of the first field in a message's bytes. */
  const firstField = (bytes: Uint8Array) => bytes[0]! >> 3;
  const props = () => Struct.fromJavaScript({ a: 1 });

  test("analyzer.proto field numbers match the stubs' encoding", () => {
    const req = new pb.AnalyzeRequest();
    req.setProperties(props());
    const res = new pb.AnalyzerResource();
    res.setProperties(props());
    const stack = new pb.AnalyzeStackRequest();
    stack.addResources(new pb.AnalyzerResource().setUrn("urn"));
    const response = new pb.AnalyzeResponse();
    response.addDiagnostics(new pb.AnalyzeDiagnostic().setPolicyname("p"));
    assert.deepEqual(
      {
        analyzeRequestProperties: firstField(req.serializeBinary()),
        analyzerResourceProperties: firstField(res.serializeBinary()),
        analyzeStackRequestResources: firstField(stack.serializeBinary()),
        analyzeResponseDiagnostics: firstField(response.serializeBinary()),
      },
      ANALYZER_FIELDS,
    );
  });

  test("the Analyzer methods the client calls keep their paths", () => {
    assert.deepEqual(
      [
        AnalyzerService.analyze.path,
        AnalyzerService.analyzeStack.path,
        AnalyzerService.getAnalyzerInfo.path,
        AnalyzerService.configure.path,
        AnalyzerService.configureStack.path,
      ],
      [
        "/pulumirpc.Analyzer/Analyze",
        "/pulumirpc.Analyzer/AnalyzeStack",
        "/pulumirpc.Analyzer/GetAnalyzerInfo",
        "/pulumirpc.Analyzer/Configure",
        "/pulumirpc.Analyzer/ConfigureStack",
      ],
    );
  });
});

describe("the policy pack runner", () => {
  test("resolves from our pack to the SDK's run-policy-pack script", () => {
    const runner = policyPackRunner(PACK);
    assert.ok(runner && fs.existsSync(runner), String(runner));
    assert.match(runner, /[/\\]@pulumi[/\\]pulumi[/\\]cmd[/\\]run-policy-pack[/\\]index\.js$/);
  });

  test("is undefined for a directory with no @pulumi/pulumi installed", () => {
    assert.equal(policyPackRunner(tempDir("rampart-nopack-")), undefined);
  });
});

describe("the mock runtime", () => {
  // Read only here, to compare: the runtime's feature flags live in its `@internal` state module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
  const features = () =>
    Object.fromEntries(Object.entries(state.getStore()).filter(([k]) => k.startsWith("supports")));
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, arn: `arn:${args.name}` } }),
    call: () => ({}),
  };
  class Thing extends pulumi.CustomResource {
    constructor(name: string, opts?: pulumi.CustomResourceOptions) {
      super("test:index:Thing", name, { size: 1 }, opts);
    }
  }
  const seen: string[] = [];
  const observer: MonitorObserver = {
    registered: (req, res) => seen.push(`registered ${req.getType()} ${res.getUrn()} ${res.getId()}`),
    outputs: (req) =>
      seen.push(`outputs ${req.getUrn()} ${JSON.stringify(req.getOutputs()?.toJavaScript())}`),
  };

  test("install sets the runtime up as setMocks does, synchronously", async () => {
    await pulumi.runtime.setMocks(mocks, "p", "s", false);
    const expected = features();
    assert.ok(Object.keys(expected).length > 0, "no supports* flags found in the runtime's store");
    for (const k of Object.keys(expected)) state.getStore()[k] = undefined;

    mockRuntime().install(mocks, { project: "proj", stack: "st", preview: true }, observer);
    assert.deepEqual(features(), expected);
    assert.deepEqual(
      [pulumi.getProject(), pulumi.getStack(), pulumi.runtime.isDryRun()],
      ["proj", "st", true],
    );
  });

  test("the observer sees every registration the monitor answers, and waitForRPCs waits for them", async () => {
    const rt = mockRuntime();
    rt.install(mocks, { project: "proj", stack: "st", preview: false }, observer);
    seen.length = 0;
    await rt.runInPulumiStack(async () => {
      new Thing("thing");
      return Promise.resolve({ answer: 42 });
    });
    await rt.waitForRPCs();
    const stack = "urn:pulumi:st::proj::pulumi:pulumi:Stack::proj-st";
    // The order of the calls is the runtime's; what matters is that none is missed.
    assert.deepEqual(seen.sort(), [
      `outputs ${stack} {"answer":42}`,
      `registered pulumi:pulumi:Stack ${stack} proj-st-id`,
      "registered test:index:Thing urn:pulumi:st::proj::pulumi:pulumi:Stack$test:index:Thing::thing thing-id",
    ]);
  });
});
