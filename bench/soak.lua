-- wrk script of bench/soak.sh: a fixed mix per thread of reads (6 in 10), creates with unique
-- emails (2 in 10), a bad token (1 in 10, 401) and malformed JSON (1 in 10, 400). Every response
-- is checked against what its status must carry; anything else is counted as unexpected.
local token = os.getenv("SOAK_TOKEN")
local run = os.getenv("SOAK_RUN")
local kinds = { "read", "create", "read", "bad_token", "read", "create", "read", "bad_json", "read", "read" }
local auth = { ["Authorization"] = "Token " .. token }
local json = { ["Authorization"] = "Token " .. token, ["Content-Type"] = "application/json" }
local bad_auth = { ["Authorization"] = "Token 0000000000000000000000000000000000000000" }
local threads = {}
counter = 0
counts = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function request()
  counter = counter + 1
  local kind = kinds[(counter % #kinds) + 1]
  if kind == "read" then
    return wrk.format("GET", "/clients?limit=20", auth)
  elseif kind == "create" then
    local body = string.format('{"first_name":"Soak","last_name":"Load","email":"soak-%s-%d-%d@example.com"}',
      run, id, counter)
    return wrk.format("POST", "/clients", json, body)
  elseif kind == "bad_token" then
    return wrk.format("GET", "/clients?limit=20", bad_auth)
  else
    return wrk.format("POST", "/clients", json, '{"first_name": "Soak", ')
  end
end

function response(status, headers, body)
  local ok = (status == 200 and body:sub(1, 1) == "[")
    or (status == 201 and body:find('"id":', 1, true) ~= nil)
    or (status == 401 and body:find('"code":"authentication_failed"', 1, true) ~= nil)
    or (status == 400 and body:find('"code":"parse_error"', 1, true) ~= nil)
  local key = (ok and "" or "unexpected ") .. status
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts")) do
      total[key] = (total[key] or 0) + n
    end
  end
  for key, n in pairs(total) do
    io.write(string.format("status %s %d\n", key, n))
  end
  local e = summary.errors
  io.write(string.format("socket errors %d (connect %d, read %d, write %d, timeout %d)\n",
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout))
  io.write(string.format("requests %d in %.1f s, %.0f/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
