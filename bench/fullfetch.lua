-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script: the full registry, GET /eureka/apps with "Accept: application/json". wrk sends no
-- Accept-Encoding, so the answer is the plain (not gzipped) JSON.
--
--   wrk -t1 -c1 -d10s --latency -s bench/fullfetch.lua http://127.0.0.1:PORT [-- path [gzip]]
--
-- With "gzip" after the path the request also carries "Accept-Encoding: gzip", as the Java client's does.
--
-- The script defines no response() on purpose: with one, wrk copies every body (9 MB for 10 000
-- instances) into a Lua string, and on a machine where wrk and the server share the CPUs that added
-- about 2 ms to a 4 ms median. Error answers (status >= 400) are still counted, by wrk itself
-- (summary.errors.status); bench/run.sh checks the body's content once with curl. done() prints one
-- machine-readable "RESULT" line for bench/run.sh.

function init(args)
   local path = args[1] or "/eureka/apps"
   wrk.headers["Accept"] = "application/json"
   if args[2] == "gzip" then
      wrk.headers["Accept-Encoding"] = "gzip"
   end
   req = wrk.format("GET", path)
end

function request()
   return req
end

function done(summary, latency, requests)
   local secs = summary.duration / 1e6
   local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
   io.write(string.format("fullfetch: %d answers, %d with status >= 400, %d socket errors\n",
                          summary.requests, summary.errors.status, errors))
   io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f requests=%d non200=%d socket_errors=%d\n",
                          summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
                          latency:percentile(99) / 1000, latency.max / 1000, summary.requests, summary.errors.status,
                          errors))
end
