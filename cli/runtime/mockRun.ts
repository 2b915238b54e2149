import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  mockRuntime,
  type MonitorObserver,
  type RegisteredResponse,
  type RegisterResourceOutputsRequest,
  type RegisterResourceRequest,
} from "../sdk/pulumiInternals";
import { mockCall, mockOutputs, MOCK_ACCOUNT_ID } from "./mockOutputs";

export { RESOURCE_REF_SIG, SECRET_SIG, SIG_KEY } from "../sdk/pulumiInternals";

/**
 * Runs a Pulumi program (or any function that creates resources) under Pulumi's own mock runtime and
 * records every registration the way the engine would see it: type, name, URN, inputs (secrets kept in
 * their wire form), parent, dependencies, property dependencies, provider reference and options.
 *
 * `pulumi.runtime.setMocks` is process-global, so a process runs one program at a time; each call here
 * installs a fresh monitor and starts from an empty record.
 */

export interface CapturedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  id?: string;
  readonly parent?: string;
  /** `urn::id` of the provider, as the engine writes it; filled for default providers in the export. */
  provider?: string;
  /** The provider package version requested by the SDK (names default providers). */
  readonly packageVersion?: string;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
  /** Inputs as sent on the wire: secrets stay wrapped in their signature form. */
  readonly inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  readonly protect: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly retainOnDelete: boolean;
  readonly ignoreChanges: string[];
  readonly additionalSecretOutputs: string[];
  readonly aliases: string[];
  readonly customTimeouts?: { create?: string; update?: string; delete?: string };
}

export interface RunOptions {
  readonly project: string;
  readonly stack: string;
  /** Flat config as the engine passes it: `namespace:key` -> string (objects as JSON text). */
  readonly config: Readonly<Record<string, string>>;
  /** Config keys whose values are secrets. */
  readonly secretKeys?: readonly string[];
  /** Run as a preview (`pulumi preview`): unknown outputs stay unknown. Default false. */
  readonly preview?: boolean;
}

export interface RunResult {
  readonly resources: CapturedResource[];
  /** Stack outputs, if the program completed. */
  readonly outputs: Record<string, unknown>;
  /** The error that stopped the program, if any. */
  readonly error?: unknown;
}

const runtime = mockRuntime();

/** Turns each registration the mock monitor answers into a {@link CapturedResource}. */
class Recorder implements MonitorObserver {
  readonly captured: CapturedResource[] = [];
  private readonly byUrn = new Map<string, CapturedResource>();

  registered(req: RegisterResourceRequest, res: RegisteredResponse): void {
    const propertyDependencies: Record<string, string[]> = {};
    req
      .getPropertydependenciesMap()
      .forEach((deps: RegisterResourceRequest.PropertyDependencies, key: string) => {
        propertyDependencies[key] = deps.getUrnsList();
      });
    const timeouts = req.getCustomtimeouts();
    const record: CapturedResource = {
      urn: res.getUrn(),
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      id: req.getCustom() ? res.getId() || undefined : undefined,
      parent: req.getParent() || undefined,
      provider: req.getProvider() || undefined,
      packageVersion: req.getVersion() || undefined,
      dependencies: req.getDependenciesList(),
      propertyDependencies,
      inputs: req.getObject()?.toJavaScript() ?? {},
      outputs: (res.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
      protect: req.getProtect() ?? false,
      deleteBeforeReplace: req.getDeletebeforereplace(),
      retainOnDelete: req.getRetainondelete() ?? false,
      ignoreChanges: req.getIgnorechangesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      aliases: req
        .getAliasesList()
        .map((a) => a.getUrn())
        .filter((u) => u !== ""),
      customTimeouts:
        timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())
          ? {
              create: timeouts.getCreate() || undefined,
              update: timeouts.getUpdate() || undefined,
              delete: timeouts.getDelete() || undefined,
            }
          : undefined,
    };
    this.captured.push(record);
    this.byUrn.set(record.urn, record);
  }

  outputs(req: RegisterResourceOutputsRequest): void {
    const record = this.byUrn.get(req.getUrn());
    if (record) {
      const outputs = (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
      // Components keep their registered outputs; the stack's are its exports.
      record.outputs = { ...record.outputs, ...outputs };
    }
  }
}

/**
 * Installs fresh recording mocks for `opts` and returns a function that waits for every outstanding
 * registration and yields what was recorded.
 */
export function installMocks(opts: RunOptions): {
  recorder: Recorder;
  settle: () => Promise<CapturedResource[]>;
} {
  const region = opts.config["aws:region"] ?? "us-east-1";
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => mockOutputs(args, { region, accountId: MOCK_ACCOUNT_ID }),
    call: (args) => mockCall(args, { region, accountId: MOCK_ACCOUNT_ID }),
  };
  const recorder = new Recorder();
  pulumi.runtime.setAllConfig({ ...opts.config }, [...(opts.secretKeys ?? [])]);
  runtime.install(
    mocks,
    { project: opts.project, stack: opts.stack, preview: opts.preview ?? false },
    recorder,
  );
  return {
    recorder,
    settle: async () => {
      await runtime.waitForRPCs();
      return recorder.captured;
    },
  };
}

/** Runs `program` (a module path, or a function creating resources) inside a root Stack resource. */
export async function runProgram(program: string | (() => unknown), opts: RunOptions): Promise<RunResult> {
  const { recorder, settle } = installMocks(opts);
  let error: unknown;
  let outputs: Record<string, unknown> = {};
  // The program's error is caught inside the stack's init: letting it escape would reject the Stack's
  // output promises too, which nothing awaits (the CLI's language host swallows those; we have none).
  const init = async (): Promise<Record<string, unknown>> => {
    try {
      if (typeof program === "function") return ((await program()) ?? {}) as Record<string, unknown>;
      const resolved = require.resolve(path.resolve(program));
      freshRequire(resolved);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(resolved) as Record<string, unknown>;
    } catch (err) {
      error = err;
      return {};
    }
  };
  try {
    outputs = (await runtime.runInPulumiStack(init)) ?? {};
  } catch (err) {
    error ??= err;
  }
  try {
    await settle();
  } catch (err) {
    error ??= err;
  }
  const stackRecord = recorder.captured.find((r) => r.type === "pulumi:pulumi:Stack");
  if (stackRecord && !error) outputs = stackRecord.outputs;
  return { resources: recorder.captured, outputs, error };
}

/** Drops the program's own modules from the require cache so a second run re-executes it. */
function freshRequire(entry: string): void {
  const root = path.dirname(path.dirname(entry));
  const dirs = ["stacks", "components"].map((d) => path.join(root, d) + path.sep);
  for (const key of Object.keys(require.cache)) {
    if (dirs.some((d) => key.startsWith(d))) delete require.cache[key];
  }
}
