"use strict";
// The SIEM search bootstrap (Lambda, Node.js 22, CommonJS, no dependencies): sends the requests its
// input lists (built at plan time by siemPipeline.bootstrap.logic.ts) to the OpenSearch domain, signed
// with SigV4 as the function's role (the domain's FGAC master role). It refuses any path outside the
// allow-list, and fails the invocation (so `pulumi up` fails) on any non-2xx answer.
// Credentials come from the environment Lambda sets for the execution role.
// @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
const https = require("node:https");
const { sign } = require("./sigv4");

const ALLOWED_PATH =
  /^(_plugins\/_security\/api\/(roles|rolesmapping)\/[a-z_]+|_plugins\/_security\/api\/audit\/config|_plugins\/_ism\/policies\/[a-z-]+|_index_template\/[a-z-]+)$/;

function send(endpoint, region, method, path, query, body, env, transport) {
  const json = body === undefined ? "" : JSON.stringify(body);
  const signed = sign({
    method,
    host: endpoint,
    path,
    query,
    body: json,
    region,
    service: "es",
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    sessionToken: env.AWS_SESSION_TOKEN,
    now: new Date(),
    headers: json ? { "content-type": "application/json" } : {},
  });
  const qs = new URLSearchParams(query ?? {}).toString();
  return transport(
    { host: endpoint, method, path: `/${path}${qs ? `?${qs}` : ""}`, headers: signed.headers },
    json,
  );
}

/** One HTTPS request; resolves {status, body}. */
function httpsTransport(options, payload) {
  return new Promise((resolve, reject) => {
    const req = https.request({ ...options, port: 443, timeout: 20000 }, (res) => {
      let data = "";
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on("timeout", () => req.destroy(new Error(`timeout on ${options.method} ${options.path}`)));
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** The plan: which calls a request needs (an ISM policy update needs its current sequence numbers). */
async function run(event, env = process.env, transport = httpsTransport) {
  const done = [];
  for (const r of event.requests) {
    if (!ALLOWED_PATH.test(r.path)) throw new Error(`refused path ${r.path}`);
    let query;
    if (r.kind === "ism-policy") {
      const current = await send(
        event.endpoint,
        event.region,
        "GET",
        r.path,
        undefined,
        undefined,
        env,
        transport,
      );
      if (current.status === 200) {
        const doc = JSON.parse(current.body);
        query = { if_seq_no: String(doc._seq_no), if_primary_term: String(doc._primary_term) };
      } else if (current.status !== 404) {
        throw new Error(`GET ${r.path}: ${current.status} ${current.body}`);
      }
    } else if (r.kind !== "put") {
      throw new Error(`unknown request kind ${r.kind}`);
    }
    const res = await send(event.endpoint, event.region, "PUT", r.path, query, r.body, env, transport);
    if (res.status < 200 || res.status > 299) throw new Error(`PUT ${r.path}: ${res.status} ${res.body}`);
    done.push(`${r.path}: ${res.status}`);
  }
  return { done };
}

exports.handler = async (event) => run(event);
exports.run = run;
exports.ALLOWED_PATH = ALLOWED_PATH;
