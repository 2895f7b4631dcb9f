-- wrk script: POST a JSON body template, each request with unique values and its own
-- Idempotency-Key. "{{n}}" in the template becomes a number unique across threads.
-- BENCH_AUTH_SCHEME names the Authorization scheme ("Bearer" unless set).
local counter = 0
local threads = {}
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  template = os.getenv("BENCH_BODY")
  token = os.getenv("BENCH_TOKEN")
  scheme = os.getenv("BENCH_AUTH_SCHEME") or "Bearer"
  run = os.getenv("BENCH_RUN")
  errors = 0
  statuses = {}
end

function request()
  counter = counter + 1
  local n = run .. "-" .. tostring(tid * 100000000 + counter)
  local body = string.gsub(template, "{{n}}", n)
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = scheme .. " " .. token
  headers["Idempotency-Key"] = "bench-" .. n
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status >= 300 then
    errors = errors + 1
    if errors < 3 then io.stderr:write(status .. " " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local errs = 0
  for _, t in ipairs(threads) do errs = errs + (t:get("errors") or 0) end
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errs, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout + summary.errors.status))
end
