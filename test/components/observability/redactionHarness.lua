-- Drives components/observability/redaction.lua the way Fluent Bit's Lua filter does: loads the script
-- once, then calls its callback `rampart_redact(tag, timestamp, record)` per record and prints what it
-- returns as JSON lines. Used by redaction.test.ts and bench/redaction.ts.
--   luajit redactionHarness.lua <script> filter <records.lua>   -> {"code":..,"timestamp":..,"record":..}
--   luajit redactionHarness.lua <script> call <calls.lua>       -> one JSON value per call
--   luajit redactionHarness.lua <script> bench <records.lua> <n> -> {"records":..,"seconds":..}
-- Inputs are Lua files returning a table (the test writes them from JSON).

local script, mode, input, count = arg[1], arg[2], arg[3], tonumber(arg[4])

local function encode(v, out)
  local t = type(v)
  if t == "string" then
    out[#out + 1] = '"' .. v:gsub('[%c"\\]', function(c)
      if c == '"' then return '\\"' elseif c == "\\" then return "\\\\" end
      return string.format("\\u%04x", c:byte())
    end) .. '"'
  elseif t == "number" then
    out[#out + 1] = (v == math.floor(v) and math.abs(v) < 2^53) and string.format("%d", v) or string.format("%.17g", v)
  elseif t == "boolean" then
    out[#out + 1] = tostring(v)
  elseif t == "nil" then
    out[#out + 1] = "null"
  elseif t == "table" then
    local n = #v
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    if n > 0 and #keys == n then
      out[#out + 1] = "["
      for i = 1, n do
        if i > 1 then out[#out + 1] = "," end
        encode(v[i], out)
      end
      out[#out + 1] = "]"
    else
      table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        encode(tostring(k), out)
        out[#out + 1] = ":"
        encode(v[k], out)
      end
      out[#out + 1] = "}"
    end
  else
    error("cannot encode a " .. t)
  end
  return out
end
local function json(v) return table.concat(encode(v, {})) end

local function copy(v)
  if type(v) ~= "table" then return v end
  local c = {}
  for k, x in pairs(v) do c[k] = copy(x) end
  return c
end

dofile(script)
local data = dofile(input)

if mode == "filter" then
  for _, e in ipairs(data) do
    local code, ts, record = rampart_redact(e.tag, e.timestamp, e.record)
    io.write(json({ code = code, timestamp = ts, record = record }), "\n")
  end
elseif mode == "call" then
  for _, c in ipairs(data) do
    io.write(json(rampart_redaction[c.fn](unpack(c.args))), "\n")
  end
elseif mode == "bench" then
  local records = 0
  local started = os.clock()
  for _ = 1, count do
    for _, e in ipairs(data) do
      rampart_redact(e.tag, e.timestamp, copy(e.record))
      records = records + 1
    end
  end
  io.write(json({ records = records, seconds = os.clock() - started }), "\n")
else
  error("unknown mode " .. tostring(mode))
end
