package org.clientsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.clientsapi.auth.TokenRepository.TokenOwner;
import org.clientsapi.support.MutableClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The cache's contract, with a counting lookup in place of the database. */
class TokenCacheTest {

    private static final Duration TTL = Duration.ofSeconds(5);
    private static final byte[] DIGEST = { 1, 2, 3 };

    private final MutableClock clock = new MutableClock();
    private final TokenCache cache = new TokenCache(TTL, clock);
    private final AtomicInteger lookups = new AtomicInteger();
    private final Function<byte[], Mono<TokenOwner>> database = digest -> {
        lookups.incrementAndGet();
        return Mono.just(owner(7, 42));
    };

    @Test
    void getWhenFoundRecentlyThenNoSecondLookup() {
        assertThat(cache.get(DIGEST, database).block()).isEqualTo(owner(7, 42));
        assertThat(cache.get(new byte[] { 1, 2, 3 }, database).block()).isEqualTo(owner(7, 42));

        assertThat(lookups).hasValue(1);
    }

    @Test
    void getWhenTtlPassedThenLooksUpAgain() {
        cache.get(DIGEST, database).block();
        clock.advance(TTL.minusMillis(1));
        cache.get(DIGEST, database).block();
        assertThat(lookups).hasValue(1);

        clock.advance(Duration.ofMillis(1));
        cache.get(DIGEST, database).block();

        assertThat(lookups).hasValue(2);
    }

    @Test
    void getWhenClockSetBackThenLooksUpAgain() {
        cache.get(DIGEST, database).block();
        clock.advance(Duration.ofSeconds(-1));

        cache.get(DIGEST, database).block();

        assertThat(lookups).hasValue(2);
    }

    @Test
    void getWhenKeyUnknownThenNothingKept() {
        Function<byte[], Mono<TokenOwner>> unknown = digest -> {
            lookups.incrementAndGet();
            return Mono.empty();
        };
        assertThat(cache.get(DIGEST, unknown).block()).isNull();

        assertThat(cache.get(DIGEST, database).block()).as("a token created since is found").isEqualTo(owner(7, 42));
        assertThat(lookups).hasValue(2);
    }

    @Test
    void evictTokenWhenCachedThenNextGetLooksUp() {
        cache.get(DIGEST, database).block();

        cache.evictToken(7);
        cache.get(DIGEST, database).block();

        assertThat(lookups).hasValue(2);
    }

    @Test
    void evictUserWhenCachedThenNextGetLooksUpAndOtherUsersStayCached() {
        byte[] other = { 9 };
        cache.get(DIGEST, database).block();
        cache.get(other, digest -> Mono.just(owner(8, 43))).block();

        cache.evictUser(42);
        cache.get(DIGEST, database).block();
        cache.get(other, database).block();

        assertThat(lookups).as("only the evicted user's token looked up again").hasValue(2);
    }

    @Test
    void getWhenTokenRevokedWhileLookupInFlightThenWhatItReadIsNotKept() {
        Sinks.One<TokenOwner> slowRead = Sinks.one();
        Mono<TokenOwner> inFlight = cache.get(DIGEST, digest -> slowRead.asMono());
        var result = inFlight.toFuture();

        cache.evictToken(7);
        slowRead.tryEmitValue(owner(7, 42));

        assertThat(result).isCompletedWithValue(owner(7, 42));
        cache.get(DIGEST, database).block();
        assertThat(lookups).as("the row read before the revocation was not believed afterwards").hasValue(1);
    }

    @Test
    void refreshWhenCachedThenNewerCopyServedWithoutLookup() {
        cache.get(DIGEST, database).block();
        TokenOwner touched = owner(7, 42).usedAt(clock.instant());

        cache.refresh(DIGEST, owner(7, 42), touched);

        assertThat(cache.get(DIGEST, database).block()).isEqualTo(touched);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void getWhenTtlZeroThenEveryGetLooksUp() {
        TokenCache off = new TokenCache(Duration.ZERO, clock);

        off.get(DIGEST, database).block();
        off.get(DIGEST, database).block();

        assertThat(lookups).hasValue(2);
    }

    private static TokenOwner owner(long tokenId, long userId) {
        return new TokenOwner(tokenId, null, Instant.parse("2026-01-01T00:00:00Z"), userId, "u" + userId, true, false);
    }
}
