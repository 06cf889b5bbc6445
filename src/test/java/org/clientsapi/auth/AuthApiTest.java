package org.clientsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/** {@code /auth/token}, {@code /auth/logout} and {@code /auth/logoutall} over HTTP. */
@ApiTest
class AuthApiTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String LOGIN_FAILED = "Unable to log in with provided credentials.";

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    @Autowired
    MutableClock clock;

    long daveId;

    @BeforeEach
    void emptyDatabaseWithOneUser() {
        TestDatabase.truncateAll();
        clock.reset();
        daveId = users.user("Dave", PASSWORD, false);
    }

    // ---- POST /auth/token ----

    @ParameterizedTest
    @ValueSource(strings = { "/auth/token", "/auth/token/" })
    void tokenWhenJsonCredentialsValidThenNewTokenWithoutExpiryThatWorks(String path) {
        Map<String, Object> body = web.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "Dave", "password", PASSWORD))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .returnResult().getResponseBody();

        assertThat(body).containsOnlyKeys("token", "expires").containsEntry("expires", null);
        assertThat(body.get("token")).isInstanceOf(String.class);
        String token = (String) body.get("token");
        assertThat(token).hasSizeGreaterThanOrEqualTo(27); // at least 160 bits in base64
        clientsWith(token).expectStatus().isOk();
    }

    @Test
    void tokenWhenFormCredentialsValidThenNewTokenWithoutExpiryThatWorks() {
        Map<String, Object> body = web.post().uri("/auth/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("username", "Dave").with("password", PASSWORD))
                .exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .returnResult().getResponseBody();

        assertThat(body).containsOnlyKeys("token", "expires").containsEntry("expires", null);
        clientsWith((String) body.get("token")).expectStatus().isOk();
    }

    @Test
    void tokenWhenLoggingInTwiceThenTwoDifferentTokensThatBothWork() throws SQLException {
        String first = login("Dave", PASSWORD);
        String second = login("Dave", PASSWORD);

        assertThat(first).isNotEqualTo(second);
        clientsWith(first).expectStatus().isOk();
        clientsWith(second).expectStatus().isOk();
        assertThat(tokenCount(daveId)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = { "dave", "DAVE", "dAvE", "  Dave  " })
    void tokenWhenUsernameDiffersInCaseThenLoggedInAsThatUser(String username) throws SQLException {
        String token = login(username, PASSWORD);

        clientsWith(token).expectStatus().isOk();
        assertThat(tokenCount(daveId)).isEqualTo(1);
    }

    @Test
    void tokenWhenPasswordWrongThenUnableToLogIn() throws SQLException {
        expectLoginFailed("Dave", PASSWORD + "!");
        expectLoginFailed("Dave", PASSWORD.toUpperCase());
        assertThat(tokenCount(daveId)).isZero();
    }

    @Test
    void tokenWhenUserUnknownThenUnableToLogIn() throws SQLException {
        expectLoginFailed("nobody", PASSWORD);
        assertThat(tokenCount(daveId)).isZero();
    }

    @Test
    void tokenWhenUserInactiveThenUnableToLogInEvenWithRightPassword() throws SQLException {
        users.deactivate(daveId);

        expectLoginFailed("Dave", PASSWORD);
        assertThat(tokenCount(daveId)).isZero();
    }

    @Test
    void tokenWhenJsonFieldsMissingThenBothRequired() {
        web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.code").isEqualTo("invalid")
                .jsonPath("$.detail").isEqualTo("Invalid input.")
                .jsonPath("$.errors.username.length()").isEqualTo(1)
                .jsonPath("$.errors.username[0]").isEqualTo("This field is required.")
                .jsonPath("$.errors.password.length()").isEqualTo(1)
                .jsonPath("$.errors.password[0]").isEqualTo("This field is required.");
    }

    @Test
    void tokenWhenFormFieldsMissingThenBothRequired() {
        web.post().uri("/auth/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(new LinkedMultiValueMap<>()))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("invalid")
                .jsonPath("$.errors.username[0]").isEqualTo("This field is required.")
                .jsonPath("$.errors.password[0]").isEqualTo("This field is required.");
    }

    @Test
    void tokenWhenOnlyPasswordMissingThenOnlyPasswordRequired() {
        web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("username", "Dave"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors.username").doesNotExist()
                .jsonPath("$.errors.password[0]").isEqualTo("This field is required.");
    }

    // ---- POST /auth/logout ----

    @Test
    void logoutWhenAuthenticatedThenThatTokenRevokedAndOtherTokenOfSameUserStillWorks() {
        String caller = users.token(daveId);
        String other = users.token(daveId);

        web.post().uri("/auth/logout").header(HttpHeaders.AUTHORIZATION, "Token " + caller)
                .exchange()
                .expectStatus().isNoContent()
                .expectBody().isEmpty();

        expectInvalidToken(clientsWith(caller));
        clientsWith(other).expectStatus().isOk();
    }

    @Test
    void logoutWhenSameTokenUsedAgainThenInvalidToken() {
        String caller = users.token(daveId);
        web.post().uri("/auth/logout").header(HttpHeaders.AUTHORIZATION, "Token " + caller)
                .exchange().expectStatus().isNoContent();

        expectInvalidToken(web.post().uri("/auth/logout").header(HttpHeaders.AUTHORIZATION, "Token " + caller)
                .exchange());
    }

    @ParameterizedTest
    @ValueSource(strings = { "/auth/logout", "/auth/logout/", "/auth/logoutall", "/auth/logoutall/" })
    void logoutWhenAnonymousThenCredentialsNotProvided(String path) {
        web.post().uri(path)
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Token")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.detail").isEqualTo("Authentication credentials were not provided.")
                .jsonPath("$.code").isEqualTo("not_authenticated");
    }

    // ---- POST /auth/logoutall ----

    @Test
    void logoutAllWhenAuthenticatedThenEveryTokenOfThatUserRevokedAndOtherUsersTokenStillWorks()
            throws SQLException {
        String caller = users.token(daveId);
        String second = users.token(daveId);
        String third = login("Dave", PASSWORD);
        String erin = users.tokenOfNewUser("erin", false);
        // In use just before, so the service holds them in its token cache.
        clientsWith(second).expectStatus().isOk();
        clientsWith(third).expectStatus().isOk();

        web.post().uri("/auth/logoutall").header(HttpHeaders.AUTHORIZATION, "Token " + caller)
                .exchange()
                .expectStatus().isNoContent()
                .expectBody().isEmpty();

        expectInvalidToken(clientsWith(caller));
        expectInvalidToken(clientsWith(second));
        expectInvalidToken(clientsWith(third));
        assertThat(tokenCount(daveId)).isZero();
        clientsWith(erin).expectStatus().isOk();
    }

    @Test
    void logoutAllWhenUserLogsInAgainThenNewTokenWorks() {
        String caller = users.token(daveId);
        web.post().uri("/auth/logoutall").header(HttpHeaders.AUTHORIZATION, "Token " + caller)
                .exchange().expectStatus().isNoContent();

        clientsWith(login("Dave", PASSWORD)).expectStatus().isOk();
    }

    // ---- storage ----

    @Test
    void tokenWhenIssuedThenStoredRowHoldsOnlyDigestAndPrefixNeverTheKey() throws SQLException {
        String key = login("Dave", PASSWORD);

        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("select digest, prefix from tokens")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("prefix")).isEqualTo(key.substring(0, 8));
                assertThat(row.getBytes("digest")).isEqualTo(sha256(key));
                assertThat(row.next()).as("exactly one token row").isFalse();
            }
            try (ResultSet row = statement.executeQuery("select * from tokens")) {
                ResultSetMetaData columns = row.getMetaData();
                assertThat(row.next()).isTrue();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    String column = columns.getColumnName(i);
                    assertThat(row.getString(i)).as("column %s as text", column).isNotEqualTo(key);
                    if (row.getObject(i) instanceof byte[] bytes) {
                        assertThat(bytes).as("column %s as bytes", column)
                                .isNotEqualTo(key.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    // ---- helpers ----

    private String login(String username, String password) {
        Map<String, Object> body = web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                })
                .returnResult().getResponseBody();
        return (String) body.get("token");
    }

    private void expectLoginFailed(String username, String password) {
        web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.detail").isEqualTo(LOGIN_FAILED)
                .jsonPath("$.code").isEqualTo("authorization")
                .jsonPath("$.token").doesNotExist();
    }

    private WebTestClient.ResponseSpec clientsWith(String token) {
        return web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token).exchange();
    }

    private static void expectInvalidToken(WebTestClient.ResponseSpec response) {
        response.expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Token")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("Invalid token.")
                .jsonPath("$.code").isEqualTo("authentication_failed");
    }

    private static long tokenCount(long userId) throws SQLException {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement count = connection.prepareStatement("select count(*) from tokens where user_id = ?")) {
            count.setLong(1, userId);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
