-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script: Eureka heartbeats, PUT /eureka/apps/{APP}/{ID} with no body, spread round-robin over
-- every instance in the id file (one "APP/ID" per line, written by muster_bench_registrar).
-- Each wrk thread starts at its own offset in the list. Responses other than 200 are counted and
-- reported in done(); done() also prints one machine-readable "RESULT" line for bench/run.sh.
--
--   wrk -t2 -c32 -d10s -s bench/renew.lua http://127.0.0.1:PORT -- ids.txt [prefix]
--
-- prefix defaults to /eureka/apps/.

local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

function init(args)
   local file = args[1] or error("renew.lua: give the id file after --")
   local prefix = args[2] or "/eureka/apps/"
   local paths = {}
   for line in io.lines(file) do
      if #line > 0 then
         paths[#paths + 1] = prefix .. line
      end
   end
   if #paths == 0 then
      error("renew.lua: no ids in " .. file)
   end
   -- Pre-format every request once: the client shares the CPU with the server.
   requests = {}
   for i, path in ipairs(paths) do
      requests[i] = wrk.format("PUT", path)
   end
   count = #requests
   -- wrk calls setup() and init() thread by thread, so the thread count is unknown here: thread k
   -- starts at a prime stride into the list, and every thread walks the whole list round-robin.
   next_index = ((index or 0) * 4999) % count + 1
   ok = 0
   not_ok = 0
   statuses = ""
end

function request()
   local r = requests[next_index]
   next_index = next_index + 1
   if next_index > count then
      next_index = 1
   end
   return r
end

function response(status, headers, body)
   if status == 200 then
      ok = ok + 1
   else
      not_ok = not_ok + 1
      if #statuses < 200 then
         statuses = statuses .. " " .. status
      end
   end
end

function done(summary, latency, requests)
   local ok_total, bad_total, ids, seen = 0, 0, 0, ""
   for _, thread in ipairs(threads) do
      ok_total = ok_total + (tonumber(thread:get("ok")) or 0)
      bad_total = bad_total + (tonumber(thread:get("not_ok")) or 0)
      ids = tonumber(thread:get("count")) or ids
      seen = seen .. (thread:get("statuses") or "")
   end
   local secs = summary.duration / 1e6
   local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
   io.write(string.format("renew: %d ids, %d answers 200, %d other%s, %d socket errors\n",
                          ids, ok_total, bad_total, bad_total > 0 and (" (statuses:" .. seen .. ")") or "", errors))
   io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f requests=%d non200=%d socket_errors=%d\n",
                          summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                          summary.requests, bad_total, errors))
end
