package org.clientsapi.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.clientsapi.auth.TokenService.IssuedToken;
import org.clientsapi.auth.UserRepository.User;
import org.clientsapi.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Exchanges a username and password for a new token, as DRF's {@code obtain_auth_token} does.
 * An unknown user, a wrong password and an inactive user all get the same answer, after the same
 * work: a password hash is checked in every case, off the event loop since it costs milliseconds.
 * The same work is not the same time, though: a Django PBKDF2 hash costs far more to check than the
 * decoy checked for an unknown name, so how long a failure took told which imported usernames
 * exist. Every failed login is therefore answered no sooner than {@code failed-login-floor} after
 * the attempt began (a timer, no thread waits); a success is not held back.
 * A hash in an older encoding (one imported from Django) is replaced by the default encoding of the
 * password just checked: the only moment the clear password is at hand.
 */
@Service
class LoginService {

    static final String FAILED = "Unable to log in with provided credentials.";

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);

    private final UserRepository users;
    private final TokenService tokens;
    private final PasswordEncoder encoder;
    private final AuthFailures failures;
    private final String decoyHash;
    private final Duration failedLoginFloor;

    LoginService(UserRepository users, TokenService tokens, PasswordEncoder encoder, AuthFailures failures,
            @Value("${clients-api.auth.failed-login-floor:1s}") Duration failedLoginFloor) {
        this.users = users;
        this.tokens = tokens;
        this.encoder = encoder;
        this.failures = failures;
        this.failedLoginFloor = failedLoginFloor;
        this.decoyHash = encoder.encode("decoy password: never matches a real login");
    }

    /** {@code startedNanos}: {@link System#nanoTime()} when the attempt began, from which the floor is measured. */
    Mono<IssuedToken> login(String username, String password, long startedNanos) {
        return users.findByUsername(username)
                .map(user -> new Candidate(user, user.password()))
                .defaultIfEmpty(new Candidate(null, decoyHash))
                .publishOn(Schedulers.boundedElastic())
                .filter(candidate -> encoder.matches(password, candidate.hash()) && candidate.user() != null
                        && candidate.user().active())
                .switchIfEmpty(Mono.defer(() -> {
                    failures.badCredentials();
                    return afterFloor(startedNanos).then(Mono.error(failed()));
                }))
                .flatMap(candidate -> upgrade(candidate.user(), password)
                        .then(tokens.issue(candidate.user().id())));
    }

    /** Completes once the floor has passed since {@code startedNanos}, on the parallel scheduler's timer. */
    private Mono<Void> afterFloor(long startedNanos) {
        Duration left = failedLoginFloor.minusNanos(System.nanoTime() - startedNanos);
        return left.isNegative() || left.isZero() ? Mono.empty() : Mono.delay(left, Schedulers.parallel()).then();
    }

    /** Best effort: a login whose password matched succeeds even if the rewrite fails. */
    private Mono<Void> upgrade(User user, String password) {
        if (!encoder.upgradeEncoding(user.password())) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> encoder.encode(password))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(hash -> users.replacePassword(user.id(), user.password(), hash))
                .doOnError(e -> log.warn("Could not upgrade the password hash of user {}: {}", user.id(), e.toString()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    private record Candidate(User user, String hash) {
    }

    private static ApiException failed() {
        return new ApiException(HttpStatus.BAD_REQUEST, FAILED, "authorization",
                Map.of("non_field_errors", List.of(FAILED)), HttpHeaders.EMPTY);
    }
}
