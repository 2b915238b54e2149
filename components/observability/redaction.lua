-- Rampart's PII and credential redaction, run by Fluent Bit's Lua filter on every record before it
-- leaves the node (components/observability/logShipper.values.ts wires it; test/components/observability/
-- redaction.test.ts drives this exact file with LuaJIT). LuaJIT 2.1 / Lua 5.1: no goto, no integer
-- division, no native bit operators (LuaJIT's `bit` library instead).
--
-- What it does to every string in the record (nested maps and arrays included):
--   identifiers -> [KIND:<first 12 hex of HMAC-SHA-256(key, KIND ":" normalised value)>], so equal values
--                  correlate across records without being readable: EMAIL, PHONE, CARD, SSN, NINO;
--   credentials -> [REDACTED:<kind>], no hash (a hash of a short secret can be brute-forced).
-- A string under a credential-named key (password, authorization, api_key, ...) is replaced whole.
--
-- Fail closed: with no key (env RAMPART_REDACTION_KEY unset or shorter than 16 bytes), or if anything
-- below raises, the record's strings are removed and `rampart_redaction` says why. Fluent Bit's own
-- protected mode is no substitute: on a Lua error it returns FLB_FILTER_NOTOUCH and ships the chunk
-- unmodified (fluent/fluent-bit plugins/filter_lua/lua.c, cb_lua_filter).

local bit = require("bit")
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local rshift, lshift, ror, tobit, tohex = bit.rshift, bit.lshift, bit.ror, bit.tobit, bit.tohex
local byte, char, sub, find, lower, upper = string.byte, string.char, string.sub, string.find, string.lower, string.upper
local rep, gsub, concat = string.rep, string.gsub, table.concat

------------------------------------------------------------------------------------------------------
-- SHA-256 (FIPS 180-4) and HMAC (RFC 2104). Words are LuaJIT 32-bit signed integers; sums of up to
-- five words are exact in a double and reduced with tobit.
------------------------------------------------------------------------------------------------------

local K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
for i = 1, 64 do K[i] = tobit(K[i]) end

local H0 = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 }
for i = 1, 8 do H0[i] = tobit(H0[i]) end

local W = {}

-- Processes the 64-byte block of `s` at `pos` into the state H (in place).
local function compress(H, s, pos)
  for i = 1, 16 do
    local b1, b2, b3, b4 = byte(s, pos, pos + 3)
    W[i] = bor(lshift(b1, 24), lshift(b2, 16), lshift(b3, 8), b4)
    pos = pos + 4
  end
  for i = 17, 64 do
    local w15, w2 = W[i - 15], W[i - 2]
    local s0 = bxor(ror(w15, 7), ror(w15, 18), rshift(w15, 3))
    local s1 = bxor(ror(w2, 17), ror(w2, 19), rshift(w2, 10))
    W[i] = tobit(W[i - 16] + s0 + W[i - 7] + s1)
  end
  local a, b, c, d, e, f, g, h = H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8]
  for i = 1, 64 do
    local S1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
    local ch = bxor(band(e, f), band(bnot(e), g))
    local t1 = h + S1 + ch + K[i] + W[i]
    local S0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
    local maj = bxor(band(a, b), band(a, c), band(b, c))
    h, g, f, e = g, f, e, tobit(d + t1)
    d, c, b, a = c, b, a, tobit(t1 + S0 + maj)
  end
  H[1], H[2], H[3], H[4] = tobit(H[1] + a), tobit(H[2] + b), tobit(H[3] + c), tobit(H[4] + d)
  H[5], H[6], H[7], H[8] = tobit(H[5] + e), tobit(H[6] + f), tobit(H[7] + g), tobit(H[8] + h)
end

local function be32(x)
  return char(band(rshift(x, 24), 255), band(rshift(x, 16), 255), band(rshift(x, 8), 255), band(x, 255))
end

-- Finishes a hash whose state `start` has already absorbed `prefix_len` bytes (a multiple of 64).
local function finish(start, prefix_len, msg)
  local H = { start[1], start[2], start[3], start[4], start[5], start[6], start[7], start[8] }
  local total = prefix_len + #msg
  local bits = total * 8
  local padded = msg .. "\128" .. rep("\0", (55 - total) % 64)
    .. be32(tobit(math.floor(bits / 4294967296))) .. be32(tobit(bits % 4294967296))
  for pos = 1, #padded, 64 do compress(H, padded, pos) end
  return H
end

local function words_to_bytes(H)
  local out = {}
  for i = 1, 8 do out[i] = be32(H[i]) end
  return concat(out)
end

local function words_to_hex(H)
  local out = {}
  for i = 1, 8 do out[i] = tohex(H[i], 8) end
  return concat(out)
end

local function sha256(msg) return words_to_bytes(finish(H0, 0, msg)) end

-- The HMAC states after the inner and outer padded key blocks, computed once per key.
local function hmac_prepare(key)
  if #key > 64 then key = sha256(key) end
  key = key .. rep("\0", 64 - #key)
  local ipad, opad = {}, {}
  for i = 1, 64 do
    local k = byte(key, i)
    ipad[i] = char(bxor(k, 0x36))
    opad[i] = char(bxor(k, 0x5c))
  end
  local inner = { H0[1], H0[2], H0[3], H0[4], H0[5], H0[6], H0[7], H0[8] }
  local outer = { H0[1], H0[2], H0[3], H0[4], H0[5], H0[6], H0[7], H0[8] }
  compress(inner, concat(ipad), 1)
  compress(outer, concat(opad), 1)
  return { inner = inner, outer = outer }
end

local function hmac_hex(prepared, msg)
  local inner = words_to_bytes(finish(prepared.inner, 64, msg))
  return words_to_hex(finish(prepared.outer, 64, inner))
end

------------------------------------------------------------------------------------------------------
-- Detectors. Each takes a piece of text and returns the matches in it, in order and not overlapping:
-- { {first, last, replacement}, ... }. Text already replaced is never scanned again (see `redact_text`).
------------------------------------------------------------------------------------------------------

local KEY -- the prepared HMAC key, or nil (fail closed)

local function tag(kind, normalised)
  return "[" .. kind .. ":" .. sub(hmac_hex(KEY, kind .. ":" .. normalised), 1, 12) .. "]"
end

local function secret(kind) return "[REDACTED:" .. kind .. "]" end

local function is_word(c) return c ~= "" and find(c, "^[%w_]") ~= nil end

-- A case-insensitive Lua pattern for a literal word: "bearer" -> "[Bb][Ee][Aa][Rr][Ee][Rr]".
local function nocase(word)
  return (gsub(word, "%a", function(c) return "[" .. upper(c) .. lower(c) .. "]" end))
end

-- All matches of a pattern: `make(text, start, end, captures...)` returns {first, last, replacement} or
-- nil to skip this occurrence (the scan then resumes one character later).
local function scan(text, pattern, make)
  local out, init = {}, 1
  while true do
    local r = { find(text, pattern, init) }
    if not r[1] then return out end
    local m = make(text, unpack(r))
    if m then out[#out + 1] = m; init = m[2] + 1 else init = r[1] + 1 end
  end
end

-- `Authorization: Bearer <token>` (and bare `Bearer <token>`), `Basic <credentials>`.
-- https://www.rfc-editor.org/rfc/rfc6750#section-2.1
local BEARER = "%f[%a]" .. nocase("bearer") .. "%s+()[%w%-%._~%+/]+=*()"
local BASIC = nocase("authorization") .. "[\"']?%s*[:=]%s*[\"']?" .. nocase("basic") .. "%s+()[%w%+/]+=*()"
local function bearer(text)
  local out = scan(text, BEARER, function(_, _, _, vs, ve)
    if ve - vs < 16 then return nil end -- "bearer bonds" is prose; tokens are longer
    return { vs, ve - 1, secret("bearer") }
  end)
  for _, m in ipairs(scan(text, BASIC, function(_, _, _, vs, ve)
    if ve - vs < 8 then return nil end
    return { vs, ve - 1, secret("basic") }
  end)) do out[#out + 1] = m end
  table.sort(out, function(x, y) return x[1] < y[1] end)
  return out
end

-- JSON Web Tokens: base64url header starting `{"` (eyJ), payload, signature.
-- https://www.rfc-editor.org/rfc/rfc7519#section-3
local function jwt(text)
  return scan(text, "()eyJ[%w_%-]+%.[%w_%-]+%.[%w_%-]*()", function(t, s, _, vs, ve)
    if is_word(sub(t, s - 1, s - 1)) then return nil end
    return { vs, ve - 1, secret("jwt") }
  end)
end

-- Matches in text order, keeping the first of any that overlap (each match is { from, to, replacement }).
local function non_overlapping(out)
  table.sort(out, function(x, y) return x[1] < y[1] end)
  local kept, last = {}, 0
  for _, m in ipairs(out) do
    if m[1] > last then kept[#kept + 1] = m; last = m[2] end
  end
  return kept
end

-- Vendor API keys: OpenAI/Anthropic-style `sk-...`, GitHub `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`, Slack
-- `xox?-`. At least 20 characters after the prefix, so `sk-learn` and friends are kept.
local VENDOR = {
  { "()sk%-[%w_%-]+()", "api-key", 20 },
  { "()gh[pousr]_[%w]+()", "github-token", 30 },
  { "()xox[abprs]%-[%w%-]+()", "slack-token", 20 },
}
local function vendor_keys(text)
  local out = {}
  for _, v in ipairs(VENDOR) do
    for _, m in ipairs(scan(text, v[1], function(t, s, _, vs, ve)
      if is_word(sub(t, s - 1, s - 1)) or ve - vs < v[3] then return nil end
      return { vs, ve - 1, secret(v[2]) }
    end)) do out[#out + 1] = m end
  end
  return non_overlapping(out)
end

-- AWS access key ids: AKIA (long-term) and ASIA (temporary) plus 16 characters.
-- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
local AKID = "%f[%w]()A[KS]IA" .. rep("[A-Z0-9]", 16) .. "()%f[^%w]"
local function aws_key_id(text)
  return scan(text, AKID, function(_, _, _, vs, ve) return { vs, ve - 1, secret("aws-access-key-id") } end)
end

-- `<name> = value` / `<name>: value` / `"<name>": "value"` for credential names, in free text, query
-- strings, headers and JSON written into a string. The value runs to the next quote, space, `&`, `;`
-- or `,`.
local ASSIGNED = {
  { nocase("aws_secret_access_key"), "aws-secret-access-key" },
  { nocase("api") .. "[_%-]?" .. nocase("key"), "api-key" },
  { nocase("password"), "password" },
  { nocase("passwd"), "password" },
  { nocase("client_secret"), "client-secret" },
  { nocase("access_token"), "access-token" },
  { nocase("refresh_token"), "refresh-token" },
}
local function assigned(text)
  local out = {}
  for _, a in ipairs(ASSIGNED) do
    local pattern = "%f[%w]" .. a[1] .. "[\"']?%s*[:=]%s*[\"']?()[^%s\"'&;,]+()"
    for _, m in ipairs(scan(text, pattern, function(_, _, _, vs, ve)
      if sub(text, vs, vs) == "[" then return nil end -- already redacted by an earlier rule
      return { vs, ve - 1, secret(a[2]) }
    end)) do out[#out + 1] = m end
  end
  return non_overlapping(out)
end

-- E-mail addresses (the common dot-atom form of RFC 5322 3.4.1): the domain needs a dot and an
-- alphabetic top-level label of two letters or more. Found from each "@" outwards (a pattern starting
-- at every character would be quadratic on long words).
local function email(text)
  local out, init = {}, 1
  while true do
    local at = find(text, "@", init, true)
    if not at then return out end
    local s = at
    while s > init and find(text, "^[%w%.%%%+_%-]", s - 1) do s = s - 1 end
    local _, e = find(text, "^[%w%-]+%.[%w%.%-]+", at + 1)
    local matched
    if s < at and e then
      local m = gsub(sub(text, s, e), "[%.%-]+$", "")
      local local_part, domain = m:match("^(.-)@(.*)$")
      if local_part ~= "" and not local_part:match("^%.") and domain:match("%.%a%a+$") then
        matched = { s, s + #m - 1, tag("EMAIL", lower(m)) }
      end
    end
    if matched then
      out[#out + 1] = matched
      init = matched[2] + 1
    else
      init = at + 1
    end
  end
end

-- Payment cards: 13-19 digits in groups separated by single spaces or dashes, starting with a major
-- network's leading digit (2-6: Mastercard 2/5, Amex/Diners/JCB 3, Visa 4, Discover/UnionPay/Maestro 6;
-- epoch timestamps start with 1), and ONLY when the Luhn checksum holds (ISO/IEC 7812-1 annex B).
local function luhn(digits)
  local sum, n = 0, #digits
  for i = n, 1, -1 do
    local d = byte(digits, i) - 48
    if (n - i) % 2 == 1 then
      d = d * 2
      if d > 9 then d = d - 9 end
    end
    sum = sum + d
  end
  return sum % 10 == 0
end

local function card(text)
  local out, init = {}, 1
  while true do
    local s = find(text, "%d", init)
    if not s then return out end
    local groups, ends, pos = {}, {}, s
    while true do
      local a, b = find(text, "^%d+", pos)
      groups[#groups + 1] = sub(text, a, b)
      ends[#ends + 1] = b
      local c = sub(text, b + 1, b + 1)
      if (c == " " or c == "-") and find(text, "^%d", b + 2) then pos = b + 2 else break end
    end
    local matched
    if not is_word(sub(text, s - 1, s - 1)) then
      -- The longest run of leading groups that is a card (a card followed by a year stays a card).
      for n = #groups, 1, -1 do
        if not is_word(sub(text, ends[n] + 1, ends[n] + 1)) then
          local digits = concat(groups, "", 1, n)
          if #digits >= 13 and #digits <= 19 and find(digits, "^[2-6]") and luhn(digits) then
            matched = { s, ends[n], tag("CARD", digits) }
            break
          end
        end
      end
    end
    if matched then
      out[#out + 1] = matched
      init = matched[2] + 1
    else
      init = ends[1] + 1
    end
  end
end

-- US Social Security numbers, ddd-dd-dddd, without the never-issued ranges: area 000, 666, 900-999,
-- group 00, serial 0000. https://www.ssa.gov/employer/randomization.html
-- UK National Insurance numbers: two prefix letters, six digits, suffix A-D, optionally spaced; the
-- prefix letters exclude D, F, I, Q, U, V (and O second) and the unallocated BG, GB, KN, NK, NT, TN, ZZ.
-- https://www.gov.uk/hmrc-internal-manuals/national-insurance-manual/nim39110
local NINO_BAD_PREFIX = { BG = true, GB = true, KN = true, NK = true, NT = true, TN = true, ZZ = true }
local function national_id(text)
  local out = scan(text, "%f[%w]()(%d%d%d)%-(%d%d)%-(%d%d%d%d)()%f[^%w]", function(t, _, _, vs, a, g, sn, ve)
    if sub(t, vs - 1, vs - 1) == "-" or sub(t, ve, ve) == "-" then return nil end
    if a == "000" or a == "666" or sub(a, 1, 1) == "9" or g == "00" or sn == "0000" then return nil end
    return { vs, ve - 1, tag("SSN", a .. g .. sn) }
  end)
  local nino = "%f[%w]()([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z]) ?(%d%d) ?(%d%d) ?(%d%d) ?([A-D])()%f[^%w]"
  local init = 1
  while true do
    local s, _, vs, p1, p2, d1, d2, d3, suffix, ve = find(text, nino, init)
    if not s then break end
    if not NINO_BAD_PREFIX[p1 .. p2] then
      out[#out + 1] = { vs, ve - 1, tag("NINO", p1 .. p2 .. d1 .. d2 .. d3 .. suffix) }
    end
    init = ve
  end
  table.sort(out, function(x, y) return x[1] < y[1] end)
  return out
end

-- Phone numbers. International: `+` and 8-15 digits (E.164, ITU-T E.164 section 6.1) with optional
-- separators. National: only group shapes real numbering plans use, so that dates (2026-12-02), IPs,
-- versions, UUIDs, status codes and bare ids are kept: NANP (201) 555-0123, 201-555-0123,
-- 1-201-555-0123; UK 020 7946 0958, 0161 496 0960, 07700 900123, 01632 960 001.
local NATIONAL = {
  ["3-3-4"] = "^[2-9]", ["1-3-3-4"] = "^1[2-9]",
  ["3-4-4"] = "^0", ["4-3-4"] = "^0", ["5-6"] = "^0", ["5-3-3"] = "^0",
}
local function phone(text)
  local out, init = {}, 1
  while true do
    local s = find(text, "[%+%(%d]", init)
    if not s then return out end
    local prev = sub(text, s - 1, s - 1)
    local pos, plus, groups, last = s, false, {}, nil
    if sub(text, pos, pos) == "+" then plus = true; pos = pos + 1 end
    while true do
      local paren = sub(text, pos, pos) == "("
      local a, b = find(text, "^%d+", paren and pos + 1 or pos)
      if not a or (paren and sub(text, b + 1, b + 1) ~= ")") then break end
      groups[#groups + 1] = sub(text, a, b)
      if paren then b = b + 1 end
      last = b
      local c = sub(text, b + 1, b + 1)
      if (c == " " or c == "-" or c == ".") and find(text, "^[%d%(]", b + 2) then
        pos = b + 2
      elseif paren and find(text, "^%d", b + 1) then
        pos = b + 1
      else
        break
      end
    end
    local matched
    if last and not is_word(prev) and not find(prev, "[%.%-/%+]") and not is_word(sub(text, last + 1, last + 1)) then
      local digits = concat(groups)
      if plus then
        if #digits >= 8 and #digits <= 15 and (#groups > 1 or #digits >= 10) then
          matched = { s, last, tag("PHONE", "+" .. digits) }
        end
      else
        local sizes = {}
        for i, g in ipairs(groups) do sizes[i] = #g end
        local lead = NATIONAL[concat(sizes, "-")]
        if lead and find(digits, lead) then matched = { s, last, tag("PHONE", digits) } end
      end
    end
    if matched then
      out[#out + 1] = matched
      init = matched[2] + 1
    else
      init = (last or s) + 1
    end
  end
end

-- Credentials first (a token's digits must not become a phone), then identifiers. Each detector has a
-- cheap plain-text test (`want`, on the text and its lower-case form) that must hold for it to match
-- at all; most strings (pod names, paths, timestamps) fail every test and cost a few finds.
local function has(s, word) return find(s, word, 1, true) ~= nil end
-- 13 digits with at most one space or dash between any two: the shortest card the detector accepts.
local CARD_CANDIDATE = "%d" .. rep("[ %-]?%d", 12)
local SSN_CANDIDATE = "%d%d%d%-%d%d%-%d%d%d%d"
local NINO_CANDIDATE = "%u%u ?%d%d ?%d%d ?%d%d ?[A-D]"
local DETECTORS = {
  { bearer, function(_, low) return has(low, "bearer") or has(low, "basic") end },
  { jwt, function(t) return has(t, "eyJ") end },
  { vendor_keys, function(t) return has(t, "sk-") or has(t, "gh") or has(t, "xox") end },
  { aws_key_id, function(t) return has(t, "AKIA") or has(t, "ASIA") end },
  { assigned, function(_, low) return has(low, "key") or has(low, "pass") or has(low, "secret") or has(low, "token") end },
  { email, function(t) return has(t, "@") end },
  { card, function(t) return find(t, CARD_CANDIDATE) ~= nil end },
  { national_id, function(t) return find(t, SSN_CANDIDATE) ~= nil or find(t, NINO_CANDIDATE) ~= nil end },
  -- Every national format has a group of three digits; E.164 may not ("+33 6 12 34 56 78").
  { phone, function(t) return has(t, "+") or find(t, "%d%d%d") ~= nil end },
}

-- Appends to `acc` the pieces of `piece` around its matches `found` ({ from, to, replacement }, in
-- order, not overlapping): the text between matches as { text, false }, each replacement as
-- { replacement, true } (already redacted: later detectors skip it). Returns `acc`.
local function split_into(acc, piece, found)
  local pos = 1
  for _, m in ipairs(found) do
    if m[1] > pos then acc[#acc + 1] = { sub(piece, pos, m[1] - 1), false } end
    acc[#acc + 1] = { m[3], true }
    pos = m[2] + 1
  end
  if pos <= #piece then acc[#acc + 1] = { sub(piece, pos), false } end
  return acc
end

-- Runs every detector over the parts of `text` not yet replaced; returns the new text, or nil if
-- nothing matched.
local function redact_text(text)
  local low = lower(text)
  local parts -- nil until something matched: { {piece, already_replaced}, ... }
  for _, d in ipairs(DETECTORS) do
    local detect, want = d[1], d[2]
    if want(text, low) then
      if not parts then
        local found = detect(text)
        if #found > 0 then parts = split_into({}, text, found) end
      else
        local next_parts = {}
        for _, p in ipairs(parts) do
          local found = (not p[2]) and detect(p[1]) or {}
          if #found == 0 then
            next_parts[#next_parts + 1] = p
          else
            split_into(next_parts, p[1], found)
          end
        end
        parts = next_parts
      end
    end
  end
  if not parts then return nil end
  local out = {}
  for i, p in ipairs(parts) do out[i] = p[1] end
  return concat(out)
end

-- Keys whose string value is a credential whatever it looks like (compared lower-case, `-` as `_`).
local SECRET_KEYS = {
  authorization = "authorization", proxy_authorization = "authorization", cookie = "cookie",
  set_cookie = "cookie", password = "password", passwd = "password", secret = "secret",
  client_secret = "client-secret", token = "token", access_token = "access-token",
  refresh_token = "refresh-token", id_token = "id-token", api_key = "api-key", apikey = "api-key",
  x_api_key = "api-key", aws_secret_access_key = "aws-secret-access-key", private_key = "private-key",
}

local MAX_DEPTH = 64

-- SECRET_KEYS lookups by the key as written, memoised (records repeat the same few keys); emptied
-- when it grows past a bound, since parsed JSON lines can bring any number of distinct keys.
local key_kind, key_count = {}, 0
local function secret_kind(k)
  local kind = key_kind[k]
  if kind == nil then
    kind = SECRET_KEYS[(gsub(lower(k), "%-", "_"))] or false
    if key_count >= 4096 then key_kind, key_count = {}, 0 end
    key_kind[k] = kind
    key_count = key_count + 1
  end
  return kind
end

-- Redacts the strings of a table in place; returns true if anything changed.
local function walk(t, depth)
  if depth > MAX_DEPTH then error("record nested deeper than " .. MAX_DEPTH) end
  local changed = false
  for k, v in pairs(t) do
    local tv = type(v)
    if tv == "string" then
      local kind = type(k) == "string" and secret_kind(k)
      local new
      if kind and v ~= "" then new = secret(kind) else new = redact_text(v) end
      if new and new ~= v then t[k] = new; changed = true end
    elseif tv == "table" then
      if walk(v, depth + 1) then changed = true end
    end
  end
  return changed
end

-- Fail closed: remove every string (numbers and booleans stay: they carry no text) and say why.
local function strip(t, depth)
  for k, v in pairs(t) do
    if type(v) == "string" then
      t[k] = nil
    elseif type(v) == "table" and depth < MAX_DEPTH then
      strip(v, depth + 1)
    elseif type(v) == "table" then
      t[k] = nil
    end
  end
end

local function fail_closed(timestamp, record, why)
  strip(record, 1)
  record.rampart_redaction = "failed closed: " .. why
  return 2, timestamp, record
end

local MIN_KEY_BYTES = 16
local env_key = os.getenv("RAMPART_REDACTION_KEY")
local key_problem
if env_key == nil or env_key == "" then
  key_problem = "RAMPART_REDACTION_KEY is not set"
elseif #env_key < MIN_KEY_BYTES then
  key_problem = "RAMPART_REDACTION_KEY is shorter than " .. MIN_KEY_BYTES .. " bytes"
else
  KEY = hmac_prepare(env_key)
end
env_key = nil

-- The Fluent Bit callback (`call rampart_redact`): returns 2 (record modified, timestamp kept) or 0.
-- https://docs.fluentbit.io/manual/pipeline/filters/lua#callback-prototype
function rampart_redact(tag_, timestamp, record)
  if key_problem then return fail_closed(timestamp, record, key_problem) end
  local ok, changed = pcall(walk, record, 1)
  if not ok then return fail_closed(timestamp, record, "redaction error") end
  if changed then return 2, timestamp, record end
  return 0, timestamp, record
end

-- For the tests (the same functions the callback uses).
rampart_redaction = {
  sha256_hex = function(msg) return words_to_hex(finish(H0, 0, msg)) end,
  hmac_sha256_hex = function(key, msg) return hmac_hex(hmac_prepare(key), msg) end,
  redact_text = function(text) return redact_text(text) or text end,
  luhn = luhn,
}
