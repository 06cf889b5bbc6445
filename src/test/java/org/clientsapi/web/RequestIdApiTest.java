package org.clientsapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;


import org.clientsapi.support.ApiTest;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class RequestIdApiTest {

    private static final String GENERATED = "[0-9a-f]{16}";

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    String token;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        token = users.tokenOfNewUser("rita", false);
    }

    @Test
    void okWhenNoIdGivenThenGeneratedIdReturned() {
        String first = web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token).exchange()
                .expectStatus().isOk()
                .expectHeader().valueMatches(RequestIds.HEADER, GENERATED)
                .returnResult(String.class).getResponseHeaders().getFirst(RequestIds.HEADER);
        String second = web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token).exchange()
                .returnResult(String.class).getResponseHeaders().getFirst(RequestIds.HEADER);
        assertThat(second).matches(GENERATED).isNotEqualTo(first);
    }

    @Test
    void okWhenValidIdGivenThenEchoed() {
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token)
                .header(RequestIds.HEADER, "lb-1:abc.DEF_42-x").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(RequestIds.HEADER, "lb-1:abc.DEF_42-x");
    }

    @Test
    void unauthorizedWhenTokenRefusedBySecurityFilterThenIdOnTheError() {
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token not-a-real-key")
                .header(RequestIds.HEADER, "req-401").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(RequestIds.HEADER, "req-401");
        web.get().uri("/clients").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueMatches(RequestIds.HEADER, GENERATED);
    }

    @Test
    void notFoundThenIdOnTheError() {
        web.get().uri("/clients/424242").header(HttpHeaders.AUTHORIZATION, "Token " + token)
                .header(RequestIds.HEADER, "req-404").exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals(RequestIds.HEADER, "req-404");
        web.get().uri("/no/such/path").exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueMatches(RequestIds.HEADER, GENERATED);
    }

    @Test
    void notAcceptableBeforeEverythingElseThenIdStillReturned() {
        web.get().uri("/clients").accept(MediaType.IMAGE_PNG).header(RequestIds.HEADER, "req-406").exchange()
                .expectStatus().isEqualTo(406)
                .expectHeader().valueEquals(RequestIds.HEADER, "req-406");
    }

    /** The last is "ünïcode" as UTF-8 bytes (the test client writes each char as one byte); invalid UTF-8 is a 400. */
    @ParameterizedTest
    @ValueSource(strings = { "has space", "quote\"d", "semi;colon", "slash/ed", "\u00c3\u00bcn\u00c3\u00afcode" })
    void idWhenNotASaneTokenThenReplacedByGenerated(String bad) {
        web.get().uri("/actuator/health").header(RequestIds.HEADER, bad).exchange()
                .expectStatus().isOk()
                .expectHeader().valueMatches(RequestIds.HEADER, GENERATED);
    }

    @Test
    void idWhenLongerThan128ThenReplacedAnd128Kept() {
        String longest = "a".repeat(128);
        web.get().uri("/actuator/health").header(RequestIds.HEADER, longest).exchange()
                .expectHeader().valueEquals(RequestIds.HEADER, longest);
        web.get().uri("/actuator/health").header(RequestIds.HEADER, longest + "b").exchange()
                .expectHeader().valueMatches(RequestIds.HEADER, GENERATED);
    }

    @Test
    void serverErrorThenItsLogLineCarriesTheRequestId(CapturedOutput output) {
        web.get().uri("/test/fail").header(RequestIds.HEADER, "req-500-logged").exchange()
                .expectStatus().is5xxServerError()
                .expectHeader().valueEquals(RequestIds.HEADER, "req-500-logged");

        assertThat(lines(output, "Unhandled error on GET /test/fail"))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).containsPattern(withId("req-500-logged")));
    }

    @Test
    void logLinesOnOtherThreadsThenEachCarriesTheRequestId(CapturedOutput output) {
        web.get().uri("/test/log-hops").header(RequestIds.HEADER, "req-hops").exchange()
                .expectStatus().isOk();
        web.get().uri("/test/log-hops").header(RequestIds.HEADER, "req-hops-2").exchange()
                .expectStatus().isOk();

        for (String hop : List.of("hop 1 on ", "hop 2 on ", "hop 3 on ")) {
            List<String> lines = lines(output, hop);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).containsPattern(withId("req-hops"));
            assertThat(lines.get(1)).containsPattern(withId("req-hops-2"));
        }
        // the three lines really were written on three different kinds of thread
        assertThat(lines(output, "hop 2 on ").get(0)).contains("parallel");
        assertThat(lines(output, "hop 3 on ").get(0)).contains("boundedElastic");
    }

    @Test
    void logLineAfterTheRequestThenNoStaleIdOnTheThread(CapturedOutput output) {
        web.get().uri("/test/log-hops").header(RequestIds.HEADER, "req-stale").exchange().expectStatus().isOk();
        // A log line of the next request without an id of its own gets a fresh one, never the old one.
        web.get().uri("/test/fail").exchange().expectStatus().is5xxServerError();
        assertThat(lines(output, "Unhandled error on GET /test/fail")).singleElement()
                .satisfies(line -> assertThat(line).doesNotContain("req-stale").containsPattern(withId(GENERATED)));
    }

    /**
     * The id as a log line carries it: {@code [id]} in plain lines, {@code "requestId":"id"} in JSON
     * ones (JsonLogsApiTest switches the JVM's console to JSON while its context starts).
     */
    private static String withId(String id) {
        return "(\\[" + id + "]|\"requestId\":\"" + id + "\")";
    }

    private static List<String> lines(CapturedOutput output, String text) {
        return output.getOut().lines().filter(line -> line.contains(text)).toList();
    }

}
