package org.clientsapi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Issues and revokes tokens. A new key is returned once and never stored. */
@Service
public class TokenService {

    /** A key as shown to its owner, once, with its expiry (null: never). */
    public record IssuedToken(String token, Instant expires) {

        /** Without the key: whatever logs this value (a codec at DEBUG, an exception message) shows no secret. */
        @Override
        public String toString() {
            return "IssuedToken[token=(hidden), expires=" + expires + "]";
        }
    }

    private final TokenRepository tokens;
    private final TokenCache cache;
    private final Clock clock;
    private final Duration ttl;

    TokenService(TokenRepository tokens, TokenCache cache, Clock clock, TokenSettings settings) {
        this.tokens = tokens;
        this.cache = cache;
        this.clock = clock;
        this.ttl = settings.ttl();
    }

    public Mono<IssuedToken> issue(long userId) {
        // Reading the OS entropy pool may block: keep it off the event loop.
        return Mono.fromCallable(Tokens::generate)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(key -> {
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    Instant expires = ttl == null || ttl.isZero() ? null : now.plus(ttl);
                    return tokens.insert(userId, Tokens.digest(key), Tokens.prefix(key), now, expires)
                            .thenReturn(new IssuedToken(key, expires));
                });
    }

    Mono<Long> revoke(long tokenId) {
        return tokens.deleteById(tokenId).doOnSuccess(deleted -> cache.evictToken(tokenId));
    }

    Mono<Long> revokeAll(long userId) {
        return tokens.deleteByUser(userId).doOnSuccess(deleted -> cache.evictUser(userId));
    }
}
