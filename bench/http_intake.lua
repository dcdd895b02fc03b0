-- wrk script: POST /api/v1/requests (INT-4 intake) with a bearer token and a
-- unique body per request (thread id + counter in the phone and the text).
-- Usage: HOTLINE_TOKEN=hls_… wrk -s bench/http_intake.lua http://127.0.0.1:PORT
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = tonumber(id) or 0
  wrk.method = "POST"
  wrk.path = "/api/v1/requests"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("HOTLINE_TOKEN")
end

function request()
  counter = counter + 1
  local phone = string.format("139%02d%06d", thread_id % 100, counter % 1000000)
  local text = string.format("压测诉求 t%d-%d：小区路灯损坏", thread_id, counter)
  local body = string.format(
    '{"channel":"phone","type":"complaint","applicant":{"name":"压测","phone":"%s"},' ..
    '"detail":"%s","items":[{"text":"%s"}],"location":{"district":"district.heping"}}',
    phone, text, text)
  return wrk.format(nil, nil, nil, body)
end

-- Counts answers by status, so the script can tell acknowledged (201) intakes.
-- Each acknowledged number goes to $HOTLINE_ACKED-<thread> for the durability check.
statuses = {}
local acked_file = nil
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 then
    if not acked_file and os.getenv("HOTLINE_ACKED") then
      acked_file = io.open(os.getenv("HOTLINE_ACKED") .. "-" .. thread_id, "w")
    end
    local number = body:match('"number":"(%d+)"')
    if acked_file and number then
      acked_file:write(number, "\n")
      acked_file:flush()
    end
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
  end
  local acked = total[201] or 0
  io.write(string.format("acknowledged_201 %d\n", acked))
  for k, v in pairs(total) do io.write(string.format("status_%d %d\n", k, v)) end
  io.write(string.format("intakes_per_second %.1f\n", acked / (summary.duration / 1e6)))
  io.write(string.format("p50_ms %.2f\np99_ms %.2f\n", latency:percentile(50) / 1000,
                         latency:percentile(99) / 1000))
end
