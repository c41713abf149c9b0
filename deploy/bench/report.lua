-- Shared by every load script: one machine-readable line per run, read by run.sh.
-- ok/s counts only 2xx answers; wrk counts the others as status errors.
local report = {}

function report.done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  local ok = summary.requests - summary.errors.status
  io.write(string.format("RESULT ok_per_s=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d failed=%d\n",
    ok / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, failed))
end

return report
