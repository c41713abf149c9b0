-- A fixed form or JSON POST: client_credentials token requests, introspections, chat
-- completions. Arguments: body, Authorization header value, content type.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local report = require("report")

function init(args)
  wrk.method = "POST"
  wrk.body = args[1]
  wrk.headers["Authorization"] = args[2]
  wrk.headers["Content-Type"] = args[3] or "application/x-www-form-urlencoded"
end

done = report.done
