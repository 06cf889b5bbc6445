package org.clientsapi.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clientsapi.support.SecurityHeaderChecks.assertSecurityHeaders;

import java.util.Map;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.RawHttp;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Every response carries the security headers (no-store, nosniff, DENY, no-referrer, a CSP that
 * allows nothing): the ones Spring Security's chain writes, the errors written by filters inside
 * and before it (401, 403, 406, 413), by the controller advice (404, 405, 415, 500, 503), the 304
 * (which keeps its ETag), and the requests refused before the application (decoder, firewall).
 * No CORS header appears when no origin is configured. The 429 is checked in CorsApiTest, whose
 * context has throttles on.
 */
@ApiTest
class SecurityHeadersTest {

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    @LocalServerPort
    int port;

    WebTestClient as;
    WebTestClient staff;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        as = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + users.tokenOfNewUser("hedy", false))
                .build();
        staff = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + users.tokenOfNewUser("root", true))
                .build();
    }

    @Test
    void successesWhenAuthenticatedThenNoStoreAndTheRest() {
        EntityExchangeResult<JsonNode> created = as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Hedy", "last_name", "Lamarr", "email", "hedy@example.com"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult();
        check(created);
        long id = created.getResponseBody().get("id").asLong();
        check(as.get().uri("/clients").exchange().expectStatus().isOk().expectBody().returnResult());
        check(as.get().uri("/clients/" + id).exchange().expectStatus().isOk().expectBody().returnResult());
        check(as.patch().uri("/clients/" + id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("last_name", "Kiesler")).exchange().expectStatus().isOk().expectBody().returnResult());
        check(staff.delete().uri("/clients/" + id).exchange().expectStatus().isNoContent().expectBody().returnResult());
        check(web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "hedy", "password", "pw-hedy")).exchange().expectStatus().isOk()
                .expectBody().returnResult());
    }

    @Test
    void notModifiedWhenETagMatchesThenKeepsETagAndSecurityHeaders() {
        EntityExchangeResult<JsonNode> created = as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Ida", "last_name", "Rhodes", "email", "ida@example.com"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult();
        String etag = created.getResponseHeaders().getETag();
        EntityExchangeResult<byte[]> notModified = as.get().uri("/clients/" + created.getResponseBody().get("id").asLong())
                .ifNoneMatch(etag).exchange().expectStatus().isNotModified().expectBody().returnResult();
        assertThat(notModified.getResponseHeaders().getETag()).isEqualTo(etag);
        check(notModified);
    }

    @Test
    void errorsWhenWrittenByFiltersOrAdviceThenSecurityHeadersToo() {
        check(web.get().uri("/clients").exchange().expectStatus().isUnauthorized().expectBody().returnResult());
        check(web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token nope").exchange()
                .expectStatus().isUnauthorized().expectBody().returnResult());
        check(as.delete().uri("/clients/1").exchange().expectStatus().isForbidden().expectBody().returnResult());
        check(as.get().uri("/clients").accept(MediaType.IMAGE_PNG).exchange().expectStatus().isEqualTo(406)
                .expectBody().returnResult());
        check(as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"first_name\":\"" + "a".repeat(70_000) + "\"}").exchange()
                .expectStatus().isEqualTo(413).expectBody().returnResult());
        check(as.get().uri("/nope").exchange().expectStatus().isNotFound().expectBody().returnResult());
        check(as.get().uri("/clients/999999").exchange().expectStatus().isNotFound().expectBody().returnResult());
        check(as.put().uri("/clients").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(405).expectBody().returnResult());
        check(as.post().uri("/clients").contentType(MediaType.TEXT_PLAIN).bodyValue("x").exchange()
                .expectStatus().isEqualTo(415).expectBody().returnResult());
        check(as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON).bodyValue("{").exchange()
                .expectStatus().isBadRequest().expectBody().returnResult());
        check(web.get().uri("/test/fail").exchange().expectStatus().isEqualTo(500).expectBody().returnResult());
        check(web.get().uri("/test/db-down").exchange().expectStatus().isEqualTo(503).expectBody().returnResult());
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET /clients?search={ HTTP/1.1\r\n", "PROPFIND /clients HTTP/1.1\r\n",
            "GET /clients/%2F HTTP/1.1\r\n", "GET /clients HTTP/1.1\r\nX-Bad: a\u0001b\r\n" })
    void malformedWhenRefusedBeforeTheApplicationThenProblemWithSecurityHeaders(String head) {
        RawHttp.Response response = new RawHttp(port).send(head + "Host: localhost\r\n", new byte[0], false);
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.text()).contains("\"code\":\"malformed_request\"").contains("\"status\":400");
        assertSecurityHeaders(response::header, response);
    }

    @Test
    void headerBlockWhenTooLargeThenProblem431WithSecurityHeaders() {
        RawHttp.Response response = new RawHttp(port).send("GET /clients HTTP/1.1\r\nHost: localhost\r\nX-Long: "
                + "v".repeat(65_536) + "\r\n", new byte[0], false);
        assertThat(response.status()).as("%s", response).isEqualTo(431);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertSecurityHeaders(response::header, response);
    }

    @Test
    void requestLineWhenTooLongThenProblem414WithSecurityHeaders() {
        RawHttp.Response response = new RawHttp(port).send("GET /clients?search=" + "x".repeat(10_000)
                + " HTTP/1.1\r\nHost: localhost\r\n", new byte[0], false);
        assertThat(response.status()).as("%s", response).isEqualTo(414);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertSecurityHeaders(response::header, response);
    }

    @Test
    void anyResponseWhenNoOriginConfiguredThenNoCorsHeaders() {
        EntityExchangeResult<byte[]> preflight = web.options().uri("/clients")
                .header(HttpHeaders.ORIGIN, "https://app.example.com")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET").exchange().expectBody().returnResult();
        EntityExchangeResult<byte[]> actual = as.get().uri("/clients").header(HttpHeaders.ORIGIN, "https://app.example.com")
                .exchange().expectStatus().isOk().expectBody().returnResult();
        for (EntityExchangeResult<byte[]> result : java.util.List.of(preflight, actual)) {
            assertThat(result.getResponseHeaders().headerNames())
                    .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
        }
    }

    private static void check(EntityExchangeResult<?> result) {
        assertSecurityHeaders(result.getResponseHeaders()::getFirst,
                result.getMethod() + " " + result.getUrl() + " -> " + result.getStatus());
    }
}
