package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The throttles of design.md §2.4 on the wire, in application contexts of their own (the shared
 * {@link ApiTest} context runs with the anonymous throttle off). The in-memory store lives as long
 * as its context, so each test starts a day later on the {@link MutableClock}, with new users, and
 * where it needs a fresh address, with one of its own in {@code X-Forwarded-For}. The two property
 * sets are two nested classes; surefire runs them under {@code -Dtest=ThrottleApiTest}, but its
 * per-class {@code .txt} summary counts only the outer class (0): the XML report and the run's
 * total count them.
 */
class ThrottleApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "correct horse battery staple";
    private static final String POLICY = "RateLimit-Policy";
    private static final String LIMIT = "RateLimit";
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    /** User 5/min and anon 3/min, one trusted proxy. */
    @Nested
    @ApiTest
    @TestPropertySource(properties = { "clients-api.throttle.rates.user=5/min",
            "clients-api.throttle.rates.anon=3/min", "clients-api.throttle.trusted-proxies=1" })
    class UserAndAnonymous {

        @Autowired
        WebTestClient web;

        @Autowired
        TestUsers users;

        @Autowired
        MutableClock clock;

        String token;

        @BeforeEach
        void newDayAndNewUser() {
            TestDatabase.truncateAll();
            clock.advance(Duration.ofDays(1));
            token = users.token(users.user("ursula", PASSWORD, false));
        }

        @Test
        void clientsWhenSixthRequestInMinuteThenThrottledUntilRealWaitRoundedUp() {
            assertThat(get("/clients").getStatus().value()).isEqualTo(200);
            clock.advance(Duration.ofMillis(1500));
            for (int i = 0; i < 4; i++) {
                assertThat(get("/clients").getStatus().value()).isEqualTo(200);
            }

            // the oldest admitted request leaves the window 58.5 s from now: told 59
            EntityExchangeResult<byte[]> refused = get("/clients");
            throttled(refused, "/clients", 59);

            clock.advance(Duration.ofSeconds(59 - 1));
            throttled(get("/clients"), "/clients", 1);

            clock.advance(Duration.ofSeconds(1));
            assertThat(get("/clients").getStatus().value()).isEqualTo(200);
        }

        @Test
        void throttledRouteWhenAnyStatusThenRateLimitHeadersCountDown() {
            EntityExchangeResult<byte[]> ok = get("/clients");
            assertThat(ok.getStatus().value()).isEqualTo(200);
            rateLimit(ok, "\"user\";q=5;w=60", "\"user\";r=4;t=60");

            EntityExchangeResult<byte[]> created = post("/clients",
                    Map.of("first_name", "Ada", "last_name", "Lovelace", "email", "ada@example.com"));
            assertThat(created.getStatus().value()).isEqualTo(201);
            rateLimit(created, "\"user\";q=5;w=60", "\"user\";r=3;t=60");

            EntityExchangeResult<byte[]> missing = get("/clients/999");
            problem(missing, 404, "Not found.", "not_found", "/clients/999");
            rateLimit(missing, "\"user\";q=5;w=60", "\"user\";r=2;t=60");

            EntityExchangeResult<byte[]> invalid = post("/clients", Map.of());
            assertThat(invalid.getStatus().value()).isEqualTo(400);
            rateLimit(invalid, "\"user\";q=5;w=60", "\"user\";r=1;t=60");

            EntityExchangeResult<byte[]> last = get("/clients");
            assertThat(last.getStatus().value()).isEqualTo(200);
            rateLimit(last, "\"user\";q=5;w=60", "\"user\";r=0;t=60");

            EntityExchangeResult<byte[]> refused = get("/clients");
            throttled(refused, "/clients", 60);
            rateLimit(refused, "\"user\";q=5;w=60", "\"user\";r=0;t=60");
        }

        @Test
        void unthrottledPathWhenCalledThenNoRateLimitHeaders() {
            EntityExchangeResult<byte[]> unknown = get("/nope");
            problem(unknown, 404, "Not found.", "not_found", "/nope");
            assertThat(unknown.getResponseHeaders().containsHeader(POLICY)).isFalse();
            assertThat(unknown.getResponseHeaders().containsHeader(LIMIT)).isFalse();
            // and it used none of the user's budget
            rateLimit(get("/clients"), "\"user\";q=5;w=60", "\"user\";r=4;t=60");
        }

        @Test
        void clientsWhenManyInvalidTokensFromSameAddressThenUserBudgetUntouched() {
            rateLimit(get("/clients"), "\"user\";q=5;w=60", "\"user\";r=4;t=60");

            String almostTheKey = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
            for (String bad : new String[] { almostTheKey, "unknown", UUID.randomUUID().toString(), almostTheKey,
                    "unknown", UUID.randomUUID().toString(), almostTheKey, "unknown", "x", "y" }) {
                EntityExchangeResult<byte[]> refused = web.get().uri("/clients")
                        .header(HttpHeaders.AUTHORIZATION, "Token " + bad).exchange().expectBody().returnResult();
                problem(refused, 401, "Invalid token.", "authentication_failed", "/clients");
            }

            // the user's count moves by this one request only
            rateLimit(get("/clients"), "\"user\";q=5;w=60", "\"user\";r=3;t=60");
            // and the address's anonymous budgets were not touched either
            EntityExchangeResult<byte[]> login = login(null, "ursula");
            assertThat(login.getStatus().value()).isEqualTo(200);
            rateLimit(login, "\"anon\";q=3;w=60, \"user\";q=5;w=60", "\"anon\";r=2;t=60, \"user\";r=4;t=60");
        }

        @Test
        void tokenWhenAnonymousAddressExceedsThreeThenThrottledButOtherAddressPasses() {
            for (int remaining = 2; remaining >= 0; remaining--) {
                EntityExchangeResult<byte[]> admitted = login("203.0.113.10", "ursula");
                assertThat(admitted.getStatus().value()).isEqualTo(200);
                rateLimit(admitted, "\"anon\";q=3;w=60, \"user\";q=5;w=60",
                        "\"anon\";r=" + remaining + ";t=60, \"user\";r=" + (remaining + 2) + ";t=60");
            }

            // valid credentials, refused before the handler runs
            EntityExchangeResult<byte[]> refused = login("203.0.113.10", "ursula");
            throttled(refused, "/auth/token", 60);
            assertThat(refused.getResponseHeaders().getFirst(LIMIT)).startsWith("\"anon\";r=0;t=60, ");
            // an address the caller writes in front of the proxy's is not believed
            throttled(login("198.51.100.7, 203.0.113.10", "ursula"), "/auth/token", 60);

            EntityExchangeResult<byte[]> other = login("203.0.113.11", "ursula");
            assertThat(other.getStatus().value()).isEqualTo(200);
            rateLimit(other, "\"anon\";q=3;w=60, \"user\";q=5;w=60", "\"anon\";r=2;t=60, \"user\";r=4;t=60");
        }

        private EntityExchangeResult<byte[]> get(String path) {
            return web.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Token " + token).exchange().expectBody()
                    .returnResult();
        }

        private EntityExchangeResult<byte[]> post(String path, Map<String, ?> body) {
            return web.post().uri(path).header(HttpHeaders.AUTHORIZATION, "Token " + token)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectBody().returnResult();
        }

        private EntityExchangeResult<byte[]> login(String forwardedFor, String username) {
            return ThrottleApiTest.login(web, forwardedFor, username);
        }
    }

    /**
     * Scoped rates for reads and writes of the clients resource (user off), anon 3/min, no trusted
     * proxy, on Kubernetes: the platform where Spring Boot would otherwise let Netty take the client
     * address from {@code X-Forwarded-For} (every pod has the variables that make it detect one).
     */
    @Nested
    @ApiTest
    @TestPropertySource(properties = { "clients-api.throttle.rates.user=",
            "clients-api.throttle.rates.clients.read=3/min", "clients-api.throttle.rates.clients.write=2/min",
            "clients-api.throttle.rates.anon=3/min", "clients-api.throttle.trusted-proxies=0",
            "spring.main.cloud-platform=kubernetes" })
    class ScopedAndUntrustedProxy {

        @Autowired
        WebTestClient web;

        @Autowired
        TestUsers users;

        @Autowired
        MutableClock clock;

        String token;

        @BeforeEach
        void newDayAndNewUser() {
            TestDatabase.truncateAll();
            clock.advance(Duration.ofDays(1));
            token = users.token(users.user("sybil", PASSWORD, false));
        }

        @Test
        void clientsWhenReadsExhaustedThenWritesKeepTheirOwnBudget() {
            for (int remaining = 2; remaining >= 0; remaining--) {
                EntityExchangeResult<byte[]> read = get(token, "/clients");
                assertThat(read.getStatus().value()).isEqualTo(200);
                rateLimit(read, "\"clients.read\";q=3;w=60", "\"clients.read\";r=" + remaining + ";t=60");
            }
            EntityExchangeResult<byte[]> refusedRead = get(token, "/clients");
            throttled(refusedRead, "/clients", 60);
            rateLimit(refusedRead, "\"clients.read\";q=3;w=60", "\"clients.read\";r=0;t=60");

            EntityExchangeResult<byte[]> write = create(token, "ada@example.com");
            assertThat(write.getStatus().value()).isEqualTo(201);
            rateLimit(write, "\"clients.write\";q=2;w=60", "\"clients.write\";r=1;t=60");
            EntityExchangeResult<byte[]> secondWrite = create(token, "grace@example.com");
            assertThat(secondWrite.getStatus().value()).isEqualTo(201);
            rateLimit(secondWrite, "\"clients.write\";q=2;w=60", "\"clients.write\";r=0;t=60");
            throttled(create(token, "edsger@example.com"), "/clients", 60);

            // reads of one client are reads too, still refused
            throttled(get(token, "/clients/1"), "/clients/1", 60);
            // another user's reads are counted apart
            String other = users.token(users.user("tove", PASSWORD, false));
            rateLimit(get(other, "/clients"), "\"clients.read\";q=3;w=60", "\"clients.read\";r=2;t=60");
        }

        @Test
        void clientsWhenWritesExhaustedThenReadsKeepTheirOwnBudget() {
            assertThat(create(token, "ada@example.com").getStatus().value()).isEqualTo(201);
            assertThat(create(token, "grace@example.com").getStatus().value()).isEqualTo(201);
            EntityExchangeResult<byte[]> refused = create(token, "edsger@example.com");
            throttled(refused, "/clients", 60);
            rateLimit(refused, "\"clients.write\";q=2;w=60", "\"clients.write\";r=0;t=60");

            EntityExchangeResult<byte[]> read = get(token, "/clients");
            assertThat(read.getStatus().value()).isEqualTo(200);
            rateLimit(read, "\"clients.read\";q=3;w=60", "\"clients.read\";r=2;t=60");
        }

        @Test
        void tokenWhenForwardedForNotTrustedThenAddressIsStillThePeer() {
            for (int i = 1; i <= 3; i++) {
                EntityExchangeResult<byte[]> admitted = login(web, "203.0.113." + i, "sybil");
                assertThat(admitted.getStatus().value()).isEqualTo(200);
                rateLimit(admitted, "\"anon\";q=3;w=60", "\"anon\";r=" + (3 - i) + ";t=60");
            }
            throttled(login(web, "203.0.113.4", "sybil"), "/auth/token", 60);
            throttled(login(web, null, "sybil"), "/auth/token", 60);
        }

        private EntityExchangeResult<byte[]> get(String key, String path) {
            return web.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Token " + key).exchange().expectBody()
                    .returnResult();
        }

        private EntityExchangeResult<byte[]> create(String key, String email) {
            return web.post().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + key)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("first_name", "Ada", "last_name", "Lovelace", "email", email))
                    .exchange().expectBody().returnResult();
        }
    }

    static EntityExchangeResult<byte[]> login(WebTestClient web, String forwardedFor, String username) {
        WebTestClient.RequestBodySpec request = web.post().uri("/auth/token");
        if (forwardedFor != null) {
            request = request.header(FORWARDED_FOR, forwardedFor);
        }
        return request.contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", PASSWORD))
                .exchange().expectBody().returnResult();
    }

    static void rateLimit(EntityExchangeResult<byte[]> response, String policy, String limit) {
        assertThat(response.getResponseHeaders().get(POLICY)).as(POLICY).containsExactly(policy);
        assertThat(response.getResponseHeaders().get(LIMIT)).as(LIMIT).containsExactly(limit);
    }

    /** A 429 in problem+json whose wait, in the detail and in Retry-After, is {@code seconds}. */
    static void throttled(EntityExchangeResult<byte[]> response, String instance, long seconds) {
        problem(response, 429, "Request was throttled. Expected available in " + seconds
                + (seconds == 1 ? " second." : " seconds."), "throttled", instance);
        assertThat(response.getResponseHeaders().get(HttpHeaders.RETRY_AFTER)).containsExactly(Long.toString(seconds));
    }

    static void problem(EntityExchangeResult<byte[]> response, int status, String detail, String code,
            String instance) {
        problem(response, status, detail, code, instance, null);
    }

    /** DRF's answer to wrong credentials at {@code /auth/token}, in problem+json. */
    static void loginFailed(EntityExchangeResult<byte[]> response, String instance) {
        String failed = "Unable to log in with provided credentials.";
        problem(response, 400, failed, "authorization", instance, Map.of("non_field_errors", List.of(failed)));
    }

    static void problem(EntityExchangeResult<byte[]> response, int status, String detail, String code,
            String instance, Map<String, List<String>> errors) {
        assertThat(response.getStatus().value()).as("status").isEqualTo(status);
        assertThat(response.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == 401) {
            assertThat(response.getResponseHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).containsExactly("Token");
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "about:blank");
        expected.put("title", HttpStatus.valueOf(status).getReasonPhrase());
        expected.put("status", status);
        expected.put("detail", detail);
        expected.put("instance", instance);
        expected.put("code", code);
        if (errors != null) {
            expected.put("errors", errors);
        }
        assertThat(JSON.readValue(response.getResponseBody(), Map.class)).isEqualTo(expected);
    }
}
