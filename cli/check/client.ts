import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient, AnalyzerService, analyzerPb as pb } from "../sdk/pulumiInternals";
import { PackExitError, type PackProcess } from "./packProcess";
import { readDiagnostics } from "./wire";

/**
 * The Analyzer service over gRPC, with the client stubs `@pulumi/pulumi` ships. Every call has a
 * deadline, and one watch on the pack's exit fails the calls in flight, so a pack that hangs or dies
 * surfaces as a {@link PackFailure} instead of a stall.
 *
 * `Analyze` and `AnalyzeStack` take requests already encoded (wire.ts) and return only the response's
 * diagnostics; they go to the stubs' method paths through the stubs' client.
 */

/** Same limit as the policy server's (`maxRPCMessageSize`, 400 MB): a whole stack goes in one AnalyzeStack. */
const MAX_MESSAGE = 1024 * 1024 * 400;

/** How long a dropped connection waits for the pack's exit to be seen, to report how it ended. */
const EXIT_GRACE_MS = 2000;

/** The pack died or stopped answering: the run cannot go on. */
export class PackFailure extends Error {
  constructor(
    message: string,
    /** On a timeout: the calls still unanswered, in the order sent (`what` is the resource's URN). */
    readonly unanswered: readonly { readonly name: string; readonly what: string }[] = [],
  ) {
    super(message);
  }
}

/** A call the pack answered with an error (a policy threw, or the request could not be read). */
export class CallError extends Error {
  constructor(
    readonly details: string,
    readonly code: number,
  ) {
    super(details);
  }
}

type Unary<Res> = (
  metadata: grpc.Metadata,
  options: Partial<grpc.CallOptions>,
  callback: (error: grpc.ServiceError | null, response: Res) => void,
) => grpc.ClientUnaryCall;

export class Analyzer {
  private readonly client: AnalyzerClient;
  /** Calls in flight, each with how to fail it if the pack exits first. */
  private readonly pending = new Set<() => void>();
  /**
   * How the pack exited ("exit code 1"), what it said last on stderr, and how many calls were in flight
   * then, once it has.
   */
  private exit: { readonly how: string; readonly why: string; readonly inFlight: number } | undefined;
  /** Calls sent and not yet answered, in the order they were sent. */
  private readonly unanswered = new Map<symbol, { readonly name: string; readonly what: string }>();

  constructor(
    readonly pack: PackProcess,
    private readonly timeoutMs: number,
  ) {
    this.client = new AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": MAX_MESSAGE,
      "grpc.max_send_message_length": MAX_MESSAGE,
      // Neither is of use on a loopback connection to a pack: channelz keeps per-call statistics for
      // debugging tools, and a retry could only repeat a call the pack has already failed.
      "grpc.enable_channelz": 0,
      "grpc.enable_retries": 0,
    });
    // One watch on the pack's exit for all calls (not a race per call, which would keep every settled
    // call's response reachable from the pack's exit promise until the end of the run).
    pack.exited.catch((e: unknown) => {
      this.exit = {
        how: e instanceof PackExitError ? e.message : String(e),
        why: pack.stderrSummary(),
        inFlight: this.pending.size,
      };
      for (const fail of this.pending) fail();
      this.pending.clear();
      this.unanswered.clear();
    });
  }

  private call<Res>(name: string, method: Unary<Res>, what: string): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const exited = () => {
        const { how, why, inFlight } = this.exit!;
        // With several calls in flight, any of them may have been the one: name the call only when alone.
        const during = inFlight > 1 ? `during ${name}` : `during ${name} for ${what}`;
        reject(new PackFailure(`exited ${during} (${how})${why ? `: ${why}` : ""}`));
      };
      if (this.exit !== undefined) return exited();
      this.pending.add(exited);
      const id = Symbol(name);
      this.unanswered.set(id, { name, what });
      method(
        new grpc.Metadata(),
        { deadline: Date.now() + this.timeoutMs },
        (err: grpc.ServiceError | null, res: Res) => {
          const stillOpen = err?.code === grpc.status.DEADLINE_EXCEEDED ? [...this.unanswered.values()] : [];
          this.unanswered.delete(id);
          if (err && (err.code === grpc.status.UNAVAILABLE || err.code === grpc.status.CANCELLED)) {
            // The connection dropped, most likely because the pack died: its exit is often seen a moment
            // later. Leave the call to the exit watch for that moment, so that the message says how the
            // pack ended and what it printed rather than only that the connection went.
            setTimeout(() => {
              if (this.pending.delete(exited)) {
                reject(new PackFailure(`stopped answering during ${name} for ${what} (${err.details})`));
              }
            }, EXIT_GRACE_MS);
            return;
          }
          this.pending.delete(exited);
          if (!err) return resolve(res);
          if (err.code === grpc.status.DEADLINE_EXCEEDED) {
            const calls = stillOpen.length > 1 ? `${stillOpen.length} calls, the first ` : "";
            return reject(
              new PackFailure(
                `stopped answering (no reply within ${this.timeoutMs / 1000}s to ${calls}${name} for ${what})`,
                stillOpen,
              ),
            );
          }
          reject(new CallError(err.details ?? err.message, err.code));
        },
      );
    });
  }

  getAnalyzerInfo(): Promise<pb.AnalyzerInfo> {
    return this.call(
      "GetAnalyzerInfo",
      (md, o, cb) => this.client.getAnalyzerInfo(new Empty(), md, o, cb),
      "the pack",
    );
  }

  configure(req: pb.ConfigureAnalyzerRequest): Promise<unknown> {
    return this.call("Configure", (md, o, cb) => this.client.configure(req, md, o, cb), "the pack");
  }

  configureStack(req: pb.AnalyzerStackConfigureRequest): Promise<unknown> {
    return this.call("ConfigureStack", (md, o, cb) => this.client.configureStack(req, md, o, cb), "the pack");
  }

  /** `Analyze` with an encoded AnalyzeRequest; `urn` names the resource in messages. */
  analyze(request: Uint8Array, urn: string): Promise<pb.AnalyzeDiagnostic[]> {
    return this.call("Analyze", this.encoded(AnalyzerService.analyze.path, request), urn);
  }

  /** `AnalyzeStack` with an encoded AnalyzeStackRequest. */
  analyzeStack(request: Uint8Array): Promise<pb.AnalyzeDiagnostic[]> {
    return this.call("AnalyzeStack", this.encoded(AnalyzerService.analyzeStack.path, request), "the stack");
  }

  private encoded(path: string, request: Uint8Array): Unary<pb.AnalyzeDiagnostic[]> {
    return (md, o, cb) =>
      this.client.makeUnaryRequest(
        path,
        (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        (bytes: Buffer) => readDiagnostics(bytes),
        request,
        md,
        o,
        (err, res) => cb(err, res ?? []),
      );
  }

  close(): void {
    this.client.close();
    this.pack.kill();
  }
}
