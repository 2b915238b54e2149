import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import Ajv from "ajv";
import { parse as parseYaml } from "yaml";
import {
  peerHost,
  serverCertificateNames,
  TESTED_VAULT_CHART,
  unsealRolePolicy,
  validateVaultServerArgs,
  VAULT_IMAGE,
  VAULT_NAMES,
  vaultAddress,
  type VaultServerShape,
} from "../../../components/identity/vaultServer.logic";
import { vaultServerConfig, vaultValues } from "../../../components/identity/vaultServer.values";
import { formatProblem } from "../../../components/shared/problems";
import { renderServerStatefulSet, workloadFindings } from "./vaultChartRender";

const FIXTURES = path.join(__dirname, "../../fixtures/charts");
const KEY = "arn:aws:kms:us-east-1:123456789012:key/vault-key-id";
const MIRROR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror";

const ARGS: VaultServerShape = {
  region: "us-east-1",
  namePrefix: "rampart-prod",
  storageClassName: "gp3-encrypted",
  vpcCidrs: ["10.0.0.0/16"],
  clientNamespaces: ["inference"],
};

const values = (replicas = 3, namespace = "vault") =>
  vaultValues({
    namespace,
    replicas,
    storageSize: "10Gi",
    storageClassName: "gp3-encrypted",
    imageRegistry: MIRROR,
    config: vaultServerConfig({ namespace, replicas, region: "us-east-1", unsealKeyArn: KEY }),
  });

/** Does a certificate DNS name (possibly `*.x`) cover a host? One label per wildcard (RFC 6125 6.4.3). */
function covers(name: string, host: string): boolean {
  if (!name.startsWith("*.")) return name === host;
  const rest = host.slice(host.indexOf(".") + 1);
  return host.indexOf(".") > 0 && rest === name.slice(2);
}

describe("validateVaultServerArgs", () => {
  test("the documented defaults and a full set of args pass", () => {
    assert.deepEqual(validateVaultServerArgs(ARGS), []);
    assert.deepEqual(
      validateVaultServerArgs({
        ...ARGS,
        namespace: "secrets",
        replicas: 5,
        storageSize: "20Gi",
        chartVersion: TESTED_VAULT_CHART,
        imageRegistry: MIRROR,
        clientNamespaces: ["inference", "chat"],
        tags: { team: "platform" },
      }),
      [],
    );
  });

  test("every problem at once, each naming the field, the value and what is expected", () => {
    const problems = validateVaultServerArgs({
      region: "mars-1",
      namePrefix: "x".repeat(52),
      namespace: "Vault",
      replicas: 2,
      storageSize: "ten",
      storageClassName: "",
      chartVersion: "^0.34",
      imageRegistry: "https://docker.io",
      vpcCidrs: ["10.0.0.0/33"],
      clientNamespaces: ["inference", "inference", "vault-x", "Bad"],
    }).map((p) => formatProblem(p));
    assert.deepEqual(problems, [
      `namePrefix: "${"x".repeat(52)}" cannot name the unseal role "<namePrefix>-vault-unseal" (expected letters, digits and +=,.@_- , at most 51 characters)`,
      'region: "mars-1" is not an AWS Region (expected e.g. "us-east-1")',
      'namespace: "Vault" is not a lowercase DNS label (expected up to 63 of a-z, 0-9 and -, starting and ending with a letter or digit)',
      "replicas: 2 is not a raft voter count (expected one of 1, 3, 5, 7: 3 survives one lost node, 5 two)",
      'storageSize: "ten" is not a Kubernetes quantity (expected e.g. "10Gi")',
      'storageClassName: "" is not a StorageClass name (expected the encrypted class, e.g. "gp3-encrypted")',
      'chartVersion: "^0.34" is not a pinned chart version (expected "X.Y.Z")',
      'imageRegistry: "https://docker.io" is not a registry prefix (expected host[/path], e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror)',
      'vpcCidrs[0]: "10.0.0.0/33" is not a valid IPv4 CIDR (expected a.b.c.d/n with n from 0 to 32)',
      'clientNamespaces[1]: "inference" is listed twice',
      'clientNamespaces[3]: "Bad" is not a lowercase DNS label (expected up to 63 of a-z, 0-9 and -, starting and ending with a letter or digit)',
    ]);
    assert.deepEqual(
      validateVaultServerArgs({ ...ARGS, vpcCidrs: [], clientNamespaces: ["vault"] }).map((p) =>
        formatProblem(p),
      ),
      [
        "vpcCidrs: [] must list the VPC's CIDRs (at least one)",
        `clientNamespaces[0]: "vault" is Vault's own namespace (its pods reach each other already)`,
      ],
    );
  });
});

describe("server configuration (HCL)", () => {
  const hcl = vaultServerConfig({ namespace: "vault", replicas: 3, region: "us-east-1", unsealKeyArn: KEY });

  test("TLS 1.2+ listener with our certificate, no UI, mlock off, auto-unseal with the vault key", () => {
    for (const line of [
      "ui = false",
      "disable_mlock = true",
      "  tls_disable = false",
      `  tls_cert_file = "${VAULT_NAMES.tlsDir}/tls.crt"`,
      `  tls_key_file = "${VAULT_NAMES.tlsDir}/tls.key"`,
      '  tls_min_version = "tls12"',
      'seal "awskms" {',
      '  region = "us-east-1"',
      `  kms_key_id = "${KEY}"`,
      '  path = "/vault/data"',
      'service_registration "kubernetes" {}',
    ])
      assert.ok(hcl.split("\n").includes(line), `missing: ${line}`);
    assert.ok(!/tls_disable\s*=\s*(1|true)/.test(hcl));
  });

  test("one retry_join per peer, verified against our CA by a name the certificate holds", () => {
    const joins = [...hcl.matchAll(/retry_join \{([^}]*)\}/g)].map((m) => m[1]!);
    assert.equal(joins.length, 3);
    const names = serverCertificateNames("vault").dnsNames;
    joins.forEach((j, i) => {
      assert.match(j, new RegExp(`leader_api_addr = "https://vault-${i}\\.vault-internal:8200"`));
      assert.match(j, /leader_ca_cert_file = "\/vault\/userconfig\/vault-server-tls\/ca\.crt"/);
      const server = /leader_tls_servername = "([^"]+)"/.exec(j)![1]!;
      assert.ok(
        names.some((n) => covers(n, server)),
        `${server} not in the certificate`,
      );
    });
    const five = vaultServerConfig({
      namespace: "vault",
      replicas: 5,
      region: "eu-west-1",
      unsealKeyArn: KEY,
    });
    assert.equal([...five.matchAll(/retry_join \{/g)].length, 5);
  });

  test("survives the chart's start script and tpl: none of its placeholders, no template braces", () => {
    // _helpers.tpl vault.args substitutes these words anywhere in the file; vault.config runs it through tpl.
    for (const word of ["HOSTNAME", "POD_IP", "HOST_IP", "API_ADDR", "TRANSIT_ADDR", "RAFT_ADDR", "{{"])
      assert.ok(!hcl.includes(word), word);
  });
});

describe("certificate names", () => {
  test("cover the client address, every peer (short and fully qualified) and the probe's 127.0.0.1", () => {
    for (const ns of ["vault", "secrets"]) {
      const { dnsNames, ipAddresses } = serverCertificateNames(ns);
      const hosts = [
        new URL(vaultAddress(ns)).hostname,
        `vault.${ns}.svc`,
        ...[0, 1, 2, 4, 6].flatMap((i) => [peerHost(i), peerHost(i, ns)]),
      ];
      for (const h of hosts)
        assert.ok(
          dnsNames.some((n) => covers(n, h)),
          `${h} not covered`,
        );
      assert.deepEqual(ipAddresses, ["127.0.0.1"]);
      assert.ok(!dnsNames.includes("*"), "no bare wildcard");
    }
    assert.equal(covers("*.vault-internal", "a.b.vault-internal"), false, "one label per wildcard");
  });
});

test("the unseal role may only DescribeKey, Encrypt and Decrypt the one key", () => {
  assert.deepEqual(unsealRolePolicy(KEY).Statement, [
    {
      Sid: "VaultAutoUnseal",
      Effect: "Allow",
      Action: ["kms:DescribeKey", "kms:Encrypt", "kms:Decrypt"],
      Resource: KEY,
    },
  ]);
});

describe(`Helm values against the chart (vault-helm ${TESTED_VAULT_CHART})`, () => {
  const schema = JSON.parse(
    fs.readFileSync(path.join(FIXTURES, `vault-${TESTED_VAULT_CHART}.values.schema.json`), "utf8"),
  ) as Record<string, unknown>;
  const { $schema: _ignored, ...body } = schema;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(body);
  const defaults = parseYaml(
    fs.readFileSync(path.join(FIXTURES, `vault-${TESTED_VAULT_CHART}.values.yaml`), "utf8"),
  ) as Record<string, unknown>;

  /** Paths of our values that the chart's values.yaml does not know (free-form maps excepted). */
  function unknownPaths(ours: unknown, chart: unknown, at: string): string[] {
    if (ours === null || typeof ours !== "object" || Array.isArray(ours)) return [];
    if (chart === null || typeof chart !== "object" || Array.isArray(chart)) return [];
    const known = chart as Record<string, unknown>;
    // An empty map in values.yaml is free-form (securityContext.pod, resources, nodeSelector, ...).
    if (Object.keys(known).length === 0) return [];
    return Object.entries(ours).flatMap(([k, v]) =>
      k in known ? unknownPaths(v, known[k], `${at}.${k}`) : [`${at}.${k}`],
    );
  }

  test("our values pass the chart's values.schema.json", () => {
    for (const replicas of [1, 3, 5]) assert.ok(validate(values(replicas)), JSON.stringify(validate.errors));
  });

  test("every key we set exists in the chart's values.yaml (a misspelt key would be silently ignored)", () => {
    assert.deepEqual(unknownPaths(values(), defaults, "values"), []);
    // Not vacuous: a misspelling is found, and the schema refuses a wrong type.
    const v = values();
    assert.deepEqual(unknownPaths({ ...v, server: { ...v.server, dataStorge: {} } }, defaults, "values"), [
      "values.server.dataStorge",
    ]);
    assert.equal(validate({ ...v, server: { ...v.server, ha: { ...v.server.ha, replicas: "3" } } }), false);
  });

  test("HA raft with our config, TLS on, no dev mode, injector, CSI, UI, ingress or chart NetworkPolicy", () => {
    const v = values();
    assert.equal(v.global.tlsDisable, false);
    assert.deepEqual(
      [v.server.ha.enabled, v.server.ha.replicas, v.server.ha.raft.enabled, v.server.dev.enabled],
      [true, 3, true, false],
    );
    assert.match(v.server.ha.raft.config, /seal "awskms"/);
    for (const off of [
      v.injector,
      v.csi,
      v.ui,
      v.server.ingress,
      v.server.httproute,
      v.server.route,
      v.server.networkPolicy,
      v.server.auditStorage,
    ])
      assert.equal(off.enabled, false);
    assert.equal(v.server.serviceAccount.createSecret, false);
    assert.deepEqual(v.server.image, { repository: `${MIRROR}/hashicorp/vault`, tag: VAULT_IMAGE.tag });
    assert.deepEqual(
      [v.server.dataStorage.storageClass, v.server.dataStorage.size, v.server.dataStorage.enabled],
      ["gp3-encrypted", "10Gi", true],
    );
    assert.equal(v.server.ha.apiAddr, "https://$(VAULT_K8S_POD_NAME).vault-internal.vault.svc:8200");
  });

  describe("the server pod the chart renders from these values", () => {
    const sts = renderServerStatefulSet(values(), "vault");
    const pod = sts.spec.template.spec;

    test("meets Pod Security restricted and the pack's workload policies", async () => {
      assert.deepEqual(await workloadFindings(sts), []);
      // And the rendering itself is a valid StatefulSet (so the policies read a real shape).
      // (typed `any` as in workloadFixtures.test.ts: the package's types hide `validate`.)
      const Model: any = (await import("kubernetes-models/apps/v1/StatefulSet")).StatefulSet;
      assert.doesNotThrow(() => new Model(sts).validate());
    });

    test("the checks are not vacuous: adding IPC_LOCK or dropping nothing is flagged", async () => {
      const bad = structuredClone(sts);
      bad.spec.template.spec.containers[0].securityContext = {
        ...bad.spec.template.spec.containers[0].securityContext,
        capabilities: { add: ["IPC_LOCK"] },
      };
      const found = await workloadFindings(bad);
      assert.ok(
        found.some((f) => f.includes("IPC_LOCK")) && found.some((f) => /drop/i.test(f)),
        found.join("\n"),
      );
    });

    test("the key file is group-readable only, the API advertises its stable name", () => {
      const tlsVolume = pod.volumes.find((v: any) => v.name === `userconfig-${VAULT_NAMES.tlsSecret}`);
      assert.deepEqual(tlsVolume.secret, { secretName: VAULT_NAMES.tlsSecret, defaultMode: 0o440 });
      const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value]));
      assert.equal(env.VAULT_API_ADDR, "https://$(VAULT_K8S_POD_NAME).vault-internal.vault.svc:8200");
      const names = pod.containers[0].env.map((e: any) => e.name);
      assert.ok(names.indexOf("VAULT_K8S_POD_NAME") < names.indexOf("VAULT_API_ADDR"), "defined before use");
    });
  });
});
