import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  parseDeclaredImages,
  verifyImages,
  type ExportResource,
  type ImageVerdict,
} from "../../../cli/verify/images";
import { SECRET_SIG, SIG_KEY } from "../../../cli/sdk/pulumiInternals";
import { ACCT, ECR, ECR_ENDPOINTS, endpoint, exportWith, res } from "./imagesFixture";

/**
 * The image check on small hand-built exports: one VPC in us-east-1 of account 123456789012, a node
 * group in it, and the endpoints, firewall and workloads each case needs.
 */

/** A firewall on the VPC whose policy references one TLS allow-list with these targets. */
function firewall(targets: string[]): ExportResource[] {
  const group = `arn:aws:network-firewall:us-east-1:${ACCT}:stateful-rulegroup/egress`;
  const policy = `arn:aws:network-firewall:us-east-1:${ACCT}:firewall-policy/egress`;
  return [
    res(
      "aws:networkfirewall/ruleGroup:RuleGroup",
      "egress",
      {
        type: "STATEFUL",
        ruleGroup: {
          rulesSource: {
            rulesSourceList: {
              generatedRulesType: "ALLOWLIST",
              targetTypes: ["TLS_SNI", "HTTP_HOST"],
              targets,
            },
          },
        },
      },
      { outputs: { arn: group } },
    ),
    res(
      "aws:networkfirewall/firewallPolicy:FirewallPolicy",
      "policy",
      {
        firewallPolicy: {
          statelessDefaultActions: ["aws:forward_to_sfe"],
          statefulRuleGroupReferences: [{ resourceArn: group, priority: 1 }],
        },
      },
      { outputs: { arn: policy } },
    ),
    res("aws:networkfirewall/firewall:Firewall", "fw", { vpcId: "vpc-id", firewallPolicyArn: policy }),
  ];
}

const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({ containers, ...extra });

function deployment(name: string, image: unknown): ExportResource {
  return res("kubernetes:apps/v1:Deployment", name, {
    metadata: { name },
    spec: { template: { spec: pod([{ name: "app", image }]) } },
  });
}

function release(name: string, inputs: Record<string, unknown>): ExportResource {
  return res("kubernetes:helm.sh/v3:Release", name, {
    chart: name,
    repositoryOpts: { repo: "https://charts.example.com" },
    ...inputs,
  });
}

const only = (vs: ImageVerdict[]): ImageVerdict => {
  assert.equal(vs.length, 1, JSON.stringify(vs, null, 2));
  return vs[0]!;
};

describe("private ECR", () => {
  test("this account's registry is reachable through the ecr.api, ecr.dkr and S3 gateway endpoints", () => {
    const v = only(verifyImages(exportWith([...ECR_ENDPOINTS, deployment("app", `${ECR}/rampart/app:1.0`)])));
    assert.equal(v.verdict, "allow", v.reason);
    assert.equal(v.pass, true);
    assert.equal(v.image, `${ECR}/rampart/app:1.0`);
    assert.equal(v.registry, ECR);
    assert.equal(v.path, "spec.template.spec.containers[0].image");
    assert.match(
      v.reason,
      /this stack's account \(123456789012\), through the ecr\.api, ecr\.dkr and S3 endpoints of vpc/,
    );
  });

  test("without the S3 gateway endpoint the layers cannot be downloaded: denied, naming what is missing", () => {
    const v = only(
      verifyImages(exportWith([endpoint("ecr.api"), endpoint("ecr.dkr"), deployment("app", `${ECR}/app:1`)])),
    );
    assert.equal(v.verdict, "deny");
    assert.equal(v.pass, false);
    assert.match(v.reason, /vpc lacks the S3 gateway endpoint \(image layers\)$/);
  });

  test("an S3 interface endpoint does not stand in for the gateway endpoint", () => {
    const v = only(
      verifyImages(
        exportWith([
          endpoint("ecr.api"),
          endpoint("ecr.dkr"),
          endpoint("s3"),
          deployment("app", `${ECR}/app:1`),
        ]),
      ),
    );
    assert.equal(v.verdict, "deny");
  });

  test("an ecr.dkr endpoint without private DNS leaves the registry name resolving to the public service", () => {
    const v = only(
      verifyImages(
        exportWith([
          endpoint("ecr.api"),
          endpoint("ecr.dkr", "Interface", false),
          endpoint("s3", "Gateway"),
          deployment("a", `${ECR}/a:1`),
        ]),
      ),
    );
    assert.equal(v.verdict, "deny");
    assert.match(v.reason, /ecr\.dkr\) with private DNS \(ecr\.dkr-endpoint has it off\)/);
  });

  test("another account's registry, or another Region's, is denied even with the endpoints", () => {
    const other = only(
      verifyImages(
        exportWith([...ECR_ENDPOINTS, deployment("a", "111122223333.dkr.ecr.us-east-1.amazonaws.com/a:1")]),
      ),
    );
    assert.equal(other.verdict, "deny");
    assert.match(other.reason, /belongs to account 111122223333, not the stack's \(123456789012\)/);
    const region = only(
      verifyImages(
        exportWith([...ECR_ENDPOINTS, deployment("a", `${ACCT}.dkr.ecr.eu-west-1.amazonaws.com/a:1`)]),
      ),
    );
    assert.equal(region.verdict, "deny");
    assert.match(region.reason, /is in eu-west-1, the stack in us-east-1/);
  });

  test("the Region's EKS add-on registry (AWS-owned) counts as reachable through the same endpoints", () => {
    const image = "602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/aws-load-balancer-controller:v2.8.1";
    assert.equal(
      only(verifyImages(exportWith([...ECR_ENDPOINTS, deployment("lbc", image)]))).verdict,
      "allow",
    );
    assert.equal(only(verifyImages(exportWith([deployment("lbc", image)]))).verdict, "deny");
  });

  test("EKS add-ons: the known ones pull from the add-on registry; another add-on's images are undecidable", () => {
    const addon = (name: string) => res("aws:eks/addon:Addon", name, { addonName: name, clusterName: "c" });
    const [cni, other] = verifyImages(
      exportWith([...ECR_ENDPOINTS, addon("vpc-cni"), addon("aws-guardduty-agent")]),
    );
    assert.equal(cni!.verdict, "allow", cni!.reason);
    assert.equal(cni!.image, "602401143452.dkr.ecr.us-east-1.amazonaws.com/*");
    assert.equal(other!.verdict, "undecidable");
    assert.match(other!.reason, /EKS add-on aws-guardduty-agent are not known here: list them/);
  });
});

describe("public registries and the firewall allow-list", () => {
  test("docker.io with no firewall: denied (not ECR, and private tiers have no general internet route)", () => {
    const v = only(verifyImages(exportWith([...ECR_ENDPOINTS, deployment("web", "nginx:1.27")])));
    assert.equal(v.image, "docker.io/library/nginx:1.27");
    assert.equal(v.verdict, "deny");
    assert.match(
      v.reason,
      /vpc has no Network Firewall allow-list and docker\.io is not a private ECR registry/,
    );
  });

  test("a registry whose host is on the allow-list is allowed; a leading dot covers subdomains", () => {
    const exact = only(
      verifyImages(exportWith([...firewall(["ghcr.io"]), deployment("a", "ghcr.io/org/app:2")])),
    );
    assert.equal(exact.verdict, "allow", exact.reason);
    assert.match(exact.reason, /^ghcr\.io on the TLS allow-list of fw/);
    const sub = only(
      verifyImages(
        exportWith([...firewall([".example.com"]), deployment("a", "registry.example.com/app:2")]),
      ),
    );
    assert.equal(sub.verdict, "allow", sub.reason);
    // Without the dot, only the exact name: a subdomain is not covered.
    const no = only(
      verifyImages(exportWith([...firewall(["example.com"]), deployment("a", "registry.example.com/app:2")])),
    );
    assert.equal(no.verdict, "deny");
    assert.match(no.reason, /fw's TLS allow-list does not admit registry\.example\.com/);
  });

  test("docker.io needs its registry, token and layer hosts on the list, not only the registry", () => {
    const partial = only(
      verifyImages(exportWith([...firewall(["registry-1.docker.io"]), deployment("a", "nginx")])),
    );
    assert.equal(partial.verdict, "deny");
    assert.match(
      partial.reason,
      /does not admit auth\.docker\.io, production\.cloudflare\.docker\.com, docker-images-prod\./,
    );
    const full = only(
      verifyImages(
        exportWith([
          ...firewall([".docker.io", "production.cloudflare.docker.com", ".r2.cloudflarestorage.com"]),
          deployment("a", "nginx"),
        ]),
      ),
    );
    assert.equal(full.verdict, "allow", full.reason);
    assert.equal(full.cite, "https://docs.docker.com/desktop/setup/allow-list/");
  });

  test("nvcr.io and registry.k8s.io are not verified even when listed: their layer hosts are not published", () => {
    for (const image of ["nvcr.io/nvidia/k8s-device-plugin:v0.17.1", "registry.k8s.io/pause:3.10"]) {
      const v = only(
        verifyImages(
          exportWith([...firewall([".nvcr.io", "nvcr.io", "registry.k8s.io"]), deployment("a", image)]),
        ),
      );
      assert.equal(v.verdict, "deny", image);
      assert.match(v.reason, /^not verified: .*; mirror the image to ECR$/);
    }
  });

  test("an HTTP_HOST-only list does not admit HTTPS pulls; a policy naming a group not in the export is undecidable", () => {
    const http = firewall(["ghcr.io"]);
    const group = http[0]!;
    const httpOnly = {
      ...group,
      inputs: {
        ruleGroup: {
          rulesSource: {
            rulesSourceList: {
              generatedRulesType: "ALLOWLIST",
              targetTypes: ["HTTP_HOST"],
              targets: ["ghcr.io"],
            },
          },
        },
      },
    };
    assert.equal(
      only(verifyImages(exportWith([httpOnly, ...http.slice(1), deployment("a", "ghcr.io/o/a:1")]))).verdict,
      "deny",
    );
    const missing = only(verifyImages(exportWith([...http.slice(1), deployment("a", "ghcr.io/o/a:1")])));
    assert.equal(missing.verdict, "undecidable");
    assert.match(missing.reason, /references rule groups not in the export/);
  });
});

describe("collecting the images", () => {
  test("a CronJob's initContainer image is found, with its path", () => {
    const cron = res("kubernetes:batch/v1:CronJob", "backup", {
      spec: {
        schedule: "0 * * * *",
        jobTemplate: {
          spec: {
            template: {
              spec: pod([{ name: "main", image: `${ECR}/backup:1` }], {
                initContainers: [{ name: "init", image: "busybox:1.36" }],
              }),
            },
          },
        },
      },
    });
    const vs = verifyImages(exportWith([...ECR_ENDPOINTS, cron]));
    assert.deepEqual(
      vs.map((v) => [v.path, v.image, v.verdict]),
      [
        ["spec.jobTemplate.spec.template.spec.containers[0].image", `${ECR}/backup:1`, "allow"],
        [
          "spec.jobTemplate.spec.template.spec.initContainers[0].image",
          "docker.io/library/busybox:1.36",
          "deny",
        ],
      ],
    );
  });

  test("every pod-template kind and container list; a patch without a template changes no image", () => {
    const kinds = [
      ["core/v1:Pod", { spec: pod([{ image: "a1" }]) }],
      ["apps/v1:StatefulSet", { spec: { template: { spec: pod([{ image: "a2" }]) } } }],
      [
        "apps/v1:DaemonSet",
        { spec: { template: { spec: pod([], { ephemeralContainers: [{ image: "a3" }] }) } } },
      ],
      ["apps/v1:ReplicaSet", { spec: { template: { spec: pod([{ image: "a4" }]) } } }],
      ["batch/v1:Job", { spec: { template: { spec: pod([{ image: "a5" }]) } } }],
      ["apps/v1:DeploymentPatch", { spec: { replicas: 3 } }],
      ["apps/v1:DeploymentPatch", { spec: { template: { spec: pod([{ image: "a6" }]) } } }],
    ] as const;
    const resources = kinds.map(([t, inputs], i) => res(`kubernetes:${t}`, `w${i}`, inputs));
    assert.deepEqual(
      verifyImages(exportWith(resources)).map((v) => v.image),
      ["a1", "a2", "a3", "a4", "a5", "a6"].map((n) => `docker.io/library/${n}:latest`),
    );
  });

  test("a release whose values name no image is undecidable, telling the user how to fix it", () => {
    const v = only(
      verifyImages(exportWith([...ECR_ENDPOINTS, release("redis", { values: { auth: { enabled: true } } })])),
    );
    assert.equal(v.verdict, "undecidable");
    assert.equal(v.pass, false);
    assert.equal(v.path, "values");
    assert.match(
      v.reason,
      /values name no image, so it deploys the chart's default images, which the export does not show: set the chart's image values .* or list the release's images/,
    );
  });

  test("chart values: image strings and {registry, repository, tag, digest} objects at any depth; global.imageRegistry", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    const values = {
      image: { registry: ECR, repository: "app", tag: 3 },
      sidecars: [{ name: "proxy", image: `${ECR}/proxy:1` }],
      metrics: { exporter: { image: { repository: `${ECR}/exporter`, digest, tag: "ignored" } } },
    };
    const vs = verifyImages(exportWith([...ECR_ENDPOINTS, release("app", { values })]));
    assert.deepEqual(
      vs.map((v) => [v.path, v.image, v.verdict]),
      [
        ["values.image", `${ECR}/app:3`, "allow"],
        ["values.sidecars[0].image", `${ECR}/proxy:1`, "allow"],
        ["values.metrics.exporter.image", `${ECR}/exporter@${digest}`, "allow"],
      ],
    );
    // global.imageRegistry overrides every image object's registry (the Bitnami convention).
    const global = verifyImages(
      exportWith([
        ...ECR_ENDPOINTS,
        release("pg", {
          values: {
            global: { imageRegistry: ECR },
            image: { registry: "docker.io", repository: "bitnami/postgresql" },
          },
        }),
      ]),
    );
    assert.deepEqual(
      global.map((v) => [v.image, v.verdict]),
      [[`${ECR}/bitnami/postgresql:latest`, "allow"]],
    );
    // ... and alone, it names the registry of every image of the chart.
    const alone = only(
      verifyImages(exportWith([release("pg", { values: { global: { imageRegistry: "docker.io" } } })])),
    );
    assert.deepEqual(
      [alone.image, alone.path, alone.verdict],
      ["docker.io/*", "values.global.imageRegistry", "deny"],
    );
  });

  test("the NVIDIA charts' default images are known: no image values means nvcr.io, which is denied", () => {
    const plugin = res("kubernetes:helm.sh/v3:Release", "dp", {
      chart: "nvidia-device-plugin",
      repositoryOpts: { repo: "https://nvidia.github.io/k8s-device-plugin" },
      values: { image: { tag: "v0.17.1" } },
    });
    const v = only(verifyImages(exportWith([...ECR_ENDPOINTS, plugin])));
    assert.equal(v.image, "nvcr.io/nvidia/k8s-device-plugin:v0.17.1");
    assert.equal(v.verdict, "deny");
    assert.match(v.reason, /the chart's default repository nvcr\.io\/nvidia\/k8s-device-plugin/);
  });

  test("a v4 Chart whose rendered objects are in the export is decided by those objects", () => {
    const chart = res("kubernetes:helm.sh/v4:Chart", "app", { chart: "app", values: {} });
    const child = { ...deployment("app-web", `${ECR}/web:1`), parent: chart.urn };
    const vs = verifyImages(exportWith([...ECR_ENDPOINTS, chart, child]));
    assert.deepEqual(
      vs.map((v) => [v.type, v.verdict]),
      [["kubernetes:apps/v1:Deployment", "allow"]],
    );
  });

  test("secret, unknown, templated or malformed image values are undecidable, never guessed", () => {
    const secret = { [SIG_KEY]: SECRET_SIG, ciphertext: "x" };
    const vs = verifyImages(
      exportWith([
        ...ECR_ENDPOINTS,
        deployment("s", secret),
        deployment("u", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"),
        release("t", { values: { image: "{{ .Values.registry }}/app" } }),
        deployment("m", "Registry.Example.com/App:1"),
        release("v", { values: secret }),
      ]),
    );
    assert.deepEqual(
      vs.map((v) => v.verdict),
      ["undecidable", "undecidable", "undecidable", "undecidable", "undecidable"],
    );
    assert.match(vs[0]!.reason, /the image is a secret/);
    assert.match(vs[1]!.reason, /the image is unknown until apply/);
    assert.match(vs[2]!.reason, /is a template or variable/);
    assert.match(vs[3]!.reason, /repository component "App" is not lower-case/);
    assert.match(vs[4]!.reason, /the release's values are a secret/);
  });

  test("images listed for a release stand in for its chart's defaults; a listed URN not in the export is reported", () => {
    const rel = release("redis", { values: {} });
    const declared = parseDeclaredImages({
      images: [
        { urn: rel.urn, images: [`${ECR}/mirror/redis:7`] },
        { urn: "urn:pulumi:test::img::kubernetes:helm.sh/v3:Release::gone", images: ["redis:7"] },
      ],
    });
    const vs = verifyImages(exportWith([...ECR_ENDPOINTS, rel]), declared);
    assert.deepEqual(
      vs.map((v) => [v.path, v.image, v.verdict]),
      [
        ["(declared images)", `${ECR}/mirror/redis:7`, "allow"],
        ["(declared images)", "(unknown)", "undecidable"],
      ],
    );
    assert.match(vs[1]!.reason, /::gone \(redis:7\), which is not in the export/);
  });

  test("a bad images file names the field, the value and what was expected", () => {
    assert.throws(
      () => parseDeclaredImages({ images: [{ urn: "x", images: ["a"] }] }),
      /^Error: images\[0\]\.urn: expected a resource URN \("urn:pulumi:\.\.\."\), got "x"$/,
    );
    assert.throws(
      () => parseDeclaredImages([{ urn: "urn:pulumi:a", images: [] }]),
      /images\[0\]\.images: expected a non-empty array of image references, got \[\]/,
    );
    assert.throws(
      () => parseDeclaredImages([{ urn: "urn:pulumi:a", images: ["a"], tag: 1 }]),
      /images\[0\]: unknown field "tag"/,
    );
    assert.throws(() => parseDeclaredImages({}), /expected \{"images"/);
  });

  test("an export with no VPC cannot say where the nodes pull from: undecidable", () => {
    const v = only(verifyImages([deployment("a", `${ECR}/a:1`)]));
    assert.equal(v.verdict, "undecidable");
    assert.match(v.reason, /no VPC/);
  });
});
