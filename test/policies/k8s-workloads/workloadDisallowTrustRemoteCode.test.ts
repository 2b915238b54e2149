import assert from "node:assert/strict";
import { test } from "node:test";
import {
  trustRemoteCodeArgs,
  workloadDisallowTrustRemoteCode as policy,
} from "../../../policy-pack/policies/k8s-workloads/workloadDisallowTrustRemoteCode";
import { UNKNOWN, violations } from "../helpers/policyHarness";
import {
  addEphemeral,
  DEPLOYMENT,
  deploymentPatch,
  init,
  KINDS,
  main,
  sharedWorkloadCases,
  workloadViolations,
} from "./workloadFixtures";

sharedWorkloadCases(policy);

const msg = (who: string, token: string) =>
  `${who} runs with ${token}: the model's own Python code would run in the server; remove it and serve an architecture the server supports natively.`;

for (const kind of KINDS)
  test(`${kind.kind}: vLLM with --trust-remote-code in args is flagged`, async () => {
    assert.deepEqual(
      await workloadViolations(
        policy,
        kind,
        (s) => (main(s).args = ["--model", "/models/m", "--trust-remote-code"]),
      ),
      [msg('Container "app"', "--trust-remote-code")],
    );
  });

test("every spelling, in command or args, in every container list, inside a shell string", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      main(s).command = ["python3", "-m", "sglang.launch_server", "--trust_remote_code"];
      main(s).args = ["--trust-remote-code=True"];
      init(s).command = ["/bin/sh", "-c"];
      init(s).args = ["vllm serve /models/m --port 8000 '--trust-remote-code'"];
      addEphemeral(s).args = ["--TRUST-REMOTE-CODE"];
    }),
    [
      msg('Container "app"', "--trust_remote_code"),
      msg('Container "app"', "--trust-remote-code=True"),
      msg('Init container "fetch-model"', "--trust-remote-code"),
      msg('Ephemeral container "debug"', "--TRUST-REMOTE-CODE"),
    ],
  );
});

test("TGI's TRUST_REMOTE_CODE env is flagged when true; false and the negated flag pass", async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) =>
      main(s).env.push({ name: "TRUST_REMOTE_CODE", value: "true" }),
    ),
    [
      'Container "app" sets TRUST_REMOTE_CODE=true: the model\'s own Python code would run in the server; remove it and serve an architecture the server supports natively.',
    ],
  );
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      main(s).env.push({ name: "TRUST_REMOTE_CODE", value: "false" });
      main(s).args = ["--no-trust-remote-code", "--trust-remote-code=false", "--trust-remote-code-x"];
    }),
    [],
  );
});

test("the secure twin (a local model, no remote code) passes; unknown values and a patch are not flagged", async () => {
  assert.deepEqual(
    await workloadViolations(
      policy,
      DEPLOYMENT,
      (s) => (main(s).args = ["--model", "/models/m", "--load-format", "safetensors"]),
    ),
    [],
  );
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      main(s).args = [UNKNOWN.string, "--port", "8000"];
      main(s).command = UNKNOWN.array;
      main(s).env.push({ name: "TRUST_REMOTE_CODE", value: UNKNOWN.string });
    }),
    [],
  );
  const patch = deploymentPatch({ containers: [{ name: "app", args: ["--trust-remote-code"] }] });
  assert.deepEqual(await violations(policy, patch.type, patch.props), [
    msg('Container "app"', "--trust-remote-code"),
  ]);
  const bare = deploymentPatch({ containers: [{ name: "app" }] });
  assert.deepEqual(await violations(policy, bare.type, bare.props), []);
});

test("trustRemoteCodeArgs: tokens, not substrings", () => {
  assert.deepEqual(trustRemoteCodeArgs(["echo --trust-remote-code-docs", 42, undefined]), []);
  assert.deepEqual(trustRemoteCodeArgs(['"--trust-remote-code"']), ["--trust-remote-code"]);
});

test('empty strings ("" in args, command and env) are not flags', async () => {
  assert.deepEqual(
    await workloadViolations(policy, DEPLOYMENT, (s) => {
      main(s).args = ["", "--port", ""];
      main(s).command = [""];
      main(s).env.push({ name: "TRUST_REMOTE_CODE", value: "" });
    }),
    [],
  );
});
