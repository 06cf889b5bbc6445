package org.clientsapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import org.clientsapi.auth.TokenAuthenticationConverter;
import org.clientsapi.support.ApiTest;
import org.clientsapi.support.FailingController;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The error table of design.md §2.3, on the wire: status, every member of the problem+json body,
 * its content type, and the headers each status calls for.
 */
@ApiTest
class ErrorContractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LIMIT = 64 * 1024;

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    @LocalServerPort
    int port;

    long userId;
    String token;
    WebTestClient as;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        userId = users.user("dora", "pw-dora", false);
        token = users.token(userId);
        as = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + token).build();
    }

    // 401: no credentials, or credentials of another scheme

    @Test
    void listWhenNoAuthorizationHeaderThenNotAuthenticated() {
        String body = problem(web.get().uri("/clients").exchange(), 401, "Unauthorized",
                "Authentication credentials were not provided.", "not_authenticated", "/clients");
        assertThat(body).doesNotContain("errors");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Basic ZG9yYTpwdy1kb3Jh", "Bearer abcdef", "Tokens abcdef", "Tok abcdef" })
    void listWhenOtherSchemeThenStillAnonymousAndNotAuthenticated(String authorization) {
        problem(web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, authorization).exchange(), 401,
                "Unauthorized", "Authentication credentials were not provided.", "not_authenticated", "/clients");
    }

    // 401: a Token header that fails

    @ParameterizedTest
    @ValueSource(strings = { "Token", "token", "Token   " })
    void listWhenTokenSchemeWithoutKeyThenNoCredentialsProvided(String authorization) {
        failedAuthentication(authorization, "Invalid token header. No credentials provided.");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Token abc def", "Token abc def ghi", "Token abc\tdef" })
    void listWhenKeyContainsSpacesThenSpacesRefused(String authorization) {
        failedAuthentication(authorization, "Invalid token header. Token string should not contain spaces.");
    }

    /**
     * Netty's client writes each char of a header value up to U+00FF as the one byte of that code
     * (ISO-8859-1), and the server reads bytes back the same way: 'é' arrives as 0xE9.
     */
    @ParameterizedTest
    @ValueSource(strings = { "abc\u00e9def", "\u00ff", "abc\u00a0def" })
    void listWhenKeyHasLatin1CharacterThenInvalidCharacters(String key) {
        failedAuthentication("Token " + key, "Invalid token header. Token string should not contain invalid characters.");
    }

    /**
     * A DEL byte (or any control character but tab) written on the socket as is: Netty's HTTP
     * decoder refuses the request before the service sees it, so the {@code invalid characters}
     * answer can only come from the converter itself (next test). Such a key is never served, and
     * the refusal is problem+json all the same (MalformedRequestGuard).
     */
    @ParameterizedTest
    @ValueSource(strings = { "abc\u007fdef", "abc\u0001def" })
    void listWhenKeyHasControlByteThenRefusedByHttpLayerAsProblem(String key) throws IOException {
        RawResponse response = raw("GET /clients HTTP/1.1\r\nHost: localhost\r\nAuthorization: Token " + key
                + "\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.headers().get("content-type")).isEqualTo("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("malformed_request");
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc\u007fdef", "abc\u0001def", "abc\u00e9def", "\u20ac" })
    void converterWhenKeyHasNonVisibleAsciiThenInvalidCharacters(String key) {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/clients")
                .header(HttpHeaders.AUTHORIZATION, "Token " + key));
        StepVerifier.create(new TokenAuthenticationConverter().convert(exchange))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(BadCredentialsException.class)
                        .hasMessage("Invalid token header. Token string should not contain invalid characters."))
                .verify();
    }

    @Test
    void listWhenUnknownKeyThenInvalidToken() {
        failedAuthentication("Token " + "0".repeat(40), "Invalid token.");
    }

    @Test
    void listWhenKeyDiffersOnlyInCaseThenInvalidToken() {
        String changed = token.equals(token.toUpperCase()) ? token.toLowerCase() : token.toUpperCase();
        failedAuthentication("Token " + changed, "Invalid token.");
    }

    @Test
    void listWhenTokenRevokedByLogoutThenInvalidToken() {
        as.post().uri("/auth/logout").exchange().expectStatus().isNoContent();
        failedAuthentication("Token " + token, "Invalid token.");
    }

    @Test
    void listWhenTokenExpiredThenInvalidToken() {
        TestDatabase.execute("update tokens set expires = timestamptz '2000-01-01 00:00:00Z'");
        failedAuthentication("Token " + token, "Invalid token.");
    }

    @Test
    void listWhenUserInactiveThenUserInactiveOrDeleted() {
        users.deactivate(userId);
        failedAuthentication("Token " + token, "User inactive or deleted.");
    }

    @ParameterizedTest
    @ValueSource(strings = { "TOKEN", "token", "ToKeN" })
    void listWhenSchemeInAnyCaseThenAuthenticated(String scheme) {
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, scheme + " " + token).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().json("[]");
    }

    // 401 comes before 405: the route's rule is checked before the handler

    @ParameterizedTest
    @ValueSource(strings = { "DELETE", "PUT", "PATCH" })
    void collectionWhenAnonymousAndMethodNotServedThenNotAuthenticated(String method) {
        problem(web.method(HttpMethod.valueOf(method)).uri("/clients").exchange(), 401, "Unauthorized",
                "Authentication credentials were not provided.", "not_authenticated", "/clients");
    }

    @Test
    void deleteWhenAnonymousThenNotAuthenticated() {
        problem(web.delete().uri("/clients/1").exchange(), 401, "Unauthorized",
                "Authentication credentials were not provided.", "not_authenticated", "/clients/1");
    }

    // 403

    @Test
    void deleteWhenNotStaffThenPermissionDenied() {
        long id = createClient();
        WebTestClient.ResponseSpec response = as.delete().uri("/clients/" + id).exchange();
        problem(response, 403, "Forbidden", "You do not have permission to perform this action.",
                "permission_denied", "/clients/" + id);
        response.expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE);
    }

    @Test
    void deleteWhenStaffThenPermissionPassesAndMethodNotAllowedOnCollection() {
        long id = createClient();
        String staff = users.tokenOfNewUser("sam", true);
        web.delete().uri("/clients/" + id).header(HttpHeaders.AUTHORIZATION, "Token " + staff).exchange()
                .expectStatus().isNoContent();
        WebTestClient.ResponseSpec response = web.delete().uri("/clients")
                .header(HttpHeaders.AUTHORIZATION, "Token " + staff).exchange();
        problem(response, 405, "Method Not Allowed", "Method \"DELETE\" not allowed.", "method_not_allowed",
                "/clients");
        response.expectHeader().value(HttpHeaders.ALLOW, allow -> assertThat(methods(allow)).contains("GET")
                .doesNotContain("DELETE"));
    }

    // 404

    @ParameterizedTest
    @ValueSource(strings = { "/no/such/path", "/clientss", "/clients/1/extra" })
    void getWhenUnknownPathThenNotFound(String path) {
        problem(as.get().uri(path).exchange(), 404, "Not Found", "Not found.", "not_found", path);
    }

    @Test
    void getWhenUnknownPathAndAnonymousThenNotFound() {
        problem(web.get().uri("/no/such/path").exchange(), 404, "Not Found", "Not found.", "not_found",
                "/no/such/path");
    }

    // 405

    @ParameterizedTest
    @ValueSource(strings = { "/clients", "/clients/" })
    void putWhenCollectionThenMethodNotAllowedWithAllow(String path) {
        WebTestClient.ResponseSpec response = as.put().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}".getBytes(StandardCharsets.UTF_8)).exchange();
        problem(response, 405, "Method Not Allowed", "Method \"PUT\" not allowed.", "method_not_allowed", path);
        response.expectHeader().value(HttpHeaders.ALLOW,
                allow -> assertThat(methods(allow)).contains("GET", "POST").doesNotContain("PUT", "DELETE"));
    }

    @Test
    void deleteWhenCollectionAndAuthenticatedThenMethodNotAllowed() {
        WebTestClient.ResponseSpec response = as.delete().uri("/clients").exchange();
        problem(response, 405, "Method Not Allowed", "Method \"DELETE\" not allowed.", "method_not_allowed",
                "/clients");
        response.expectHeader().value(HttpHeaders.ALLOW,
                allow -> assertThat(methods(allow)).contains("GET", "POST").doesNotContain("DELETE"));
    }

    // 406: content negotiation comes first, before authentication

    @ParameterizedTest
    @ValueSource(strings = { "text/html", "application/xml", "text/html, application/xhtml+xml" })
    void listWhenUnacceptableAcceptThenNotAcceptable(String accept) {
        problem(as.get().uri("/clients").header(HttpHeaders.ACCEPT, accept).exchange(), 406, "Not Acceptable",
                "Could not satisfy the request Accept header.", "not_acceptable", "/clients");
    }

    @Test
    void listWhenAnonymousAndAcceptHtmlThenNotAcceptableNotUnauthorized() {
        WebTestClient.ResponseSpec response = web.get().uri("/clients").accept(MediaType.TEXT_HTML).exchange();
        problem(response, 406, "Not Acceptable", "Could not satisfy the request Accept header.", "not_acceptable",
                "/clients");
        response.expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE);
    }

    @Test
    void listWhenBadTokenAndAcceptHtmlThenNotAcceptable() {
        problem(web.get().uri("/clients").accept(MediaType.TEXT_HTML)
                        .header(HttpHeaders.AUTHORIZATION, "Token " + "0".repeat(40)).exchange(),
                406, "Not Acceptable", "Could not satisfy the request Accept header.", "not_acceptable", "/clients");
    }

    @ParameterizedTest
    @ValueSource(strings = { "application/json", "*/*", "application/*", "text/html, application/json;q=0.5" })
    void listWhenAcceptIncludesJsonThenOk(String accept) {
        as.get().uri("/clients").header(HttpHeaders.ACCEPT, accept).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON);
    }

    // 415

    @Test
    void createWhenTextPlainThenUnsupportedMediaType() {
        problem(as.post().uri("/clients").contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("first_name=Ada".getBytes(StandardCharsets.UTF_8)).exchange(),
                415, "Unsupported Media Type", "Unsupported media type \"text/plain\" in request.",
                "unsupported_media_type", "/clients");
    }

    // 400 parse error

    @ParameterizedTest
    @ValueSource(strings = { "{\"first_name\": \"Ada\",", "{first_name: \"Ada\"}", "{\"a\": 1} trailing",
            "{\"a\": tru}", "[1, 2", "{\"a\": [1, 2", "{\"a\": {\"b\": 1}", "{\"a\": \"unterminated" })
    void createWhenMalformedJsonThenParseError(String json) {
        WebTestClient.ResponseSpec response = as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.getBytes(StandardCharsets.UTF_8)).exchange();
        response.expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = response.expectBody(String.class).returnResult().getResponseBody();
        Map<String, Object> problem = object(body);
        assertThat(problem.keySet()).containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "code");
        assertThat(problem).containsEntry("type", "about:blank").containsEntry("title", "Bad Request")
                .containsEntry("status", 400).containsEntry("code", "parse_error")
                .containsEntry("instance", "/clients");
        assertThat((String) problem.get("detail")).startsWith("JSON parse error - ")
                .hasSizeGreaterThan("JSON parse error - ".length())
                // the parser's words only: no location dump naming its source or its feature classes
                .doesNotContain("Source:", "REDACTED", "StreamReadFeature", "`");
        assertNoInternals(body);
    }

    // 413

    @Test
    void createWhenContentLengthOverLimitThenPayloadTooLarge() {
        byte[] body = jsonOfSize(LIMIT + 1);
        problem(as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(), 413,
                "Content Too Large", "Request body too large.", "payload_too_large", "/clients");
    }

    @Test
    void createWhenChunkedOverLimitThenPayloadTooLarge() {
        problem(as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                        .body(BodyInserters.fromDataBuffers(chunked(jsonOfSize(LIMIT + 1)))).exchange(),
                413, "Content Too Large", "Request body too large.", "payload_too_large", "/clients");
    }

    @Test
    void createWhenChunkedFarOverLimitThenPayloadTooLarge() {
        problem(as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                        .body(BodyInserters.fromDataBuffers(chunked(jsonOfSize(4 * LIMIT)))).exchange(),
                413, "Content Too Large", "Request body too large.", "payload_too_large", "/clients");
    }

    /** The chunked tests above rely on this: a body given as a Flux goes out without Content-Length. */
    @Test
    void framingWhenBodyIsFluxThenSentChunkedWithoutContentLength() {
        byte[] body = jsonOfSize(4096);
        web.post().uri("/test/framing").contentType(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromDataBuffers(chunked(body))).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.content_length").doesNotExist()
                .jsonPath("$.transfer_encoding").isEqualTo("chunked")
                .jsonPath("$.bytes").isEqualTo(body.length);
    }

    /** At the limit exactly the body is read and validated: the long name is the only complaint. */
    @Test
    void createWhenBodyExactlyAtLimitThenReadAndValidated() {
        for (boolean chunked : new boolean[] { false, true }) {
            byte[] body = jsonOfSize(LIMIT);
            var request = as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON);
            var response = chunked ? request.body(BodyInserters.fromDataBuffers(chunked(body))).exchange()
                    : request.bodyValue(body).exchange();
            response.expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("invalid")
                    .jsonPath("$.errors.first_name[0]").isEqualTo("Ensure this field has no more than 30 characters.");
        }
    }

    // 500 and 503: nothing of the failure reaches the body

    @ParameterizedTest
    @ValueSource(strings = { "/test/fail", "/test/fail-thrown" })
    void getWhenHandlerFailsThenServerErrorWithoutInternals(String path) {
        String body = problem(web.get().uri(path).exchange(), 500, "Internal Server Error", "A server error occurred.",
                "error", path);
        assertNoInternals(body);
    }

    @Test
    void getWhenDatabaseUnreachableThenUnavailableWithRetryAfter() {
        WebTestClient.ResponseSpec response = web.get().uri("/test/db-down").exchange();
        String body = problem(response, 503, "Service Unavailable", "Service temporarily unavailable.", "unavailable",
                "/test/db-down");
        response.expectHeader().value(HttpHeaders.RETRY_AFTER,
                retryAfter -> assertThat(retryAfter).matches("[1-9][0-9]*"));
        assertNoInternals(body);
    }

    // helpers

    private void failedAuthentication(String authorization, String detail) {
        WebTestClient.ResponseSpec response = web.get().uri("/clients")
                .header(HttpHeaders.AUTHORIZATION, authorization).exchange();
        problem(response, 401, "Unauthorized", detail, "authentication_failed", "/clients");
    }

    /**
     * Checks status, content type, the exact problem body (no member more, none less), and for 401
     * the challenge; returns the raw body.
     */
    private static String problem(WebTestClient.ResponseSpec response, int status, String title, String detail,
            String code, String instance) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == 401) {
            response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Token");
        }
        String body = response.expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).isNotNull();
        assertThat(JSON.readValue(body, Map.class)).isEqualTo(expected(status, title, detail, code, instance));
        return body;
    }

    private static Map<String, Object> expected(int status, String title, String detail, String code,
            String instance) {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "about:blank");
        expected.put("title", title);
        expected.put("status", status);
        expected.put("detail", detail);
        expected.put("instance", instance);
        expected.put("code", code);
        return expected;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return JSON.readValue(json, Map.class);
    }

    private static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("SECRET", "hunter2", FailingController.SECRET, "Exception", "org.", "java.",
                "tools.", "com.fasterxml")
                .doesNotContainIgnoringCase("trace");
    }

    private static java.util.List<String> methods(String allow) {
        return Arrays.stream(allow.split(",")).map(String::strip).toList();
    }

    private long createClient() {
        return ((Number) JSON.readValue(as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"first_name\":\"Eve\",\"last_name\":\"Ent\",\"email\":\"eve@example.com\"}"
                        .getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody(), Map.class).get("id")).longValue();
    }

    /** A JSON object of exactly {@code size} bytes whose one field is a long first name. */
    private static byte[] jsonOfSize(int size) {
        String prefix = "{\"first_name\":\"";
        String suffix = "\",\"last_name\":\"L\",\"email\":\"big@example.com\"}";
        byte[] json = (prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(json).hasSize(size);
        return json;
    }

    /** The body in 1 KiB buffers, so that its length is not known in advance. */
    private static Flux<DataBuffer> chunked(byte[] body) {
        int chunk = 1024;
        return Flux.fromStream(IntStream.range(0, (body.length + chunk - 1) / chunk)
                .mapToObj(i -> DefaultDataBufferFactory.sharedInstance
                        .wrap(Arrays.copyOfRange(body, i * chunk, Math.min(body.length, (i + 1) * chunk)))));
    }

    private record RawResponse(int status, Map<String, String> headers, String body) {
    }

    /** One request written byte for byte (ISO-8859-1) on a plain socket; reads until the server closes. */
    private RawResponse raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("end of headers in %s", text).isPositive();
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(), lines[i].substring(colon + 1).strip());
            }
            String body = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new RawResponse(status, headers, body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
