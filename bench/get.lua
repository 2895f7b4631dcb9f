-- wrk script: GET paths from a list file, round robin, with a bearer token.
local paths = {}
local i = 0
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  for line in io.lines(os.getenv("BENCH_PATHS")) do table.insert(paths, line) end
  token = os.getenv("BENCH_TOKEN")
  errors = 0
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Authorization"] = "Bearer " .. token})
end

function response(status, headers, body)
  if status >= 300 then errors = errors + 1 end
end

function done(summary, latency, requests)
  local errs = 0
  for _, t in ipairs(threads) do errs = errs + (t:get("errors") or 0) end
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "errors": %d}\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errs))
end
