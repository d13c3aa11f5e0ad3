/**
 * The Lua scripts of the Redis store. All state lives in one sorted set, so that it is kept or
 * lost whole (a restart, a flush, an eviction never leaves half of it). Its members:
 *
 * - `i<token>`: a slot granted and not released, scored by the end of its lease plus one span;
 * - `f<token>`: a slot released, scored by the moment it stops counting (release + one span);
 * - `#p`: the end of a fleet-wide pause after a 429; `#h`: the end of a hold (see below);
 * - `#t:<run id>:<replication id>:<time>`: the term marker, scored +inf, written with the state.
 *
 * The marker names the Redis process (its run id) and replication history (its replication id)
 * that wrote the state. A script that finds it missing, or naming another process or history,
 * cannot know what the fleet sent in the last window: the state was lost (a restart, FLUSHALL,
 * an evicted or deleted key) or may lack recent writes (a replica promoted however far behind,
 * a restart from a snapshot). It then starts a new term: a new marker, and a hold of one span
 * during which nothing is granted. Every script returns the term, so that each process learns it
 * and registers again the slots it holds or that still count (see redis-ledger.ts).
 *
 * Each script reads the time from the Redis server: the machines' clocks never matter.
 */

const PRELUDE = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local key = KEYS[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function term_of(span)
  local run = string.match(redis.call('INFO', 'server'), 'run_id:(%w+)') or '?'
  local history = string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)') or '?'
  local here = '#t:' .. run .. ':' .. history .. ':'
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  local top = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  local marker = top[1]
  if marker and top[2] == 'inf' and string.sub(marker, 1, #here) == here then return marker end
  if marker and string.sub(marker, 1, 3) == '#t:' then redis.call('ZREM', key, marker) end
  marker = here .. t[1] .. t[2]
  redis.call('ZADD', key, 'inf', marker)
  local held = redis.call('ZSCORE', key, '#h')
  if not held or tonumber(held) < now + span then redis.call('ZADD', key, now + span, '#h') end
  return marker
end
`;

/** ARGV: limit, spanMs, leaseMs, token. Returns [granted, waitMs, kind, term]; kind 2: a pause, 1: exact, 0: may be sooner. */
export const ACQUIRE = `${PRELUDE}
local limit, span, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local term = term_of(span)
local paused = redis.call('ZSCORE', key, '#p')
if paused then return {0, tonumber(paused) - now, 2, term} end
local held = redis.call('ZSCORE', key, '#h')
if held then return {0, tonumber(held) - now, 1, term} end
if redis.call('ZCARD', key) - 1 < limit then
  redis.call('ZADD', key, now + lease + span, 'i' .. ARGV[4])
  return {1, 0, 1, term}
end
local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local kind = 0
if string.sub(first[1], 1, 1) == 'f' then kind = 1 end
return {0, tonumber(first[2]) - now, kind, term}
`;

/** ARGV: token, spanMs. Returns the term. */
export const RELEASE = `${PRELUDE}
local span = tonumber(ARGV[2])
local term = term_of(span)
redis.call('ZREM', key, 'i' .. ARGV[1])
redis.call('ZADD', key, now + span, 'f' .. ARGV[1])
return term
`;

/** ARGV: ms, spanMs. Returns the term. */
export const PAUSE = `${PRELUDE}
local ms, span = tonumber(ARGV[1]), tonumber(ARGV[2])
local term = term_of(span)
local paused = redis.call('ZSCORE', key, '#p')
if not paused or tonumber(paused) < now + ms then redis.call('ZADD', key, now + ms, '#p') end
return term
`;

/**
 * ARGV: spanMs, then pairs of member and milliseconds it still counts (0: remove it). Sets each
 * member to count at least that long; a released slot replaces its granted entry. With no
 * pairs, only learns the term. Returns the term.
 */
export const REGISTER = `${PRELUDE}
local term = term_of(tonumber(ARGV[1]))
for i = 2, #ARGV - 1, 2 do
  local member, ms = ARGV[i], tonumber(ARGV[i + 1])
  if ms <= 0 then
    redis.call('ZREM', key, member)
  else
    if string.sub(member, 1, 1) == 'f' then redis.call('ZREM', key, 'i' .. string.sub(member, 2)) end
    local score = redis.call('ZSCORE', key, member)
    if not score or tonumber(score) < now + ms then redis.call('ZADD', key, now + ms, member) end
  end
end
return term
`;
