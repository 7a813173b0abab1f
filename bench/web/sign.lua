-- Durable signing POSTs: every request a new signer (unique e-mail) from its
-- own client address (X-Forwarded-For, with --trust-proxy), so each one takes
-- the full path to disk rather than the rate limiter's suspect path.
-- CAMPAIGN_COOKIE and CAMPAIGN_TOKEN come from one page load before the run.
-- thread_id is a global: setup() runs in the main Lua state and sets it in
-- each thread's own state, which a local would shadow.
local counter = 0
thread_id = 0

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  cookie = os.getenv("CAMPAIGN_COOKIE")
  token = os.getenv("CAMPAIGN_TOKEN")
  slug = os.getenv("CAMPAIGN_SLUG") or "seattle-thank-welcoming-city"
  run = os.getenv("CAMPAIGN_RUN") or tostring(os.time())
end

function request()
  counter = counter + 1
  local id = run .. "-" .. thread_id .. "-" .. counter
  local body = "csrf=" .. token .. "&lang=en&name=Bench+Signer&email=bench-" .. id .. "%40example.org&zip=98104&reason=&consent_public=yes"
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
    ["X-Forwarded-For"] = "10." .. (thread_id % 250) .. "." .. math.floor(counter / 250) % 250 .. "." .. counter % 250,
  }
  return wrk.format("POST", "/c/" .. slug .. "/sign", headers, body)
end

function response(status, headers, body)
  if status ~= 303 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
