package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clientsapi.throttle.ThrottleApiTest.loginFailed;
import static org.clientsapi.throttle.ThrottleApiTest.problem;
import static org.clientsapi.throttle.ThrottleApiTest.throttled;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The two guards against guessing, on the wire: the failed-authentication guard (token guessing,
 * 5 failures in 10 minutes per address) and the login throttle (password guessing, 3 attempts a
 * minute per address and per username). Addresses come from {@code X-Forwarded-For} behind one
 * trusted proxy; each test starts a day later on the clock, with new users.
 */
@ApiTest
@TestPropertySource(properties = { "clients-api.throttle.rates.auth-failures=5/10m",
        "clients-api.throttle.rates.login=3/min", "clients-api.throttle.trusted-proxies=1" })
class AuthGuardApiTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String GUESSER = "203.0.113.21";
    private static final String WELL_BEHAVED = "203.0.113.22";

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    @Autowired
    MutableClock clock;

    String daveToken;
    String erinToken;

    @BeforeEach
    void newDayAndNewUsers() {
        TestDatabase.truncateAll();
        clock.advance(Duration.ofDays(1));
        daveToken = users.token(users.user("dave", PASSWORD, false));
        erinToken = users.token(users.user("erin", PASSWORD, false));
    }

    // ---- failed-authentication guard ----

    @Test
    void clientsWhenTokenGuessedFiveTimesThenThrottledBeforeLookupWhileOtherAddressPasses() {
        guessFiveTimes();

        throttled(clients(GUESSER, "Token " + UUID.randomUUID()), "/clients", 600);
        // a valid token from that address is refused too: the guard answers before any lookup
        throttled(clients(GUESSER, "Token " + daveToken), "/clients", 600);

        assertThat(clients(WELL_BEHAVED, "Token " + erinToken).getStatus().value()).isEqualTo(200);
        assertThat(clients(WELL_BEHAVED, "Token " + daveToken).getStatus().value()).isEqualTo(200);
    }

    @Test
    void clientsWhenGuardWindowHasPassedThenAddressMayTryAgain() {
        guessFiveTimes();

        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        throttled(clients(GUESSER, "Token " + daveToken), "/clients", 1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(clients(GUESSER, "Token " + daveToken).getStatus().value()).isEqualTo(200);
    }

    @Test
    void requestWhenNoAuthorizationHeaderThenNeverRefusedByGuard() {
        guessFiveTimes();
        throttled(clients(GUESSER, "Token " + daveToken), "/clients", 600);

        problem(clients(GUESSER, null), 401, "Authentication credentials were not provided.", "not_authenticated",
                "/clients");
        EntityExchangeResult<byte[]> login = login(GUESSER, "dave", PASSWORD);
        assertThat(login.getStatus().value()).isEqualTo(200);
    }

    private void guessFiveTimes() {
        for (int i = 0; i < 5; i++) {
            problem(clients(GUESSER, "Token " + UUID.randomUUID()), 401, "Invalid token.", "authentication_failed",
                    "/clients");
        }
    }

    // ---- login throttle ----

    @Test
    void tokenWhenPasswordGuessedOnOneUsernameFromManyAddressesThenThrottled() {
        for (int i = 1; i <= 3; i++) {
            loginFailed(login("203.0.113.3" + i, "dave", "guess-" + i), "/auth/token");
        }
        throttled(login("203.0.113.34", "dave", "guess-4"), "/auth/token", 60);
        // refused before the password is checked: the right one is refused as well
        throttled(login("203.0.113.35", "dave", PASSWORD), "/auth/token", 60);

        assertThat(login(WELL_BEHAVED, "erin", PASSWORD).getStatus().value()).isEqualTo(200);
    }

    @Test
    void tokenWhenUsernameCaseVariesThenStillCountedAsOneUsername() {
        String[] spellings = { "dave", "DAVE", "Dave" };
        for (int i = 0; i < spellings.length; i++) {
            loginFailed(login("203.0.113.4" + i, spellings[i], "guess"), "/auth/token");
        }
        throttled(login("203.0.113.49", "dAvE", PASSWORD), "/auth/token", 60);
    }

    @Test
    void tokenWhenOneAddressGuessesAcrossUsernamesThenThrottled() {
        for (int i = 1; i <= 3; i++) {
            loginFailed(login(GUESSER, "guess" + i, "guess"), "/auth/token");
        }
        throttled(login(GUESSER, "guess4", "guess"), "/auth/token", 60);
        throttled(login(GUESSER, "dave", PASSWORD), "/auth/token", 60);

        assertThat(login(WELL_BEHAVED, "erin", PASSWORD).getStatus().value()).isEqualTo(200);
    }

    @Test
    void tokenWhenLoginWindowHasPassedThenUsernameMayTryAgain() {
        for (int i = 1; i <= 3; i++) {
            loginFailed(login("203.0.113.5" + i, "dave", "guess"), "/auth/token");
        }
        throttled(login("203.0.113.55", "dave", PASSWORD), "/auth/token", 60);

        clock.advance(Duration.ofSeconds(60));
        assertThat(login("203.0.113.56", "dave", PASSWORD).getStatus().value()).isEqualTo(200);
    }

    private EntityExchangeResult<byte[]> clients(String forwardedFor, String authorization) {
        WebTestClient.RequestHeadersSpec<?> request = web.get().uri("/clients").header("X-Forwarded-For",
                forwardedFor);
        if (authorization != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.exchange().expectBody().returnResult();
    }

    private EntityExchangeResult<byte[]> login(String forwardedFor, String username, String password) {
        return web.post().uri("/auth/token").header("X-Forwarded-For", forwardedFor)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange().expectBody().returnResult();
    }
}
