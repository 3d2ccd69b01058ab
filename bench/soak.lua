-- soak.lua — the request mix of bench/soak.sh for wrk: one request in SOAK_WRITE_EVERY
-- (default 10; 0 = none) is an API write (POST /api/v1/targets with the token of
-- SOAK_TOKEN); of the others, half are pages (with the session cookie of SOAK_COOKIE) and
-- half API reads (with the token), rotating over paths and organisations. At the end it
-- prints one line that soak.sh reads.
local cookie = "ptdv_session=" .. os.getenv("SOAK_COOKIE")
local bearer = "Bearer " .. os.getenv("SOAK_TOKEN")
local pages = {
  "/?org=BN-P05", "/orgs", "/org/BN-P05", "/members?q=nguyen", "/pipeline?org=BN-P05",
  "/targets", "/report/progress?org=BN-P05", "/members?org=BN-P01&page=2",
}
local reads = {
  "/api/v1/summary?org=BN-P05", "/api/v1/members?org=BN-P05&per_page=20",
  "/api/v1/orgs/BN-P05", "/api/v1/targets?org=BN-P05&year=2026", "/api/v1/reports/due?org=BN-P05",
}
local orgs = { "BN-P01", "BN-P02", "BN-P03", "BN-P04", "BN-P05", "BN-P06", "BN-P07", "BN-P08" }
local every = tonumber(os.getenv("SOAK_WRITE_EVERY") or "10")
local n = 0

request = function()
  n = n + 1
  if every > 0 and n % every == 0 then
    local w = math.floor(n / every)
    local body = string.format(
      '{"org": "%s", "year": %d, "registered": %d, "assigned": %d, "women": 0}',
      orgs[w % #orgs + 1], 2031 + w % 5, w % 40, w % 40 + 5)
    return wrk.format("POST", "/api/v1/targets",
      { ["Authorization"] = bearer, ["Content-Type"] = "application/json" }, body)
  elseif n % 2 == 0 then
    return wrk.format("GET", pages[n % #pages + 1], { ["Cookie"] = cookie })
  else
    return wrk.format("GET", reads[n % #reads + 1], { ["Authorization"] = bearer })
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "SOAK requests=%d seconds=%.1f status_errors=%d socket_errors=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
