package org.clientsapi.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.clientsapi.support.ApiTest;
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

/**
 * The permissions of each route on the wire (design.md §2.2, issue 3): everything under
 * {@code /clients} needs a token, deleting a client needs a staff user as well, logging out needs
 * a token and logging in does not. An anonymous caller refused is 401, an authenticated one 403.
 */
@ApiTest
class PermissionApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NOT_AUTHENTICATED = "Authentication credentials were not provided.";
    private static final String PASSWORD = "correct horse battery staple";

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    String memberToken;
    String staffToken;
    long clientId;

    @BeforeEach
    void oneMemberOneStaffOneClient() {
        TestDatabase.truncateAll();
        memberToken = users.token(users.user("mia", PASSWORD, false));
        staffToken = users.token(users.user("stan", PASSWORD, true));
        clientId = JSON.readTree(web.post().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + memberToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Ada", "last_name", "Lovelace", "email", "ada@example.com"))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody())
                .get("id").asLong();
    }

    // ---- DELETE /clients/{id}: IsAuthenticated and IsAdminUser ----

    @ParameterizedTest
    @ValueSource(strings = { "", "/" })
    void deleteWhenAnonymousThenNotAuthenticated(String slash) {
        String path = "/clients/" + clientId + slash;
        problem(web.delete().uri(path).exchange().expectBody().returnResult(), 401, NOT_AUTHENTICATED,
                "not_authenticated", path);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "/" })
    void deleteWhenNotStaffThenPermissionDenied(String slash) {
        String path = "/clients/" + clientId + slash;
        EntityExchangeResult<byte[]> response = web.delete().uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Token " + memberToken).exchange().expectBody().returnResult();
        problem(response, 403, "You do not have permission to perform this action.", "permission_denied", path);
        assertThat(response.getResponseHeaders().containsHeader(HttpHeaders.WWW_AUTHENTICATE)).isFalse();
    }

    /** The delete route itself comes with the clients-resource issue: until then the handler answers 405. */
    @ParameterizedTest
    @ValueSource(strings = { "", "/" })
    void deleteWhenStaffThenPermissionGranted(String slash) {
        int status = web.delete().uri("/clients/" + clientId + slash)
                .header(HttpHeaders.AUTHORIZATION, "Token " + staffToken).exchange().expectBody().returnResult()
                .getStatus().value();
        assertThat(status).isNotIn(401, 403);
    }

    @Test
    void readWhenNotStaffThenAllowed() {
        web.get().uri("/clients/" + clientId).header(HttpHeaders.AUTHORIZATION, "Token " + memberToken).exchange()
                .expectStatus().isOk();
    }

    // ---- everything under /clients needs a token ----

    static Stream<Arguments> clientRoutes() {
        return Stream.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
                .flatMap(method -> Stream.of("/clients", "/clients/", "/clients/1", "/clients/1/")
                        .map(path -> Arguments.of(method, path)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clientRoutes")
    void clientRouteWhenAnonymousThenNotAuthenticated(String method, String path) {
        WebTestClient.RequestBodySpec request = web.method(HttpMethod.valueOf(method)).uri(path);
        WebTestClient.RequestHeadersSpec<?> sent = switch (method) {
            case "POST", "PUT", "PATCH" -> request.contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("first_name", "Ada", "last_name", "Lovelace", "email", "ada@example.org"));
            default -> request;
        };
        EntityExchangeResult<byte[]> response = sent.exchange().expectBody().returnResult();
        if (method.equals("HEAD")) {
            assertThat(response.getStatus().value()).isEqualTo(401);
            assertThat(response.getResponseHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).containsExactly("Token");
        } else {
            problem(response, 401, NOT_AUTHENTICATED, "not_authenticated", path);
        }
    }

    // ---- /auth ----

    @ParameterizedTest
    @ValueSource(strings = { "/auth/logout", "/auth/logout/", "/auth/logoutall", "/auth/logoutall/" })
    void logoutWhenAnonymousThenNotAuthenticated(String path) {
        problem(web.post().uri(path).exchange().expectBody().returnResult(), 401, NOT_AUTHENTICATED,
                "not_authenticated", path);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/auth/logout", "/auth/logoutall" })
    void logoutWhenAuthenticatedThenNoContent(String path) {
        web.post().uri(path).header(HttpHeaders.AUTHORIZATION, "Token " + memberToken).exchange()
                .expectStatus().isNoContent();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/auth/token", "/auth/token/" })
    void tokenWhenAnonymousThenAllowed(String path) {
        web.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "mia", "password", PASSWORD))
                .exchange().expectStatus().isOk();
        problem(web.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "mia", "password", "wrong"))
                .exchange().expectBody().returnResult(), 400, "Unable to log in with provided credentials.",
                "authorization", path, Map.of("non_field_errors", List.of("Unable to log in with provided credentials.")));
    }

    private static void problem(EntityExchangeResult<byte[]> response, int status, String detail, String code,
            String instance) {
        problem(response, status, detail, code, instance, null);
    }

    private static void problem(EntityExchangeResult<byte[]> response, int status, String detail, String code,
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
