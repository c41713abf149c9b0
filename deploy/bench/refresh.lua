-- Refresh-token rotation under load. Each refresh token is single-use: the server answers
-- with its successor, which this script sends next, so every token goes out exactly once.
-- Each wrk thread owns a slice of the pre-made tokens (one grant each), at least one per
-- connection: a connection sends its next request only after its answer came back, and
-- that answer's refresh token is back in the pool by then.
-- Arguments: tokens file, Authorization header value or "-" with client_id for a public client.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local report = require("report")

local counter = 0
local slices = tonumber(os.getenv("BENCH_THREADS") or "2")

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local pool = {}
local authorization = nil
local client_id = nil

function init(args)
  local index = 0
  for line in io.lines(args[1]) do
    if index % slices == id then
      table.insert(pool, line)
    end
    index = index + 1
  end
  if args[2] ~= "-" then
    authorization = args[2]
  else
    client_id = args[3]
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  if authorization then
    wrk.headers["Authorization"] = authorization
  end
end

function request()
  local token = table.remove(pool, 1) or "exhausted"
  local body = "grant_type=refresh_token&refresh_token=" .. token
  if client_id then
    body = body .. "&client_id=" .. client_id
  end
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  local successor = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if successor then
    table.insert(pool, successor)
  end
end

done = report.done
