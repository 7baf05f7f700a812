-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script: etcd's own write rate through its v3 HTTP/JSON gateway, the path Muster uses:
-- POST /v3/kv/put {"key": base64, "value": base64} over a set of keys, round-robin. The keys file
-- holds one base64-encoded key per line (bench/etcd.sh writes it); the value is ~600 bytes, about
-- the size of an instance as Muster stores it. done() prints one "RESULT" line for bench/etcd.sh.
--
--   wrk -t2 -c32 -d10s --latency -s bench/etcdput.lua http://127.0.0.1:2379 -- keys.txt

local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

function init(args)
   local file = args[1] or error("etcdput.lua: give the keys file after --")
   -- 600 bytes of 'x', base64-encoded: "eHh4" is "xxx".
   local value = string.rep("eHh4", 200)
   requests = {}
   for line in io.lines(file) do
      if #line > 0 then
         requests[#requests + 1] = wrk.format("POST", "/v3/kv/put", {["Content-Type"] = "application/json"},
                                              '{"key":"' .. line .. '","value":"' .. value .. '"}')
      end
   end
   count = #requests
   next_index = ((index or 0) * 997) % count + 1
   ok = 0
   not_ok = 0
end

function request()
   local r = requests[next_index]
   next_index = next_index % count + 1
   return r
end

function response(status, headers, body)
   if status == 200 and not body:find('"error"', 1, true) then
      ok = ok + 1
   else
      not_ok = not_ok + 1
   end
end

function done(summary, latency, requests)
   local bad_total = 0
   for _, thread in ipairs(threads) do
      bad_total = bad_total + (tonumber(thread:get("not_ok")) or 0)
   end
   local secs = summary.duration / 1e6
   local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
   io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f requests=%d non200=%d socket_errors=%d\n",
                          summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                          summary.requests, bad_total, errors))
end
