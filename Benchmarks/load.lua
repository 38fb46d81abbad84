-- wrk script for the clock burst and its /healthz baseline; prints one summary line.
--
-- With TOKENS set (a file written by `pathwork generate --tokens`), each wrk thread takes its
-- own slice of the students aged 16 and over (the law lets them work at any hour, so every
-- request is a real clock event) and walks it round-robin: a student's first visit clocks
-- in, the next clocks out. Thousands of students lie between the two, so they never race.
-- With TOKENS and READ (a path, such as /api/v1/me) it sends a signed-in GET of that path with
-- each student's token in turn instead. Without TOKENS it sends wrk's plain GET.
-- With PACE_MS set, each connection waits that long between requests, so a fixed number of
-- connections gives a steady rate (20 connections at 100 ms: about 200 a second).

local tokens_file = os.getenv("TOKENS")
local read_path = os.getenv("READ")
local thread_count = tonumber(os.getenv("THREADS") or "2")
local pace = tonumber(os.getenv("PACE_MS") or "")
if pace then function delay() return pace end end
local threads = {}
local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

ok, refused, shown = 0, 0, 0
local mine, cursor = {}, 0
-- wrk calls request() once on thread 0 to check the script before sending anything; that
-- call must not move a student's clock state, or that student's first real request is wrong.
local verifying = false

function init(args)
  if not tokens_file then return end
  local n = 0
  for line in io.lines(tokens_file) do
    local district, role, number, age, token = line:match("^(%S+) (%S+) (%S+) (%d+) (%S+)$")
    if role == "student" and (read_path or tonumber(age) >= 16) then
      if n % thread_count == index then
        table.insert(mine, { header = "Bearer " .. token, inside = false })
      end
      n = n + 1
    end
  end
  if #mine == 0 then error("no students aged 16 or over in " .. tokens_file) end
  verifying = (index == 0)
end

if tokens_file then
  function request()
    if verifying then
      verifying = false
      if read_path then return wrk.format("GET", read_path, { ["Authorization"] = mine[1].header }) end
      return wrk.format("POST", "/api/v1/clock/in", { ["Authorization"] = mine[1].header }, "")
    end
    cursor = cursor % #mine + 1
    local student = mine[cursor]
    if read_path then return wrk.format("GET", read_path, { ["Authorization"] = student.header }) end
    local path = student.inside and "/api/v1/clock/out" or "/api/v1/clock/in"
    local body = (not student.inside) and '{"activity":"training"}' or nil
    student.inside = not student.inside
    return wrk.format("POST", path, { ["Authorization"] = student.header, ["Content-Type"] = "application/json" }, body)
  end
end

function response(status, headers, body)
  if status == 200 or status == 201 then
    ok = ok + 1
  else
    refused = refused + 1
    if shown < 3 then
      shown = shown + 1
      io.stderr:write("unexpected " .. status .. ": " .. body .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local total_ok, total_refused = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_refused = total_refused + thread:get("refused")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT ok=%d refused=%d socket_errors=%d rate=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    total_ok, total_refused,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    total_ok / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
