import assert from "node:assert/strict";
import { test } from "node:test";
import { serviceEntryRequireTlsOrigination as policy } from "../../../policy-pack/policies/mesh/serviceEntryRequireTlsOrigination";
import { res } from "../helpers/awsStack";
import { UNKNOWN, validateStack } from "../helpers/policyHarness";
import { DR, SE } from "./meshFixtures";

const se = (spec: Record<string, any>) =>
  res(SE, "hf", {
    apiVersion: "networking.istio.io/v1",
    kind: "ServiceEntry",
    metadata: { namespace: "inference" },
    spec,
  });
const dr = (host: string, trafficPolicy: unknown) =>
  res(DR, "hf-tls", {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    spec: { host, trafficPolicy },
  });
const plain = {
  hosts: ["huggingface.co"],
  ports: [{ number: 80, name: "http", protocol: "HTTP", targetPort: 443 }],
  resolution: "DNS",
};
const simple = { tls: { mode: "SIMPLE", sni: "huggingface.co", subjectAltNames: ["huggingface.co"] } };

test("HTTPS/TLS ports pass; plain ports pass with a DestinationRule that originates TLS (any level, wildcard host)", async () => {
  assert.deepEqual(
    await validateStack(policy, [
      se({ ...plain, ports: [{ number: 443, name: "https", protocol: "HTTPS" }] }),
    ]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [se(plain), dr("huggingface.co", simple)]), []);
  assert.deepEqual(
    await validateStack(policy, [
      se(plain),
      dr("*.co", { portLevelSettings: [{ port: { number: 80 }, tls: { mode: "MUTUAL" } }] }),
    ]),
    [],
  );
  assert.deepEqual(await validateStack(policy, [se({ ...plain, location: "MESH_INTERNAL" })]), []);
});

test("a plain-text external port without TLS origination is flagged (default location, HTTP/HTTP2/GRPC)", async () => {
  const s = se({
    ...plain,
    ports: [
      { number: 80, protocol: "HTTP" },
      { number: 81, protocol: "grpc" },
    ],
  });
  const message =
    'ServiceEntry "hf" sends huggingface.co plain text (ports 80, 81): add a DestinationRule for the host with tls.mode SIMPLE (TLS origination), or declare the port HTTPS if the client encrypts.';
  assert.deepEqual(await validateStack(policy, [s]), [{ urn: s.urn, message }]);
  assert.deepEqual(
    await validateStack(policy, [s, dr("huggingface.co", { tls: { mode: "ISTIO_MUTUAL" } })]),
    [{ urn: s.urn, message }],
  );
  assert.deepEqual(await validateStack(policy, [s, dr("other.co", simple)]), [{ urn: s.urn, message }]);
});

test("unknown hosts, ports, locations or DestinationRule modes say nothing", async () => {
  for (const resources of [
    [se({ ...plain, hosts: UNKNOWN.array })],
    [se({ ...plain, ports: [{ number: 80, protocol: UNKNOWN.string }] })],
    [se({ ...plain, location: UNKNOWN.string })],
    [se(plain), dr("huggingface.co", { tls: { mode: UNKNOWN.string } })],
    [se(plain), res(DR, "x", { spec: { host: UNKNOWN.string } })],
  ])
    assert.deepEqual(await validateStack(policy, resources), []);
});

test('a location "" is not MESH_EXTERNAL (Istio rejects it), and a DestinationRule host "" covers nothing', async () => {
  assert.deepEqual(await validateStack(policy, [se({ ...plain, location: "" })]), []);
  assert.equal((await validateStack(policy, [se(plain), dr("", simple)])).length, 1);
});
