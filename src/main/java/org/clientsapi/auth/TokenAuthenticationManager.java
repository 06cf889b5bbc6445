package org.clientsapi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.clientsapi.auth.TokenRepository.TokenOwner;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Looks a token up by the digest of its key. Unknown, revoked and expired keys are all
 * {@code Invalid token.}; a key of an inactive user is {@code User inactive or deleted.}, in DRF's order.
 * {@code last_used} is written at most once a {@link #TOUCH_INTERVAL} per token, not on every request.
 * Found tokens are kept for a few seconds by {@link TokenCache}, whose contract bounds revocation.
 */
@Component
public class TokenAuthenticationManager implements ReactiveAuthenticationManager {

    static final String INVALID = "Invalid token.";
    static final String INACTIVE = "User inactive or deleted.";
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final TokenRepository tokens;
    private final TokenCache cache;
    private final Clock clock;

    TokenAuthenticationManager(TokenRepository tokens, TokenCache cache, Clock clock) {
        this.tokens = tokens;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication presented) {
        byte[] digest = Tokens.digest((String) presented.getCredentials());
        return cache.get(digest, tokens::findByDigest)
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException(INVALID)))
                .flatMap(this::checked)
                .flatMap(owner -> touched(digest, owner))
                .map(owner -> TokenAuthentication.authenticated(
                        new ApiUser(owner.userId(), owner.username(), owner.staff()), owner.tokenId()));
    }

    private Mono<TokenOwner> checked(TokenOwner owner) {
        if (owner.expires() != null && !owner.expires().isAfter(clock.instant())) {
            return Mono.error(new BadCredentialsException(INVALID));
        }
        if (!owner.active()) {
            return Mono.error(new DisabledException(INACTIVE));
        }
        return Mono.just(owner);
    }

    private Mono<TokenOwner> touched(byte[] digest, TokenOwner owner) {
        Instant now = clock.instant();
        if (owner.lastUsed() != null && owner.lastUsed().plus(TOUCH_INTERVAL).isAfter(now)) {
            return Mono.just(owner);
        }
        TokenOwner touched = owner.usedAt(now);
        cache.refresh(digest, owner, touched);
        // Bookkeeping only: a failed write must not fail a request whose token is good.
        return tokens.touch(owner.tokenId(), now).thenReturn(touched).onErrorReturn(touched);
    }
}
