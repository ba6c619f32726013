-- status.lua: count answers other than 200 (wrk counts 3xx as success,
-- and a lost session is a 303 to /signin). Prints "not 200: N".
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do
    n = n + t:get("bad")
  end
  io.write(string.format("not 200: %d\n", n))
end
