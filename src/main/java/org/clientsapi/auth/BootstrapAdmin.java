package org.clientsapi.auth;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * On a database with no user at all, creates the staff user {@code admin} and logs its token once,
 * so that a new user can call the API right after the first start. The token is the one secret
 * ever logged, by design; it is never logged again. The admin's password is random and not shown:
 * log in with the token, or create users with the command-line tasks.
 */
@Component
@ConditionalOnWebApplication
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final UserRepository users;
    private final TokenService tokens;
    private final PasswordEncoder encoder;
    private final Clock clock;

    BootstrapAdmin(UserRepository users, TokenService tokens, PasswordEncoder encoder, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.encoder = encoder;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        createIfNoUsers().block(Duration.ofSeconds(30));
    }

    Mono<Void> createIfNoUsers() {
        return Mono.fromCallable(() -> encoder.encode(Tokens.generate()))
                .flatMap(hash -> users.insertIfNoUsers("admin", hash, true, clock.instant()))
                .flatMap(tokens::issue)
                .doOnNext(issued -> log.info("Bootstrap admin token: {}", issued.token()))
                .then();
    }
}
