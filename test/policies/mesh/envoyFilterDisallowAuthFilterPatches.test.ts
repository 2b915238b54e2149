import assert from "node:assert/strict";
import { test } from "node:test";
import { envoyFilterDisallowAuthFilterPatches as policy } from "../../../policy-pack/policies/mesh/envoyFilterDisallowAuthFilterPatches";
import { UNKNOWN, validate, violations } from "../helpers/policyHarness";
import { EF } from "./meshFixtures";

const ef = (configPatches: unknown) => ({
  apiVersion: "networking.istio.io/v1alpha3",
  kind: "EnvoyFilter",
  metadata: { name: "x", namespace: "istio-ingress" },
  spec: { configPatches },
});
const httpFilter = (name: string, operation: string) => ({
  applyTo: "HTTP_FILTER",
  match: {
    context: "GATEWAY",
    listener: {
      filterChain: { filter: { name: "envoy.filters.network.http_connection_manager", subFilter: { name } } },
    },
  },
  patch: { operation },
});

test("inserting a local rate limit before the router, as our gateway does, passes", async () => {
  assert.deepEqual(
    await violations(
      policy,
      EF,
      ef([
        {
          ...httpFilter("envoy.filters.http.router", "INSERT_BEFORE"),
          patch: { operation: "INSERT_BEFORE", value: { name: "envoy.filters.http.local_ratelimit" } },
        },
      ]),
    ),
    [],
  );
  assert.deepEqual(
    await violations(policy, EF, ef([httpFilter("envoy.filters.http.jwt_authn", "INSERT_AFTER")])),
    [],
  );
});

test("REMOVE, REPLACE or MERGE on jwt_authn, rbac, ext_authz (HTTP and network) are flagged", async () => {
  assert.deepEqual(
    await violations(
      policy,
      EF,
      ef([
        httpFilter("envoy.filters.http.jwt_authn", "REMOVE"),
        httpFilter("envoy.filters.http.rbac", "replace"),
        httpFilter("envoy.filters.http.ext_authz", "MERGE"),
        {
          applyTo: "NETWORK_FILTER",
          match: { listener: { filterChain: { filter: { name: "envoy.filters.network.rbac" } } } },
          patch: { operation: "REMOVE" },
        },
      ]),
    ),
    [
      "EnvoyFilter configPatches[0] REMOVEs envoy.filters.http.jwt_authn: do not patch the mesh's authn/authz filters.",
      "EnvoyFilter configPatches[1] REPLACEs envoy.filters.http.rbac: do not patch the mesh's authn/authz filters.",
      "EnvoyFilter configPatches[2] MERGEs envoy.filters.http.ext_authz: do not patch the mesh's authn/authz filters.",
      "EnvoyFilter configPatches[3] REMOVEs envoy.filters.network.rbac: do not patch the mesh's authn/authz filters.",
    ],
  );
});

test("unknown operations or filter names are silent, and do not hide a removal beside them", async () => {
  assert.deepEqual(
    await validate(policy, {
      type: EF,
      props: ef([
        httpFilter("envoy.filters.http.rbac", UNKNOWN.string),
        httpFilter(UNKNOWN.string, "REMOVE"),
        httpFilter("envoy.filters.http.rbac", "REMOVE"),
      ]),
    }),
    {
      violations: [
        "EnvoyFilter configPatches[2] REMOVEs envoy.filters.http.rbac: do not patch the mesh's authn/authz filters.",
      ],
    },
  );
});

test('an operation "" or a filter name "" is not an edit of an auth filter', async () => {
  assert.deepEqual(
    await violations(policy, EF, ef([httpFilter("envoy.filters.http.rbac", ""), httpFilter("", "REMOVE")])),
    [],
  );
});
