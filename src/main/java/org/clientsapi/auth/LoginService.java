package org.clientsapi.auth;

import java.util.List;
import java.util.Map;

import org.clientsapi.auth.TokenService.IssuedToken;
import org.clientsapi.auth.UserRepository.User;
import org.clientsapi.web.ApiException;
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
 */
@Service
class LoginService {

    static final String FAILED = "Unable to log in with provided credentials.";

    private final UserRepository users;
    private final TokenService tokens;
    private final PasswordEncoder encoder;
    private final String decoyHash;

    LoginService(UserRepository users, TokenService tokens, PasswordEncoder encoder) {
        this.users = users;
        this.tokens = tokens;
        this.encoder = encoder;
        this.decoyHash = encoder.encode("decoy password: never matches a real login");
    }

    Mono<IssuedToken> login(String username, String password) {
        return users.findByUsername(username)
                .map(user -> new Candidate(user, user.password()))
                .defaultIfEmpty(new Candidate(null, decoyHash))
                .publishOn(Schedulers.boundedElastic())
                .filter(candidate -> encoder.matches(password, candidate.hash()) && candidate.user() != null
                        && candidate.user().active())
                .switchIfEmpty(Mono.error(LoginService::failed))
                .flatMap(candidate -> tokens.issue(candidate.user().id()));
    }

    private record Candidate(User user, String hash) {
    }

    private static ApiException failed() {
        return new ApiException(HttpStatus.BAD_REQUEST, FAILED, "authorization",
                Map.of("non_field_errors", List.of(FAILED)), HttpHeaders.EMPTY);
    }
}
