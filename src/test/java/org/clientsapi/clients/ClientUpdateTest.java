package org.clientsapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** {@code PUT} and {@code PATCH /clients/{id}}: validation, conflicts, timestamps, ETag and If-Match (issue 4). */
@ApiTest
class ClientUpdateTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String REQUIRED = "This field is required.";
    private static final String NULL = "This field may not be null.";
    private static final String BLANK = "This field may not be blank.";
    private static final String NOT_A_STRING = "Not a valid string.";
    private static final String NAME_TOO_LONG = "Ensure this field has no more than 30 characters.";
    private static final String EMAIL_TOO_LONG = "Ensure this field has no more than 254 characters.";
    private static final String BAD_EMAIL = "Enter a valid email address.";
    private static final String STALE = "The client has changed since it was read; fetch it again.";

    private static final Map<String, String> ADA = Map.of("first_name", "Ada", "last_name", "Lovelace",
            "email", "ada@example.com");

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    @Autowired
    MutableClock clock;

    WebTestClient as;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        clock.reset();
        as = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + users.tokenOfNewUser("uma", false))
                .build();
    }

    // PUT replaces every field; PATCH only those given

    @Test
    void putWhenAllFieldsGivenThenEveryFieldReplaced() {
        long id = create(ADA);
        Map<String, Object> body = ok(send(HttpMethod.PUT, "/clients/" + id,
                json(Map.of("first_name", " Grace ", "last_name", "Hopper", "email", "grace@example.com"))));
        assertThat(body).containsEntry("id", (int) id).containsEntry("first_name", "Grace")
                .containsEntry("last_name", "Hopper").containsEntry("email", "grace@example.com");
        assertThat(fetch(id)).containsEntry("first_name", "Grace").containsEntry("last_name", "Hopper")
                .containsEntry("email", "grace@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = { "first_name", "last_name", "email" })
    void putWhenFieldMissingThenRequiredAndRowUnchanged(String field) {
        long id = create(ADA);
        Map<String, Object> before = fetch(id);
        Map<String, String> partial = new HashMap<>(
                Map.of("first_name", "Grace", "last_name", "Hopper", "email", "grace@example.com"));
        partial.remove(field);
        assertInvalid(send(HttpMethod.PUT, "/clients/" + id, json(partial)), id, Map.of(field, List.of(REQUIRED)));
        assertThat(fetch(id)).isEqualTo(before);
    }

    @Test
    void putWhenEmptyObjectThenEveryFieldRequired() {
        long id = create(ADA);
        assertInvalid(send(HttpMethod.PUT, "/clients/" + id, "{}"), id, Map.of("first_name", List.of(REQUIRED),
                "last_name", List.of(REQUIRED), "email", List.of(REQUIRED)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "first_name", "last_name", "email" })
    void patchWhenOneFieldGivenThenOnlyThatFieldChanged(String field) {
        long id = create(ADA);
        Map<String, Object> before = fetch(id);
        String value = field.equals("email") ? "new@example.com" : "New";
        Map<String, Object> body = ok(send(HttpMethod.PATCH, "/clients/" + id, json(Map.of(field, " " + value + " "))));
        for (String name : ADA.keySet()) {
            assertThat(body.get(name)).as(name).isEqualTo(name.equals(field) ? value : before.get(name));
        }
        assertThat(fetch(id)).containsEntry(field, value);
    }

    @Test
    void patchWhenTwoFieldsGivenThenThirdUnchanged() {
        long id = create(ADA);
        ok(send(HttpMethod.PATCH, "/clients/" + id, json(Map.of("first_name", "Augusta", "email", "aug@example.com"))));
        assertThat(fetch(id)).containsEntry("first_name", "Augusta").containsEntry("last_name", "Lovelace")
                .containsEntry("email", "aug@example.com");
    }

    @Test
    void patchWhenEmptyObjectThenFieldsUnchanged() {
        long id = create(ADA);
        Map<String, Object> body = ok(send(HttpMethod.PATCH, "/clients/" + id, "{}"));
        assertThat(body).containsEntry("first_name", "Ada").containsEntry("last_name", "Lovelace")
                .containsEntry("email", "ada@example.com");
    }

    // the same validation as create

    static Stream<Arguments> invalidValues() {
        return Stream.of("PUT", "PATCH").flatMap(method -> Stream.of(
                Arguments.of(method, "first_name", "\"   \"", BLANK),
                Arguments.of(method, "last_name", "\"\"", BLANK),
                Arguments.of(method, "email", "\"  \"", BLANK),
                Arguments.of(method, "first_name", quoted("a".repeat(31)), NAME_TOO_LONG),
                Arguments.of(method, "last_name", quoted("b".repeat(31)), NAME_TOO_LONG),
                Arguments.of(method, "email", quoted("a".repeat(243) + "@example.com"), EMAIL_TOO_LONG),
                Arguments.of(method, "first_name", "42", NOT_A_STRING),
                Arguments.of(method, "last_name", "true", NOT_A_STRING),
                Arguments.of(method, "email", "[\"ada@example.com\"]", NOT_A_STRING),
                Arguments.of(method, "first_name", "null", NULL),
                Arguments.of(method, "email", "\"not-an-email\"", BAD_EMAIL),
                Arguments.of(method, "email", "\"user@example\"", BAD_EMAIL)));
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @MethodSource("invalidValues")
    void updateWhenFieldInvalidThenSameMessageAsCreateAndRowUnchanged(String method, String field, String value,
            String message) {
        long id = create(ADA);
        Map<String, Object> before = fetch(id);
        String body = method.equals("PUT") ? withAllFields(field, value) : "{" + quoted(field) + ": " + value + "}";
        assertInvalid(send(HttpMethod.valueOf(method), "/clients/" + id, body), id, Map.of(field, List.of(message)));
        assertThat(fetch(id)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = { "PUT", "PATCH" })
    void updateWhenEmailOfAnotherClientInAnotherCaseThenConflictAndRowUnchanged(String method) {
        create(Map.of("first_name", "Other", "last_name", "One", "email", "taken@example.com"));
        long id = create(ADA);
        Map<String, Object> before = fetch(id);
        Map<String, String> body = method.equals("PUT")
                ? Map.of("first_name", "Ada", "last_name", "Lovelace", "email", "TAKEN@Example.COM")
                : Map.of("email", "TAKEN@Example.COM");
        send(HttpMethod.valueOf(method), "/clients/" + id, json(body))
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(409)
                .jsonPath("$.detail").isEqualTo("Client with this email already exists.")
                .jsonPath("$.code").isEqualTo("unique");
        assertThat(fetch(id)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = { "PUT", "PATCH" })
    void updateWhenClientKeepsItsOwnEmailInAnotherCaseThenOk(String method) {
        long id = create(ADA);
        Map<String, String> body = method.equals("PUT")
                ? Map.of("first_name", "Ada", "last_name", "King", "email", "ADA@example.com")
                : Map.of("last_name", "King", "email", "ADA@example.com");
        assertThat(ok(send(HttpMethod.valueOf(method), "/clients/" + id, json(body))))
                .containsEntry("last_name", "King").containsEntry("email", "ADA@example.com");
    }

    // timestamps

    @ParameterizedTest
    @ValueSource(strings = { "PUT", "PATCH" })
    void updateWhenClockAdvancedThenUpdatedMovesToItAndCreatedDoesNot(String method) {
        long id = create(ADA);
        Map<String, Object> before = fetch(id);
        assertThat(before.get("updated")).isEqualTo(before.get("created"));
        clock.advance(Duration.ofHours(3).plusMillis(250));
        Instant expected = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> body = ok(send(HttpMethod.valueOf(method), "/clients/" + id,
                json(method.equals("PUT") ? Map.of("first_name", "Ada", "last_name", "King", "email", "ada@example.com")
                        : Map.of("last_name", "King"))));
        assertThat(Instant.parse((String) body.get("updated"))).isEqualTo(expected);
        assertThat(body.get("created")).isEqualTo(before.get("created"));
        Map<String, Object> after = fetch(id);
        assertThat(Instant.parse((String) after.get("updated"))).isEqualTo(expected);
        assertThat((String) after.get("updated")).endsWith("Z");
        assertThat(after.get("created")).isEqualTo(before.get("created"));
    }

    /** A write that changes nothing keeps the version, so another editor's If-Match still holds. */
    @ParameterizedTest
    @ValueSource(strings = { "PUT", "PATCH" })
    void updateWhenNothingChangesThenVersionAndUpdatedKeptAndOtherEditorsIfMatchHolds(String method) {
        long id = create(ADA);
        Map<String, Object> before = fetch(id);
        clock.advance(Duration.ofHours(1));
        Map<String, Object> body = ok(sendIfMatch(HttpMethod.valueOf(method), id, "\"1\"",
                json(method.equals("PUT") ? ADA : Map.of("first_name", " Ada ", "email", "ada@example.com")))
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\""));
        assertThat(body).isEqualTo(before);
        etagOfGet(id, "\"1\"");
        assertThat(fetch(id)).isEqualTo(before);

        sendIfMatch(HttpMethod.PATCH, id, "\"1\"", json(Map.of("last_name", "King")))
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
    }

    @Test
    void patchWhenEmptyObjectThenVersionKept() {
        long id = create(ADA);
        send(HttpMethod.PATCH, "/clients/" + id, "{}").expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
        etagOfGet(id, "\"1\"");
    }

    @Test
    void updateWhenNothingChangesButIfMatchStaleThenPreconditionFailed() {
        long id = create(ADA);
        ok(send(HttpMethod.PATCH, "/clients/" + id, json(Map.of("first_name", "Second"))));
        assertPreconditionFailed(sendIfMatch(HttpMethod.PATCH, id, "\"1\"", json(Map.of("first_name", "Second"))),
                id);
        etagOfGet(id, "\"2\"");
    }

    /** The email differs only in case: that is a change, kept as entered, and a new version. */
    @Test
    void patchWhenOnlyCaseOfEmailDiffersThenChangedAndVersionMoves() {
        long id = create(ADA);
        send(HttpMethod.PATCH, "/clients/" + id, json(Map.of("email", "Ada@example.com"))).expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
        assertThat(fetch(id)).containsEntry("email", "Ada@example.com");
    }

    // ids

    @ParameterizedTest
    @ValueSource(strings = { "PUT", "PATCH" })
    void updateWhenNoSuchClientThenNotFound(String method) {
        long id = create(ADA);
        assertNotFound(send(HttpMethod.valueOf(method), "/clients/" + (id + 1), json(ADA)));
    }

    static Stream<Arguments> badIds() {
        return Stream.of("PUT", "PATCH").flatMap(method -> Stream.of("0", "-1", "abc", "1.5",
                "99999999999999999999999", "9223372036854775808").map(id -> Arguments.of(method, id)));
    }

    @ParameterizedTest(name = "{0} /clients/{1}")
    @MethodSource("badIds")
    void updateWhenIdNotAPositiveLongThenNotFound(String method, String id) {
        create(ADA);
        assertNotFound(send(HttpMethod.valueOf(method), "/clients/" + id, json(ADA)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "PUT", "PATCH" })
    void updateWhenTrailingSlashThenServed(String method) {
        long id = create(ADA);
        Map<String, Object> body = ok(send(HttpMethod.valueOf(method), "/clients/" + id + "/",
                json(Map.of("first_name", "Slash", "last_name", "Lovelace", "email", "ada@example.com"))));
        assertThat(body).containsEntry("first_name", "Slash");
        assertThat(fetch(id)).containsEntry("first_name", "Slash");
    }

    // ETag and If-None-Match

    @Test
    void getWhenNeverUpdatedThenETagIsOne() {
        long id = create(ADA);
        as.get().uri("/clients/" + id).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
    }

    @Test
    void updateWhenRepeatedThenETagMovesAndResponseCarriesIt() {
        long id = create(ADA);
        send(HttpMethod.PATCH, "/clients/" + id, json(Map.of("first_name", "Two")))
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
        etagOfGet(id, "\"2\"");
        send(HttpMethod.PUT, "/clients/" + id, json(ADA))
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\"");
        etagOfGet(id, "\"3\"");
    }

    @Test
    void getWhenIfNoneMatchIsCurrentTagThenNotModifiedWithEmptyBody() {
        long id = create(ADA);
        as.get().uri("/clients/" + id).header(HttpHeaders.IF_NONE_MATCH, "\"1\"").exchange()
                .expectStatus().isNotModified()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody().isEmpty();
    }

    /** RFC 9110: {@code *} matches any current representation, a list matches if one of its tags does, weakly. */
    @ParameterizedTest
    @ValueSource(strings = { "*", "\"7\", \"1\"", "W/\"1\"", "\"0\",W/\"1\"" })
    void getWhenIfNoneMatchIsAnyTagOrListWithCurrentOrWeakCurrentThenNotModified(String ifNoneMatch) {
        long id = create(ADA);
        as.get().uri("/clients/" + id).header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch).exchange()
                .expectStatus().isNotModified()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody().isEmpty();
        as.head().uri("/clients/" + id).header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch).exchange()
                .expectStatus().isNotModified();
    }

    @Test
    void getWhenIfNoneMatchListsOnlyOtherTagsThenOk() {
        long id = create(ADA);
        as.get().uri("/clients/" + id).header(HttpHeaders.IF_NONE_MATCH, "\"7\", W/\"2\"").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
    }

    @Test
    void getWhenIfNoneMatchIsOldTagThenOkWithCurrentClient() {
        long id = create(ADA);
        ok(send(HttpMethod.PATCH, "/clients/" + id, json(Map.of("first_name", "Newer"))));
        as.get().uri("/clients/" + id + "/").header(HttpHeaders.IF_NONE_MATCH, "\"1\"").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody().jsonPath("$.first_name").isEqualTo("Newer");
    }

    // If-Match

    @ParameterizedTest
    @ValueSource(strings = { "PUT", "PATCH" })
    void updateWhenIfMatchIsCurrentTagThenOk(String method) {
        long id = create(ADA);
        sendIfMatch(HttpMethod.valueOf(method), id, "\"1\"",
                json(Map.of("first_name", "Ada", "last_name", "King", "email", "ada@example.com")))
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
    }

    @ParameterizedTest
    @ValueSource(strings = { "PUT", "PATCH" })
    void updateWhenIfMatchIsStaleTagThenPreconditionFailedAndRowUnchanged(String method) {
        long id = create(ADA);
        ok(send(HttpMethod.PATCH, "/clients/" + id, json(Map.of("first_name", "Second"))));
        Map<String, Object> before = fetch(id);
        assertPreconditionFailed(sendIfMatch(HttpMethod.valueOf(method), id, "\"1\"",
                json(Map.of("first_name", "Lost", "last_name", "Update", "email", "lost@example.com"))), id);
        assertThat(fetch(id)).isEqualTo(before);
        etagOfGet(id, "\"2\"");
    }

    @Test
    void updateWhenIfMatchIsStarThenOk() {
        long id = create(ADA);
        ok(send(HttpMethod.PATCH, "/clients/" + id, json(Map.of("first_name", "Second"))));
        sendIfMatch(HttpMethod.PATCH, id, "*", json(Map.of("first_name", "Third")))
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\"");
    }

    /** RFC 9110: If-Match uses the strong comparison, so a weak tag never matches. */
    @Test
    void updateWhenIfMatchIsWeakTagThenPreconditionFailed() {
        long id = create(ADA);
        Map<String, Object> before = fetch(id);
        assertPreconditionFailed(sendIfMatch(HttpMethod.PATCH, id, "W/\"1\"", json(Map.of("first_name", "Weak"))),
                id);
        assertThat(fetch(id)).isEqualTo(before);
    }

    @Test
    void updateWhenIfMatchListContainsCurrentTagThenOk() {
        long id = create(ADA);
        sendIfMatch(HttpMethod.PATCH, id, "\"9\", \"1\"", json(Map.of("first_name", "Listed")))
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
        assertThat(fetch(id)).containsEntry("first_name", "Listed");
    }

    @Test
    void updateWhenIfMatchListHasNoCurrentTagThenPreconditionFailed() {
        long id = create(ADA);
        assertPreconditionFailed(sendIfMatch(HttpMethod.PATCH, id, "\"9\", \"2\"", json(Map.of("first_name", "X"))),
                id);
        assertThat(fetch(id)).containsEntry("first_name", "Ada");
    }

    @ParameterizedTest
    @ValueSource(strings = { "PUT", "PATCH" })
    void updateWhenIfMatchOnMissingClientThenNotFound(String method) {
        long id = create(ADA);
        assertNotFound(sendIfMatch(HttpMethod.valueOf(method), id + 1, "\"1\"", json(ADA)));
    }

    /** Two front ends read version 1; the second to write is refused instead of overwriting the first. */
    @Test
    void patchWhenTwoFrontEndsEditFromOneVersionThenSecondGetsPreconditionFailed() {
        long id = create(ADA);
        WebTestClient other = web.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + users.tokenOfNewUser("otto", false)).build();
        String seenByFirst = as.get().uri("/clients/" + id).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getETag();
        String seenBySecond = other.get().uri("/clients/" + id).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getETag();
        assertThat(seenByFirst).isEqualTo("\"1\"").isEqualTo(seenBySecond);

        as.patch().uri("/clients/" + id).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.IF_MATCH, seenByFirst).bodyValue(json(Map.of("last_name", "First")))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
        assertPreconditionFailed(other.patch().uri("/clients/" + id).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.IF_MATCH, seenBySecond).bodyValue(json(Map.of("last_name", "Second")))
                .exchange(), id);

        assertThat(fetch(id)).containsEntry("last_name", "First");
        etagOfGet(id, "\"2\"");
    }

    // helpers

    private long create(Map<String, String> client) {
        String body = as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON).bodyValue(json(client))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        return ((Number) object(body).get("id")).longValue();
    }

    private Map<String, Object> fetch(long id) {
        return object(as.get().uri("/clients/" + id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private void etagOfGet(long id, String etag) {
        as.get().uri("/clients/" + id).exchange().expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, etag);
    }

    private WebTestClient.ResponseSpec send(HttpMethod method, String path, String body) {
        return as.method(method).uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    private WebTestClient.ResponseSpec sendIfMatch(HttpMethod method, long id, String ifMatch, String body) {
        return as.method(method).uri("/clients/" + id).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.IF_MATCH, ifMatch).bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    private static Map<String, Object> ok(WebTestClient.ResponseSpec response) {
        EntityExchangeResult<String> result = response.expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody(String.class).returnResult();
        Map<String, Object> body = object(result.getResponseBody());
        assertThat(body.keySet()).containsExactlyInAnyOrder("id", "first_name", "last_name", "email", "created",
                "updated");
        return body;
    }

    private static void assertInvalid(WebTestClient.ResponseSpec response, long id, Map<String, List<String>> errors) {
        Map<String, Object> problem = object(response.expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(problem).containsEntry("status", 400)
                .containsEntry("detail", "Invalid input.")
                .containsEntry("code", "invalid")
                .containsEntry("instance", "/clients/" + id)
                .containsEntry("errors", errors);
    }

    private static void assertNotFound(WebTestClient.ResponseSpec response) {
        response.expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.detail").isEqualTo("Not found.")
                .jsonPath("$.code").isEqualTo("not_found");
    }

    private static void assertPreconditionFailed(WebTestClient.ResponseSpec response, long id) {
        response.expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(412)
                .jsonPath("$.detail").isEqualTo(STALE)
                .jsonPath("$.code").isEqualTo("precondition_failed")
                .jsonPath("$.instance").isEqualTo("/clients/" + id);
    }

    /** A full, valid body with one field's JSON value replaced. */
    private static String withAllFields(String field, String jsonValue) {
        StringBuilder json = new StringBuilder("{");
        for (String name : List.of("first_name", "last_name", "email")) {
            json.append(json.length() > 1 ? ", " : "").append(quoted(name)).append(": ")
                    .append(name.equals(field) ? jsonValue : quoted(ADA.get(name)));
        }
        return json.append("}").toString();
    }

    private static String json(Map<String, String> fields) {
        return JSON.writeValueAsString(fields);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return JSON.readValue(json, Map.class);
    }

    private static String quoted(String text) {
        return JSON.writeValueAsString(text);
    }
}
