"use strict";
// AWS Signature Version 4 for one HTTPS request, with node:crypto only (no package to bundle), tested
// against AWS's published signing test suite (get-vanilla, post-vanilla, query order).
// @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
const { createHash, createHmac } = require("node:crypto");

const sha256 = (data) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key, data) => createHmac("sha256", key).update(data, "utf8").digest();

// RFC 3986 unreserved characters stay; everything else is percent-encoded (SigV4's UriEncode).
const uriEncode = (s) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `20150830T123600Z` */
const amzDate = (date) => date.toISOString().replace(/[:-]|\.\d{3}/g, "");

/**
 * @param {{method: string, host: string, path: string, query?: Record<string, string>, body?: string,
 *   region: string, service: string, accessKeyId: string, secretAccessKey: string, sessionToken?: string,
 *   now: Date, headers?: Record<string, string>}} r
 * @returns {{headers: Record<string, string>, canonicalRequest: string, stringToSign: string, signature: string}}
 */
function sign(r) {
  const date = amzDate(r.now);
  const day = date.slice(0, 8);
  const body = r.body ?? "";
  const headers = { ...(r.headers ?? {}), host: r.host, "x-amz-date": date };
  if (r.sessionToken) headers["x-amz-security-token"] = r.sessionToken;
  const names = Object.keys(headers)
    .map((k) => k.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = names
    .map((n) => `${n}:${String(lower[n]).trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const signedHeaders = names.join(";");
  const query = Object.entries(r.query ?? {})
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const path = `/${r.path.replace(/^\//, "")}`
    .split("/")
    .map((seg) => uriEncode(seg))
    .join("/");
  const canonicalRequest = [r.method, path, query, canonicalHeaders, signedHeaders, sha256(body)].join("\n");
  const scope = `${day}/${r.region}/${r.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", date, scope, sha256(canonicalRequest)].join("\n");
  const key = ["aws4_request"].reduce(
    (k, part) => hmac(k, part),
    hmac(hmac(hmac(`AWS4${r.secretAccessKey}`, day), r.region), r.service),
  );
  const signature = createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
  return {
    headers: {
      ...headers,
      authorization: `AWS4-HMAC-SHA256 Credential=${r.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    },
    canonicalRequest,
    stringToSign,
    signature,
  };
}

module.exports = { sign, amzDate };
