-- bench/post.lua: wrk posts one signed webhook body over and over, each
-- request with its own I-Twilio-Idempotency-Token, as Twilio sends them.
--   wrk ... -s bench/post.lua URL -- SIGNED_FILE
-- SIGNED_FILE is `proxyhooks send --print-body EXAMPLE URL`: the signature
-- line, then the body. At the end one line for bench/run:
--   BENCH requests/s p50_us p99_us non_2xx socket_errors
local signature, body
local counter = 0
local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1000000))

function init(args)
	local f = assert(io.open(args[1], "r"))
	signature = f:read("*l")
	body = f:read("*l")
	f:close()
end

function request()
	counter = counter + 1
	return wrk.format("POST", nil, {
		["Content-Type"] = "application/x-www-form-urlencoded",
		["X-Twilio-Signature"] = signature,
		["I-Twilio-Idempotency-Token"] = prefix .. "-" .. counter,
	}, body)
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("BENCH %.1f %d %d %d %d\n",
		summary.requests / (summary.duration / 1e6),
		latency:percentile(50), latency:percentile(99),
		e.status, e.connect + e.read + e.write + e.timeout))
end
