-- One atomic throttle decision on a sliding-window log kept as a sorted set.
-- KEYS[1]: the log. ARGV: now (microseconds), window (microseconds), limit, member (unique), record (1 or 0).
-- Returns {admitted (1/0), remaining, reset (microseconds until the oldest entry leaves the window)}.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local size = redis.call('ZCARD', KEYS[1])
if size > limit then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - limit - 1)
  size = limit
end
local admitted = 0
if size < limit then
  admitted = 1
  if ARGV[5] == '1' then
    redis.call('ZADD', KEYS[1], now, ARGV[4])
    size = size + 1
  end
end
local reset = 0
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then
  reset = tonumber(oldest[2]) + window - now
end
if size > 0 then
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
end
return {admitted, limit - size, reset}
