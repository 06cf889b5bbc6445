package org.clientsapi.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clientsapi.support.SecurityHeaderChecks.assertSecurityHeaders;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
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
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Input that is no UTF-8 text (overlong forms, encoded surrogates, truncated sequences, bytes that
 * never occur in UTF-8) is refused wherever it comes: a JSON or form body, a form field's escapes,
 * the query, a header; and refused before anything is stored. Sent byte for byte on a raw socket.
 * Also the framing of answers an HTTP client library would not let us ask for: an HTTP/2
 * prior-knowledge preface and an HTTP/1.0 request for a stream.
 */
@ApiTest
class StrictInputApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    @LocalServerPort
    int port;

    String token;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        token = users.tokenOfNewUser("uma", false);
    }

    /** Hex of the bad bytes: overlong '/', an encoded surrogate, a sequence cut short, F5 and FF, a lone continuation byte, past U+10FFFF, overlong NUL. */
    @ParameterizedTest
    @ValueSource(strings = { "c0af", "eda080", "e282", "f5808080", "ff", "80", "f4908080", "c080", "e080af" })
    void createWhenJsonStringHasInvalidUtf8ThenBadRequestAndNothingStored(String bad) {
        RawHttp.Response response = post("application/json", bytes("{\"first_name\":\"A", bad,
                "B\",\"last_name\":\"B\",\"email\":\"u@example.com\"}"));
        assertRefused(response, "The JSON body is not valid UTF-8.");
        assertThat(clients()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "first_name=A%C0%AFB", "first_name=A%ED%A0%80", "first_name=A%E2%82",
            "first_name=A%c0%af", "first_name=%F5%80%80%80", "first_name%C0%AF=A" })
    void createWhenFormFieldEscapesInvalidUtf8ThenBadRequestAndNothingStored(String field) {
        RawHttp.Response response = post("application/x-www-form-urlencoded",
                (field + "&last_name=B&email=u@example.com").getBytes(StandardCharsets.US_ASCII));
        assertRefused(response, "The form body is not valid UTF-8.");
        assertThat(clients()).isZero();
    }

    @Test
    void createWhenFormHasRawInvalidBytesThenBadRequestAndNothingStored() {
        RawHttp.Response response = post("application/x-www-form-urlencoded",
                bytes("first_name=A", "c0af", "&last_name=B&email=u@example.com"));
        assertRefused(response, "The form body is not valid UTF-8.");
        assertThat(clients()).isZero();
    }

    /** The check must not refuse real text: two-, three- and four-byte characters, raw and escaped. */
    @Test
    void createWhenValidMultibyteTextThenStoredAsSent() {
        RawHttp.Response json = post("application/json",
                "{\"first_name\":\"Zo\u00eb \u20ac\",\"last_name\":\"\ud83d\ude00\",\"email\":\"j@example.com\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(json.status()).as("%s", json).isEqualTo(201);
        assertThat(JSON.readTree(json.body()).get("first_name").asString()).isEqualTo("Zo\u00eb \u20ac");
        RawHttp.Response form = post("application/x-www-form-urlencoded",
                "first_name=Zo%C3%AB+%E2%82%AC&last_name=%F0%9F%98%80&email=f@example.com"
                        .getBytes(StandardCharsets.US_ASCII));
        assertThat(form.status()).as("%s", form).isEqualTo(201);
        assertThat(JSON.readTree(form.body()).get("last_name").asString()).isEqualTo("\ud83d\ude00");
    }

    /** The query as sent: Latin-1 chars of the head go out as the raw bytes of that value. */
    @ParameterizedTest
    @ValueSource(strings = { "search=%C0%AF", "search=%ED%A0%80", "search=a%E2%82", "search=%FF", "limit=1&search=\u00c0\u00af",
            "search%C0%AF=x" })
    void listWhenQueryInvalidUtf8ThenBadRequest(String query) {
        RawHttp.Response response = new RawHttp(port).send("GET /clients?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Token " + token + "\r\n", new byte[0], false);
        assertRefused(response, "The query string is not valid UTF-8.");
    }

    @Test
    void listWhenQueryValidMultibyteThenOk() {
        RawHttp.Response response = new RawHttp(port).send("GET /clients?search=%C3%A9%F0%9F%98%80 HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Token " + token + "\r\n", new byte[0], false);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "X-Request-Id: r\u00c0\u00af", "Idempotency-Key: k\u00c0\u00af", "X-Note: \u00ed\u00a0\u0080",
            "Accept-Language: caf\u00e9" })
    void requestWhenHeaderValueInvalidUtf8ThenBadRequestAndNothingStored(String header) {
        String name = header.substring(0, header.indexOf(':'));
        byte[] body = "{\"first_name\":\"A\",\"last_name\":\"B\",\"email\":\"h@example.com\"}"
                .getBytes(StandardCharsets.US_ASCII);
        RawHttp.Response response = new RawHttp(port).send("POST /clients HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Token " + token + "\r\nContent-Type: application/json\r\n" + header + "\r\n"
                + "Content-Length: " + body.length + "\r\n", body, false);
        assertRefused(response, "The " + name + " header is not valid UTF-8.");
        assertThat(response.header("X-Request-Id")).matches("[0-9a-f]{16}");
        assertThat(clients()).isZero();
    }

    @Test
    void requestWhenHeaderValueValidMultibyteThenServed() {
        RawHttp.Response response = new RawHttp(port).send("GET /clients HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Token " + token + "\r\nX-Note: caf\u00c3\u00a9\r\n", new byte[0], false);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
    }

    /** DRF decodes the key and answers a key that is no text with this 401, not a 400. */
    @ParameterizedTest
    @ValueSource(strings = { "\u0080\u0081", "caf\u00c0\u00af", "\u00ff" })
    void listWhenTokenKeyBytesAreNoTextThenInvalidCharacters401(String key) {
        RawHttp.Response response = new RawHttp(port).send("GET /clients HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Token " + key + "\r\n", new byte[0], false);
        assertThat(response.status()).as("%s", response).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Token");
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("detail").asString())
                .isEqualTo("Invalid token header. Token string should not contain invalid characters.");
    }

    /** What {@code curl --http2-prior-knowledge} sends first on a plain HTTP/1.1 port. */
    @Test
    void requestWhenHttp2PriorKnowledgePrefaceThenMalformedRequestProblem() {
        RawHttp.Response response = new RawHttp(port)
                .sendExactly("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 10_000);
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo("malformed_request");
        assertThat(response.header("X-Request-Id")).matches("[0-9a-f]{16}");
        assertSecurityHeaders(response::header, response);
    }

    /**
     * RFC 9112 §6.1: no chunked coding towards an HTTP/1.0 client. The stream comes unframed and
     * the server closes the connection at its end, even though the client asked to keep it open
     * (else {@code sendExactly} would wait in vain for the close and fail).
     */
    @Test
    void streamWhenHttp10ThenUnframedExactNdjsonAndConnectionClosed() {
        for (int i = 0; i < 3; i++) {
            web.post().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("first_name", "N" + i, "last_name", "D", "email", "n" + i + "@example.com"))
                    .exchange().expectStatus().isCreated();
        }
        String expected = web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token)
                .accept(MediaType.APPLICATION_NDJSON).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(expected.lines()).hasSize(3);

        RawHttp.Response response = new RawHttp(port).sendExactly(("GET /clients HTTP/1.0\r\nHost: localhost\r\n"
                + "Authorization: Token " + token + "\r\nAccept: application/x-ndjson\r\nConnection: keep-alive\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), 10_000);

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.header("Transfer-Encoding")).as("%s", response).isNull();
        assertThat(response.header("Content-Length")).as("%s", response).isNull();
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(response.text()).isEqualTo(expected);
    }

    private RawHttp.Response post(String contentType, byte[] body) {
        return new RawHttp(port).send("POST /clients HTTP/1.1\r\nHost: localhost\r\nAuthorization: Token " + token
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n", body, false);
    }

    private static void assertRefused(RawHttp.Response response, String detail) {
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.header("Content-Type")).as("%s", response).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("detail").asString()).as("%s", response).isEqualTo(detail);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertSecurityHeaders(response::header, response);
    }

    private static byte[] bytes(String before, String hex, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static long clients() {
        return HostileInputPropertyTest.counts()[0];
    }
}
