-- Counts answers whose status is not the one the scenario expects, and prints one line that
-- bench/run.sh reads: requests/s, p50 and p99 in milliseconds, unexpected statuses, socket errors.
-- Environment: EXPECT (the status every answer must have), TOKEN (sent as Authorization when set),
-- MODE=create (POST /clients, a unique email per request).
local expect = tonumber(os.getenv("EXPECT") or "200")
local token = os.getenv("TOKEN")
local mode = os.getenv("MODE")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
  wrk.headers["Accept"] = "application/json"
  if token and token ~= "" then
    wrk.headers["Authorization"] = "Token " .. token
  end
  if mode == "create" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
  end
  seed = tostring(os.time()) .. "-" .. tostring(tid)
end

function request()
  if mode ~= "create" then
    return wrk.format()
  end
  counter = counter + 1
  local body = string.format('{"first_name":"Bench","last_name":"Load","email":"b%s-%d@example.com"}', seed, counter)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= expect then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
  end
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    bad, errors))
end
