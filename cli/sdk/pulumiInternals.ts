import type * as pulumi from "@pulumi/pulumi";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type {
  RegisterResourceOutputsRequest,
  RegisterResourceRequest,
} from "@pulumi/pulumi/proto/resource_pb";
import { type Shape, shaped } from "../../policy-pack/lib/sdk/shape";

/**
 * The one door to `@pulumi/pulumi`'s internals for the CLI. What the CLI uses of the SDK beyond its
 * documented API:
 *
 * - the generated Analyzer stubs (`proto/analyzer_pb`, `proto/analyzer_grpc_pb`), which `rampart check`
 *   speaks to a policy pack with, and the field numbers cli/check/wire.ts writes by hand;
 * - the wire signatures of secrets, resource references and unknowns in property maps;
 * - `cmd/run-policy-pack`, the runner the Pulumi CLI starts a Node.js pack with;
 * - the mock runtime behind `rampart plan`: the `MockMonitor` that `setMocks` installs (its
 *   `registerResource` and `registerResourceOutputs`, wrapped to record every registration),
 *   `runInPulumiStack` and `waitForRPCs` (`@internal`).
 *
 * Nothing else in cli/ may import a path under `@pulumi/pulumi/`. The pack reaches into no part of
 * `@pulumi/pulumi` itself (its reach-ins are into `@pulumi/policy`, behind
 * policy-pack/lib/sdk/policyInternals.ts); the pack's runner is resolved here because the CLI starts it.
 * Shapes are checked on load (one error naming each missing export); test/cli/sdk/pulumiInternals.test.ts
 * checks them, their behaviour, and that the installed SDK is the version pinned in both package.json
 * files: an upgrade must go through that test.
 */

/** The `@pulumi/pulumi` version these internals were read from (pinned exactly in both package.json files). */
export const PULUMI_SDK_VERSION = "3.248.0";

const FROM = {
  sdk: "@pulumi/pulumi",
  version: PULUMI_SDK_VERSION,
  door: "cli/sdk/pulumiInternals.ts",
} as const;

const ANALYZER_PB = {
  AnalyzeRequest: "function",
  AnalyzerResource: "function",
  AnalyzeStackRequest: "function",
  AnalyzeResponse: "function",
  AnalyzeDiagnostic: "function",
  AnalyzerResourceOptions: "function",
  AnalyzerProviderResource: "function",
  AnalyzerPropertyDependencies: "function",
  AnalyzerInfo: "function",
  AnalyzerStackConfigureRequest: "function",
  ConfigureAnalyzerRequest: "function",
  PolicyConfig: "function",
  EnforcementLevel: "object",
  PolicySeverity: "object",
  PolicyType: "object",
} as const satisfies Shape;
const ANALYZER_GRPC = { AnalyzerClient: "function", AnalyzerService: "object" } as const satisfies Shape;
const MOCKS = { MockMonitor: "function" } as const satisfies Shape;
const SETTINGS = { waitForRPCs: "function" } as const satisfies Shape;
const STACK = { runInPulumiStack: "function" } as const satisfies Shape;

/** The SDK modules we use beyond its documented API and what we use of each, by require path. */
export const PULUMI_INTERNALS = {
  "@pulumi/pulumi/proto/analyzer_pb": ANALYZER_PB,
  "@pulumi/pulumi/proto/analyzer_grpc_pb": ANALYZER_GRPC,
  "@pulumi/pulumi/runtime/mocks": MOCKS,
  "@pulumi/pulumi/runtime/settings": SETTINGS,
  "@pulumi/pulumi/runtime/stack": STACK,
} as const;

shaped("@pulumi/pulumi/proto/analyzer_pb", analyzerPb, ANALYZER_PB, FROM);
shaped("@pulumi/pulumi/proto/analyzer_grpc_pb", analyzerGrpc, ANALYZER_GRPC, FROM);

/** The Analyzer protocol's messages and enums, as the SDK generates them. */
export { analyzerPb };
/** The Analyzer service's client and method paths, as the SDK generates them. */
export { AnalyzerClient, AnalyzerService } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
/** The resource monitor's requests, as the mock monitor receives them. */
export type { RegisterResourceOutputsRequest, RegisterResourceRequest };

/**
 * Field numbers of analyzer.proto that cli/check/wire.ts writes and reads without the stubs. Checked
 * against the stubs' own encoding by the contract test.
 */
export const ANALYZER_FIELDS = {
  /** `AnalyzeRequest.properties` (google.protobuf.Struct). */
  analyzeRequestProperties: 2,
  /** `AnalyzerResource.properties` (google.protobuf.Struct). */
  analyzerResourceProperties: 2,
  /** `AnalyzeStackRequest.resources` (repeated AnalyzerResource). */
  analyzeStackRequestResources: 1,
  /** `AnalyzeResponse.diagnostics` (repeated AnalyzeDiagnostic). */
  analyzeResponseDiagnostics: 2,
} as const;

/**
 * The wire signatures of special values in property maps (`pulumi.runtime.specialSigKey`,
 * `specialSecretSig`, `specialResourceSig`, `unknownValue`), as literals: `check` never loads the SDK's
 * runtime, whose start-up it has no use for. The contract test holds them equal to the SDK's.
 */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The script the Pulumi CLI runs a Node.js policy pack with (`node <pack's @pulumi/pulumi>/cmd/run-policy-pack
 * <engine> <dir> [-option=value...]`, sdk/go/common/resource/plugin/analyzer_plugin.go), resolved from the
 * pack's own directory; undefined when the pack has no `@pulumi/pulumi` installed.
 */
export function policyPackRunner(packDir: string): string | undefined {
  try {
    return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  } catch {
    return undefined;
  }
}

/** What the mock monitor answered a registration with (resource_pb `RegisterResourceResponse`). */
export interface RegisteredResponse {
  getUrn(): string;
  getId(): string;
  getObject(): { toJavaScript(): unknown } | undefined;
}

/** Told of every registration the mock monitor answers, before the program sees the answer. */
export interface MonitorObserver {
  registered(req: RegisterResourceRequest, res: RegisteredResponse): void;
  outputs(req: RegisterResourceOutputsRequest): void;
}

/** The parts of the SDK's mock runtime that `rampart plan` drives. */
export interface MockRuntime {
  /**
   * Sets up the mock runtime with `pulumi.runtime.setMocks` (so with its feature set) and has the monitor
   * it made report every registration it answers to `observer`.
   */
  install(
    mocks: pulumi.runtime.Mocks,
    opts: { readonly project: string; readonly stack: string; readonly preview: boolean },
    observer: MonitorObserver,
  ): void;
  /** Runs a program's body inside the root `pulumi:pulumi:Stack` resource, as the language host does. */
  runInPulumiStack(
    init: () => Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown> | undefined>;
  /** Resolves once every outstanding registration (RPC) has settled (`@internal`). */
  waitForRPCs(): Promise<void>;
}

type Callback = (err: unknown, response: unknown) => void;

let mockRuntimeCache: MockRuntime | undefined;

/**
 * The mock runtime, loaded on first use: it loads the SDK's runtime (a large part of `rampart plan`'s
 * start-up), which `rampart check` has no use for.
 */
export function mockRuntime(): MockRuntime {
  if (mockRuntimeCache) return mockRuntimeCache;
  const load = <S extends Shape>(id: keyof typeof PULUMI_INTERNALS, shape: S) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    shaped(id, require(id), shape, FROM);
  const mocks = load("@pulumi/pulumi/runtime/mocks", MOCKS) as typeof import("@pulumi/pulumi/runtime/mocks");
  // waitForRPCs is `@internal`, so absent from the module's .d.ts.
  const settings: { waitForRPCs(): Promise<void> } = load("@pulumi/pulumi/runtime/settings", SETTINGS);
  const stack = load("@pulumi/pulumi/runtime/stack", STACK) as typeof import("@pulumi/pulumi/runtime/stack");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's public API, loaded with the rest
  const sdk = require("@pulumi/pulumi") as typeof pulumi;
  mockRuntimeCache = {
    install(mockImpl, opts, observer) {
      // setMocks sets the runtime up synchronously (its promise is already settled when it returns).
      void sdk.runtime.setMocks(mockImpl, opts.project, opts.stack, opts.preview);
      const monitor: unknown = sdk.runtime.getMonitor();
      if (!(monitor instanceof mocks.MockMonitor)) {
        throw new Error(
          `@pulumi/pulumi: after setMocks the runtime's monitor is not a MockMonitor (written against ${PULUMI_SDK_VERSION}; see ${FROM.door})`,
        );
      }
      // The monitor's own methods, wrapped on the instance: the runtime calls them with a request and a
      // callback taking the response.
      const registerResource = monitor.registerResource.bind(monitor);
      const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
      monitor.registerResource = (req: RegisterResourceRequest, callback: Callback) =>
        registerResource(req, (err: unknown, res: unknown) => {
          if (!err && res) observer.registered(req, res as RegisteredResponse);
          callback(err, res);
        });
      monitor.registerResourceOutputs = (req: RegisterResourceOutputsRequest, callback: Callback) => {
        observer.outputs(req);
        registerResourceOutputs(req, callback);
      };
    },
    runInPulumiStack: (init) => stack.runInPulumiStack(init),
    waitForRPCs: () => settings.waitForRPCs(),
  };
  return mockRuntimeCache;
}
