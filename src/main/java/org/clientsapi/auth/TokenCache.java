package org.clientsapi.auth;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.clientsapi.auth.TokenRepository.TokenOwner;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Tokens found recently, so a busy token costs the database one lookup per {@code ttl} instead of
 * one per request. The contract:
 * <ul>
 * <li>only tokens that exist are kept: a guessed key never fills the cache;</li>
 * <li>revoking through this instance (logout, logoutall) takes effect at once, also for a lookup
 * that was in flight while the token was deleted;</li>
 * <li>revoking or deactivating anywhere else (another instance, the command line) takes effect
 * within {@code ttl};</li>
 * <li>expiry is still checked on every request against the clock, so a cached token never
 * outlives it.</li>
 * </ul>
 * A {@code ttl} of zero turns the cache off.
 */
@Component
class TokenCache {

    private static final int MAX_TOKENS = 100_000;

    /** An owner and when it was read; the clock decides freshness, so a clock set back expires it. */
    private record Entry(TokenOwner owner, Instant read) {
    }

    private final Cache<ByteBuffer, Entry> owners;
    private final Duration ttl;
    private final Clock clock;
    private final boolean enabled;
    /** Moved by every eviction, so a lookup that raced with a revocation is not kept. */
    private final AtomicLong evictions = new AtomicLong();

    @Autowired
    TokenCache(TokenSettings settings, Clock clock) {
        this(settings.cacheTtl(), clock);
    }

    TokenCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.enabled = !ttl.isZero() && !ttl.isNegative();
        this.owners = Caffeine.newBuilder()
                .maximumSize(MAX_TOKENS)
                // Frees memory only; whether an entry may be believed is decided by the clock in get().
                .expireAfterWrite(enabled ? ttl.plusMinutes(1) : Duration.ofNanos(1))
                // Maintenance runs on the calling thread: no hand-off to the common pool per request.
                .executor(Runnable::run)
                .build();
    }

    /** The owner of the token with this digest: from the cache, else from {@code lookup}, then kept. */
    Mono<TokenOwner> get(byte[] digest, Function<byte[], Mono<TokenOwner>> lookup) {
        if (!enabled) {
            return lookup.apply(digest);
        }
        ByteBuffer key = ByteBuffer.wrap(digest);
        Entry cached = owners.getIfPresent(key);
        if (cached != null && fresh(cached)) {
            return Mono.just(cached.owner());
        }
        long seen = evictions.get();
        Instant read = clock.instant();
        return lookup.apply(digest).doOnNext(owner -> keep(key, new Entry(owner, read), seen));
    }

    /** Replaces a kept owner by a newer copy of itself (its {@code last_used} moved). */
    void refresh(byte[] digest, TokenOwner before, TokenOwner after) {
        if (enabled) {
            owners.asMap().computeIfPresent(ByteBuffer.wrap(digest),
                    (key, entry) -> entry.owner().equals(before) ? new Entry(after, entry.read()) : entry);
        }
    }

    void evictToken(long tokenId) {
        evict(owner -> owner.tokenId() == tokenId);
    }

    void evictUser(long userId) {
        evict(owner -> owner.userId() == userId);
    }

    private boolean fresh(Entry entry) {
        Instant now = clock.instant();
        return !now.isBefore(entry.read()) && now.isBefore(entry.read().plus(ttl));
    }

    private void keep(ByteBuffer key, Entry entry, long seen) {
        owners.put(key, entry);
        // An eviction since the lookup began may concern this very token: do not keep what it read.
        if (evictions.get() != seen) {
            owners.invalidate(key);
        }
    }

    private void evict(Predicate<TokenOwner> which) {
        evictions.incrementAndGet();
        owners.asMap().values().removeIf(entry -> which.test(entry.owner()));
    }
}
