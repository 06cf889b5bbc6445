package org.clientsapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** The input rules of design.md §2.1 for {@code POST /clients}, with DRF's exact messages. */
@ApiTest
class ClientValidationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String REQUIRED = "This field is required.";
    private static final String NULL = "This field may not be null.";
    private static final String BLANK = "This field may not be blank.";
    private static final String NOT_A_STRING = "Not a valid string.";
    private static final String NAME_TOO_LONG = "Ensure this field has no more than 30 characters.";
    private static final String EMAIL_TOO_LONG = "Ensure this field has no more than 254 characters.";
    private static final String BAD_EMAIL = "Enter a valid email address.";

    private static final List<String> FIELDS = List.of("first_name", "last_name", "email");

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    WebTestClient as;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        as = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + users.tokenOfNewUser("vic", false))
                .build();
    }

    // required, null, blank, type

    @ParameterizedTest
    @ValueSource(strings = { "first_name", "last_name", "email" })
    void createWhenFieldMissingThenRequired(String field) {
        assertOnlyError(without(field), field, REQUIRED);
    }

    @Test
    void createWhenEmptyObjectThenEveryFieldRequired() {
        assertErrors("{}", Map.of("first_name", List.of(REQUIRED), "last_name", List.of(REQUIRED),
                "email", List.of(REQUIRED)));
    }

    @Test
    void createWhenEmptyBodyThenEveryFieldRequired() {
        assertErrors("", Map.of("first_name", List.of(REQUIRED), "last_name", List.of(REQUIRED),
                "email", List.of(REQUIRED)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "first_name", "last_name", "email" })
    void createWhenFieldNullThenMayNotBeNull(String field) {
        assertOnlyError(with(field, "null"), field, NULL);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"\"", "\" \"", "\"   \"", "\"\\t\\n \"", "\"\\u2003\"" })
    void createWhenNameBlankOrWhitespaceThenMayNotBeBlank(String value) {
        assertOnlyError(with("first_name", value), "first_name", BLANK);
        assertOnlyError(with("last_name", value), "last_name", BLANK);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"\"", "\"  \"" })
    void createWhenEmailBlankThenMayNotBeBlankOnly(String value) {
        assertOnlyError(with("email", value), "email", BLANK);
    }

    @ParameterizedTest
    @ValueSource(strings = { "42", "4.2", "true", "false", "{}", "{\"a\": \"b\"}", "[]", "[\"Ada\"]" })
    void createWhenFieldNotStringThenNotAValidString(String value) {
        for (String field : FIELDS) {
            assertOnlyError(with(field, value), field, NOT_A_STRING);
        }
    }

    // lengths, in characters

    @Test
    void createWhenNamesOf31CharactersThenTooLong() {
        assertOnlyError(with("first_name", quoted("a".repeat(31))), "first_name", NAME_TOO_LONG);
        assertOnlyError(with("last_name", quoted("b".repeat(31))), "last_name", NAME_TOO_LONG);
    }

    @Test
    void createWhenNamesOf30CharactersThenCreatedUnchanged() {
        created(json(quoted("a".repeat(30)), quoted("b".repeat(30)), quoted("thirty@example.com")))
                .jsonPath("$.first_name").isEqualTo("a".repeat(30))
                .jsonPath("$.last_name").isEqualTo("b".repeat(30));
    }

    /** 30 'é' are 60 bytes of UTF-8; the limit counts characters. */
    @Test
    void createWhenNamesOf30AccentedCharactersThenCreated() {
        created(json(quoted("é".repeat(30)), quoted("ß".repeat(30)), quoted("accents@example.com")))
                .jsonPath("$.first_name").isEqualTo("é".repeat(30))
                .jsonPath("$.last_name").isEqualTo("ß".repeat(30));
        assertOnlyError(with("first_name", quoted("é".repeat(31))), "first_name", NAME_TOO_LONG);
    }

    /** Characters outside the BMP are two Java chars each but one character, as for Python and PostgreSQL. */
    @Test
    void createWhenNamesOf30SupplementaryCharactersThenCreated() {
        String thirty = "\uD83D\uDE00".repeat(30);
        created(json(quoted(thirty), quoted("L"), quoted("emoji@example.com")))
                .jsonPath("$.first_name").isEqualTo(thirty);
        assertOnlyError(with("first_name", quoted("\uD83D\uDE00".repeat(31))), "first_name", NAME_TOO_LONG);
    }

    /** Names are trimmed before their length is checked, and stored trimmed. */
    @Test
    void createWhenPaddedNameOf30CharactersThenCreatedTrimmed() {
        created(json(quoted("  " + "c".repeat(30) + "  "), quoted("\t" + "d".repeat(30) + "\n"),
                quoted("padded@example.com")))
                .jsonPath("$.first_name").isEqualTo("c".repeat(30))
                .jsonPath("$.last_name").isEqualTo("d".repeat(30));
    }

    @Test
    void createWhenEmailOf255CharactersThenTooLong() {
        String email = "a".repeat(243) + "@example.com";
        assertThat(email).hasSize(255);
        assertOnlyError(with("email", quoted(email)), "email", EMAIL_TOO_LONG);
    }

    @Test
    void createWhenEmailOf254CharactersThenCreated() {
        String email = "a".repeat(242) + "@example.com";
        assertThat(email).hasSize(254);
        created(json(quoted("F"), quoted("L"), quoted(email))).jsonPath("$.email").isEqualTo(email);
    }

    // email syntax

    @ParameterizedTest
    @ValueSource(strings = { "plainaddress", "@example.com", "user@", "user@example", "user@example.c",
            "user..name@example.com", ".user@example.com", "user.@example.com", "us er@example.com",
            "user@-example.com", "user@exa mple.com", "user@@example.com" })
    void createWhenEmailInvalidThenEnterAValidEmail(String email) {
        assertOnlyError(with("email", quoted(email)), "email", BAD_EMAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = { "user+tag@example.com", "first.last@sub.example.co.uk", "user@exämple.de",
            "user@localhost", "user@[192.168.0.1]" })
    void createWhenEmailValidThenCreated(String email) {
        created(json(quoted("F"), quoted("L"), quoted(email))).jsonPath("$.email").isEqualTo(email);
    }

    // several errors at once, and bodies that are not objects

    @Test
    void createWhenEveryFieldWrongThenAllListedInOneResponse() {
        assertErrors(json("\"  \"", "7", quoted("not-an-email")), Map.of(
                "first_name", List.of(BLANK),
                "last_name", List.of(NOT_A_STRING),
                "email", List.of(BAD_EMAIL)));
        assertErrors(json(quoted("x".repeat(31)), "null", quoted("a".repeat(260) + "@b")), Map.of(
                "first_name", List.of(NAME_TOO_LONG),
                "last_name", List.of(NULL),
                "email", List.of(EMAIL_TOO_LONG, BAD_EMAIL)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "[]", "[{\"first_name\": \"Ada\"}]", "[1, 2]" })
    void createWhenBodyIsArrayThenExpectedDictionaryButGotList(String body) {
        assertErrors(body, Map.of("non_field_errors", List.of("Invalid data. Expected a dictionary, but got list.")));
    }

    @Test
    void createWhenBodyIsOtherJsonValueThenExpectedDictionaryWithItsPythonType() {
        assertErrors("\"Ada\"", Map.of("non_field_errors", List.of("Invalid data. Expected a dictionary, but got str.")));
        assertErrors("42", Map.of("non_field_errors", List.of("Invalid data. Expected a dictionary, but got int.")));
        assertErrors("true", Map.of("non_field_errors", List.of("Invalid data. Expected a dictionary, but got bool.")));
    }

    @Test
    void createWhenUnknownFieldsThenIgnoredAndCreated() {
        String body = "{\"first_name\": \"Ada\", \"last_name\": \"Lovelace\", \"email\": \"ada@example.com\","
                + " \"id\": 999, \"created\": \"2000-01-01T00:00:00Z\", \"is_staff\": true, \"nested\": {\"x\": [1]}}";
        String response = post(body).expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        Map<String, Object> client = object(response);
        assertThat(client.keySet()).containsExactlyInAnyOrder("id", "first_name", "last_name", "email", "created",
                "updated");
        assertThat(client).containsEntry("first_name", "Ada").containsEntry("email", "ada@example.com");
        assertThat(client.get("id")).isNotEqualTo(999);
        assertThat((String) client.get("created")).doesNotStartWith("2000-");
    }

    // helpers

    private void assertOnlyError(String body, String field, String message) {
        assertErrors(body, Map.of(field, List.of(message)));
    }

    /** 400 problem+json with DRF's {@code Invalid input.} and exactly these field errors; nothing stored. */
    private void assertErrors(String body, Map<String, List<String>> errors) {
        int before = clientCount();
        String response = post(body)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        Map<String, Object> problem = object(response);
        assertThat(problem).containsEntry("type", "about:blank")
                .containsEntry("title", "Bad Request")
                .containsEntry("status", 400)
                .containsEntry("detail", "Invalid input.")
                .containsEntry("code", "invalid")
                .containsEntry("instance", "/clients")
                .containsEntry("errors", errors);
        assertThat(problem.keySet()).containsExactlyInAnyOrder("type", "title", "status", "detail", "instance",
                "code", "errors");
        assertThat(clientCount()).isEqualTo(before);
    }

    private int clientCount() {
        return as.get().uri("/clients").exchange().expectStatus().isOk()
                .expectBodyList(Object.class).returnResult().getResponseBody().size();
    }

    private WebTestClient.BodyContentSpec created(String body) {
        return post(body).expectStatus().isCreated()
                .expectHeader().valueMatches(HttpHeaders.LOCATION, "/clients/\\d+")
                .expectBody().jsonPath("$.id").isNumber();
    }

    private WebTestClient.ResponseSpec post(String body) {
        return as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    /** A valid body with one field's JSON value replaced. */
    private static String with(String field, String jsonValue) {
        return json(field.equals("first_name") ? jsonValue : quoted("Ada"),
                field.equals("last_name") ? jsonValue : quoted("Lovelace"),
                field.equals("email") ? jsonValue : quoted("ada@example.com"));
    }

    /** A valid body without one field. */
    private static String without(String field) {
        StringBuilder json = new StringBuilder("{");
        Map<String, String> values = Map.of("first_name", "Ada", "last_name", "Lovelace", "email", "ada@example.com");
        for (String name : FIELDS) {
            if (!name.equals(field)) {
                json.append(json.length() > 1 ? ", " : "").append(quoted(name)).append(": ")
                        .append(quoted(values.get(name)));
            }
        }
        return json.append("}").toString();
    }

    private static String json(String firstName, String lastName, String email) {
        return "{\"first_name\": " + firstName + ", \"last_name\": " + lastName + ", \"email\": " + email + "}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return JSON.readValue(json, Map.class);
    }

    private static String quoted(String text) {
        return JSON.writeValueAsString(text);
    }
}
