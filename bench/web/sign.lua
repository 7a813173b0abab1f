-- Durable signing POSTs: every request a new signer (unique e-mail) from its
-- own client address (X-Forwarded-For, with --trust-proxy), so each one takes
-- the full path to disk rather than the rate limiter's suspect path.
-- CAMPAIGN_COOKIE and CAMPAIGN_TOKEN come from one page load before the run;
-- CAMPAIGN_ZIP (default 98104) and CAMPAIGN_FIELDS (more form fields, such
-- as "&district=6" for a ward) say where the signers live.
-- thread_id is a global: setup() runs in the main Lua state and sets it in
-- each thread's own state, which a local would shadow.
--
-- The request is put together from fixed parts and a counter, and there is
-- no response() hook (with one, wrk hands every answer's headers and body to
-- Lua): the load tool shares the machine's two cores with the server, so
-- its own cost per request comes off the server's. wrk still counts answers
-- other than 2xx and 3xx, and bench/run checks that every request it made
-- left a signature on disk.
local counter = 0
thread_id = 0

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  local cookie = os.getenv("CAMPAIGN_COOKIE")
  local token = os.getenv("CAMPAIGN_TOKEN")
  local slug = os.getenv("CAMPAIGN_SLUG") or "seattle-thank-welcoming-city"
  local run = os.getenv("CAMPAIGN_RUN") or tostring(os.time())
  head = "POST /c/" .. slug .. "/sign HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    .. "Content-Type: application/x-www-form-urlencoded\r\nCookie: " .. cookie .. "\r\n"
    .. "X-Forwarded-For: 10." .. (thread_id % 250) .. "."
  body_head = "csrf=" .. token .. "&lang=en&name=Bench+Signer&email=bench-" .. run .. "-" .. thread_id .. "-"
  local zip = os.getenv("CAMPAIGN_ZIP") or "98104"
  body_tail = "%40example.org&zip=" .. zip .. "&reason=&consent_public=yes" .. (os.getenv("CAMPAIGN_FIELDS") or "")
  fixed_length = #body_head + #body_tail
end

function request()
  counter = counter + 1
  local id = tostring(counter)
  return head .. (math.floor(counter / 250) % 250) .. "." .. (counter % 250) .. "\r\n"
    .. "Content-Length: " .. (fixed_length + #id) .. "\r\n\r\n" .. body_head .. id .. body_tail
end
