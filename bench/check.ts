/**
 * `npm run bench -- check [--resources N] [--runs N] [--jobs N]`: throughput of `rampart check` on a
 * generated stack export of mixed real resource types (10,000 by default), with our policy pack and with
 * a no-op pack through the same path (the protocol's own floor).
 *
 * Each run is the real command in a fresh process, as CI runs it: wall time from spawn to exit (so it
 * includes starting node, tsx and the pack processes) and resources per second over that wall time. Memory
 * is read from /proc every 50 ms: "peak" adds up each process's own high-water mark (the command's maximum
 * RSS from getrusage, each pack's VmHWM), an upper bound; "at once" is the largest sum of their resident
 * sizes seen at one moment. Runs of the two packs alternate; medians are printed.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SECRET_SIG, SIG_KEY } from "../cli/sdk/pulumiInternals";
import { watchMemory } from "./proc";

const root = path.resolve(__dirname, "..");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const count = arg("--resources", 10_000);
const runs = arg("--runs", 3);
const jobsArg = process.argv.includes("--jobs") ? arg("--jobs", 1) : undefined;

const STACK = "bench";
const PROJECT = "rampart";
const urn = (type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

const policyDoc = (i: number) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EnableRoot",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::123456789012:root" },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: `AllowLogs${i}`,
        Effect: "Allow",
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
          ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:123456789012:*` },
        },
      },
    ],
  });

const tags = (i: number) => ({ project: "rampart", environment: "bench", owner: `team-${i % 7}` });

/** One resource of each kind, by index; every tenth one carries a flaw a policy may catch. */
const KINDS: ((i: number) => {
  type: string;
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
})[] = [
  (i) => ({
    type: "aws:kms/key:Key",
    inputs: {
      description: `key ${i}`,
      enableKeyRotation: i % 10 !== 0,
      deletionWindowInDays: 30,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      policy: policyDoc(i),
      tags: tags(i),
    },
  }),
  (i) => ({
    type: "aws:s3/bucketV2:BucketV2",
    inputs: {
      bucket: `rampart-bench-${i}`,
      forceDestroy: false,
      objectLockEnabled: i % 10 !== 0,
      tags: tags(i),
    },
  }),
  (i) => ({
    type: "aws:ec2/securityGroup:SecurityGroup",
    inputs: {
      vpcId: "vpc-0123456789abcdef0",
      description: `inference tier ${i}`,
      ingress: [
        {
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: [i % 10 === 0 ? "0.0.0.0/0" : "10.40.0.0/16"],
          description: "https",
        },
      ],
      egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.40.0.0/16"] }],
      revokeRulesOnDelete: true,
      tags: tags(i),
    },
  }),
  (i) => ({
    type: "aws:ec2/subnet:Subnet",
    inputs: {
      vpcId: "vpc-0123456789abcdef0",
      cidrBlock: `10.40.${i % 256}.0/24`,
      availabilityZone: ["us-east-1a", "us-east-1b", "us-east-1c"][i % 3],
      mapPublicIpOnLaunch: i % 10 === 0,
      tags: tags(i),
    },
  }),
  (i) => ({
    type: "aws:iam/role:Role",
    inputs: {
      name: `rampart-bench-${i}`,
      maxSessionDuration: 3600,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: "sts:AssumeRole",
            Condition: { Bool: { "aws:MultiFactorAuthPresent": i % 10 === 0 ? "false" : "true" } },
          },
        ],
      }),
      tags: tags(i),
    },
  }),
  (i) => ({
    type: "aws:cloudwatch/logGroup:LogGroup",
    inputs: {
      name: `/rampart/bench/${i}`,
      retentionInDays: i % 10 === 0 ? 0 : 365,
      kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/bench",
      tags: tags(i),
    },
  }),
  (i) => ({
    type: "aws:ebs/volume:Volume",
    inputs: {
      availabilityZone: "us-east-1a",
      size: 100,
      type: "gp3",
      encrypted: i % 10 !== 0,
      kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/bench",
      tags: tags(i),
    },
  }),
  (i) => ({
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    inputs: {
      namePrefix: `gpu-${i}`,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: i % 10 === 0 ? "optional" : "required",
        httpPutResponseHopLimit: 1,
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: 200,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/bench",
          },
        },
      ],
      userData: { [SIG_KEY]: SECRET_SIG, ciphertext: "v1:benchciphertext" },
      tags: tags(i),
    },
  }),
  (i) => ({
    type: "kubernetes:apps/v1:Deployment",
    inputs: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: `vllm-${i}`, namespace: "llm-inference", labels: { app: "vllm" } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "vllm" } },
        template: {
          metadata: { labels: { app: "vllm" } },
          spec: {
            serviceAccountName: "vllm",
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
            containers: [
              {
                name: "vllm",
                image: "vllm/vllm-openai:v0.8.5",
                args: ["--model", "/models/llama", "--port", "8000"],
                ports: [{ containerPort: 8000 }],
                resources: {
                  limits: { "nvidia.com/gpu": "1", cpu: "8", memory: "32Gi" },
                  requests: { cpu: "4", memory: "16Gi" },
                },
                securityContext: {
                  allowPrivilegeEscalation: i % 10 === 0,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ["ALL"] },
                },
              },
            ],
          },
        },
      },
    },
  }),
  (i) => ({
    type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    inputs: {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: `allow-${i}`, namespace: "llm-inference" },
      spec: {
        podSelector: { matchLabels: { app: "vllm" } },
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } } }],
          },
        ],
      },
    },
  }),
];

export function generateExport(n: number) {
  const stack = urn("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`);
  const aws = urn("pulumi:providers:aws", "default_7_0_0");
  const k8s = urn("pulumi:providers:kubernetes", "default_4_0_0");
  const resources: Record<string, unknown>[] = [
    { urn: stack, custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
    {
      urn: aws,
      custom: true,
      id: "aws-id",
      type: "pulumi:providers:aws",
      inputs: { region: "us-east-1" },
      outputs: { region: "us-east-1" },
    },
    { urn: k8s, custom: true, id: "k8s-id", type: "pulumi:providers:kubernetes", inputs: {}, outputs: {} },
  ];
  let firstKey: string | undefined;
  for (let i = 0; resources.length < n + 2; i++) {
    const { type, inputs } = KINDS[i % KINDS.length]!(i);
    const name = `${type.split(":").pop()!.toLowerCase()}-${i}`;
    const u = urn(type, name);
    firstKey ??= u;
    const provider = type.startsWith("kubernetes:") ? `${k8s}::k8s-id` : `${aws}::aws-id`;
    resources.push({
      urn: u,
      custom: true,
      id: `${name}-id`,
      type,
      inputs,
      outputs: { ...inputs, id: `${name}-id`, arn: `arn:aws:bench:us-east-1:123456789012:${name}` },
      parent: stack,
      provider,
      dependencies: u === firstKey ? [] : [firstKey],
      propertyDependencies: u === firstKey ? {} : { kmsKeyId: [firstKey] },
    });
  }
  return {
    version: 3,
    deployment: { manifest: { time: new Date(0).toISOString(), magic: "", version: "bench" }, resources },
  };
}

interface Sample {
  wallMs: number;
  cliRssMb: number;
  packsRssMb: number;
  /** The most the command and its packs held at one moment (sampled every 50 ms). */
  togetherMb: number;
  resources: number;
  mandatory: number;
  exitCode: number;
}

function once(exportFile: string, packDir: string, out: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      [
        "-e",
        `process.on("exit", () => process.stderr.write("\\nMAXRSS " + process.resourceUsage().maxRSS + "\\n"));
         process.argv.splice(1, 0, "rampart"); require(${JSON.stringify(path.join(root, "cli/bin/rampart.js"))});`,
        "check",
        "--export",
        exportFile,
        "--policy-pack",
        packDir,
        "--format",
        "json",
        "--out",
        out,
        ...(jobsArg ? ["--jobs", String(jobsArg)] : []),
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.resume();
    const memory = watchMemory(child.pid!);
    child.on("close", (code) => {
      const { childrenMb, togetherMb } = memory.stop();
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const rss = /MAXRSS (\d+)/.exec(err);
      if (!rss || (code !== 0 && code !== 1)) return reject(new Error(`check failed (${code}):\n${err}`));
      const report = JSON.parse(fs.readFileSync(out, "utf8"));
      resolve({
        wallMs,
        cliRssMb: Number(rss[1]) / 1024,
        packsRssMb: childrenMb,
        togetherMb,
        resources: report.resources,
        mandatory: report.summary.mandatory,
        exitCode: code,
      });
    });
  });
}

/** The median (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function report(label: string, samples: Sample[]) {
  const wall = median(samples.map((s) => s.wallMs));
  const cli = median(samples.map((s) => s.cliRssMb));
  const packs = median(samples.map((s) => s.packsRssMb));
  const together = median(samples.map((s) => s.togetherMb));
  const s = samples[0]!;
  console.log(
    `${label.padEnd(22)} ${String(s.resources).padStart(6)} res  ${(wall / 1000).toFixed(2).padStart(6)} s  ` +
      `${Math.round((s.resources / wall) * 1000)
        .toString()
        .padStart(6)} res/s  ` +
      `peak ${(cli + packs).toFixed(0).padStart(4)} MB (rampart ${cli.toFixed(0)} + packs ${packs.toFixed(0)}; ` +
      `${together.toFixed(0)} at once)  ${s.mandatory} mandatory`,
  );
  return { wall };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-bench-check-"));
  const exportFile = path.join(dir, "export.json");
  fs.writeFileSync(exportFile, JSON.stringify(generateExport(count)));
  const size = fs.statSync(exportFile).size;
  console.log(
    `rampart check: ${count} resources of ${KINDS.length} types (${(size / 1e6).toFixed(1)} MB export), ` +
      `${runs} runs each, alternating, median; jobs ${jobsArg ?? "default"}; ` +
      `${os.availableParallelism()} CPUs, node ${process.version}`,
  );
  // This machine's speed drifts (a shared VM): a fixed CPU-bound task, timed before and after, tells a
  // slow spell from a slow change. Compare absolute figures only between runs with similar readings.
  const text = fs.readFileSync(exportFile, "utf8");
  const reference = () => {
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) JSON.stringify(JSON.parse(text));
    return performance.now() - t0;
  };
  console.log(`machine speed reference (JSON round trip of the export x3): ${reference().toFixed(0)} ms`);
  const packs = [
    ["rampart (policy-pack)", path.join(root, "policy-pack")],
    ["no-op pack (floor)", path.join(root, "test/fixtures/packs/noop")],
  ] as const;
  const samples: Sample[][] = packs.map(() => []);
  // Alternate the two packs so that a slow spell of a shared machine does not land on one of them only.
  for (let i = 0; i < runs; i++) {
    for (const [k, [, packDir]] of packs.entries())
      samples[k]!.push(await once(exportFile, packDir, path.join(dir, `${k}-${i}.json`)));
  }
  const [ours, floor] = packs.map(([label], k) => report(label, samples[k]!));
  console.log(`ours / floor wall time: ${(ours!.wall / floor!.wall).toFixed(2)}x`);
  console.log(`machine speed reference, after: ${reference().toFixed(0)} ms`);
  fs.rmSync(dir, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
