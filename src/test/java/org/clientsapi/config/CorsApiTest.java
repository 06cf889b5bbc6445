package org.clientsapi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clientsapi.support.SecurityHeaderChecks.assertSecurityHeaders;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * CORS with two configured origins (one exact, one pattern), and with the anonymous throttle and
 * the failed-authentication guard on, to show that a preflight needs no token and is counted by
 * neither.
 */
@ApiTest
@TestPropertySource(properties = {
        "clients-api.cors.allowed-origins=https://app.example.com, https://*.example.org",
        "clients-api.throttle.rates.anon=2/min", "clients-api.throttle.rates.auth-failures=1/10m" })
class CorsApiTest {

    private static final String APP = "https://app.example.com";

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    @Autowired
    MutableClock clock;

    String token;

    @BeforeEach
    void newDay() {
        TestDatabase.truncateAll();
        clock.advance(Duration.ofDays(1));
        token = users.tokenOfNewUser("cora", false);
    }

    @Test
    void preflightWhenAllowedOriginThenOkAnonymousWithTheAllowedMethodsAndHeaders() {
        for (String path : List.of("/clients", "/clients/7", "/auth/token", "/auth/logout")) {
            EntityExchangeResult<byte[]> preflight = preflight(path, APP, "PATCH",
                    "authorization, content-type, idempotency-key, if-match").expectStatus().isOk()
                    .expectBody().returnResult();
            HttpHeaders headers = preflight.getResponseHeaders();
            assertThat(headers.getAccessControlAllowOrigin()).isEqualTo(APP);
            assertThat(headers.getAccessControlAllowMethods())
                    .containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
                            HttpMethod.DELETE);
            assertThat(headers.getAccessControlAllowHeaders()).map(String::toLowerCase)
                    .contains("authorization", "content-type", "idempotency-key", "if-match");
            assertThat(headers.getAccessControlAllowCredentials()).isFalse();
            assertThat(headers.getAccessControlMaxAge()).isEqualTo(3600);
        }
    }

    @Test
    void preflightWhenOriginMatchesPatternThenOk() {
        preflight("/clients", "https://shop.example.org", "GET", null).expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://shop.example.org");
    }

    @Test
    void preflightWhenRepeatedBeyondAnonymousRateAndGuardTrippedThenStillOk() {
        // trip the failed-authentication guard for this address: the next request with a token is 429
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token nope").exchange()
                .expectStatus().isUnauthorized();
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token nope").exchange()
                .expectStatus().isEqualTo(429);
        for (int i = 0; i < 5; i++) {
            preflight("/auth/token", APP, "POST", "content-type").expectStatus().isOk();
        }
    }

    @Test
    void preflightWhenOriginNotAllowedThenForbiddenProblem() {
        for (String origin : List.of("https://evil.example.net", "http://app.example.com", "null",
                "https://app.example.com.evil.net")) {
            preflight("/clients", origin, "GET", null).expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                    .expectBody().jsonPath("$.status").isEqualTo(403).jsonPath("$.detail").isEqualTo("Invalid CORS request.");
        }
    }

    @Test
    void preflightWhenMethodOrHeaderNotAllowedThenForbidden() {
        preflight("/clients", APP, "TRACE", null).expectStatus().isForbidden();
        preflight("/clients", APP, "GET", "x-evil").expectStatus().isForbidden();
    }

    /** A browser fails a preflight that does not allow every header it asked for: say so, not a 200 with a subset. */
    @Test
    void preflightWhenOneOfTheHeadersNotAllowedThenForbiddenProblem() {
        preflight("/clients", APP, "GET", "authorization, x-custom").expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS)
                .expectBody().jsonPath("$.detail").isEqualTo("Invalid CORS request.");
        preflight("/clients", APP, "GET", "Authorization,If-None-Match").expectStatus().isOk();
    }

    @Test
    void actualRequestWhenAllowedOriginThenAllowOriginAndExposedHeaders() {
        EntityExchangeResult<byte[]> created = web.post().uri("/clients").header(HttpHeaders.ORIGIN, APP)
                .header(HttpHeaders.AUTHORIZATION, "Token " + token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Cora", "last_name", "Coralie", "email", "cora@example.com"))
                .exchange().expectStatus().isCreated().expectBody().returnResult();
        assertThat(created.getResponseHeaders().getAccessControlAllowOrigin()).isEqualTo(APP);
        assertThat(created.getResponseHeaders().getAccessControlExposeHeaders()).map(String::toLowerCase)
                .containsExactlyInAnyOrder("link", "location", "retry-after", "ratelimit", "ratelimit-policy",
                        "idempotent-replayed", "etag", "x-request-id");
        assertThat(created.getResponseHeaders().getVary()).contains(HttpHeaders.ORIGIN);
    }

    @Test
    void errorsWhenAllowedOriginThenReadableByTheFrontEnd() {
        web.get().uri("/clients").header(HttpHeaders.ORIGIN, APP).exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, APP);
        for (int i = 0; i < 2; i++) {
            login().expectStatus().isBadRequest();
        }
        EntityExchangeResult<byte[]> throttled = login().expectStatus().isEqualTo(429).expectBody().returnResult();
        assertThat(throttled.getResponseHeaders().getAccessControlAllowOrigin()).isEqualTo(APP);
        assertThat(throttled.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
        assertSecurityHeaders(throttled.getResponseHeaders()::getFirst, "429");
    }

    @Test
    void actualRequestWhenOriginNotAllowedThenForbidden() {
        web.get().uri("/clients").header(HttpHeaders.ORIGIN, "https://evil.example.net")
                .header(HttpHeaders.AUTHORIZATION, "Token " + token).exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void requestWhenNoOriginThenNoCorsHeaders() {
        EntityExchangeResult<byte[]> plain = web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token)
                .exchange().expectStatus().isOk().expectBody().returnResult();
        assertThat(plain.getResponseHeaders().headerNames())
                .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }

    private WebTestClient.ResponseSpec login() {
        return web.post().uri("/auth/token").header(HttpHeaders.ORIGIN, APP).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "cora", "password", "wrong")).exchange();
    }

    private WebTestClient.ResponseSpec preflight(String path, String origin, String method, String headers) {
        WebTestClient.RequestHeadersSpec<?> request = web.options().uri(path).header(HttpHeaders.ORIGIN, origin)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method);
        if (headers != null) {
            request = request.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, headers);
        }
        return request.exchange();
    }
}
