package org.clientsapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.Properties;
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
import tools.jackson.databind.JsonNode;

/**
 * Whatever valid text a caller stores in a name, SQL-looking, script-looking, right-to-left, emoji,
 * combining marks or control characters, comes back byte for byte: in the 201, from a GET, from a
 * search for it, and in the database itself. Text PostgreSQL cannot hold (NUL, a lone UTF-16
 * surrogate) is a 400, never a 500 or a silent change.
 */
@ApiTest
class ClientTextPropertyTest {

    /** Pieces a name is built of: every script and trick that has broken a service somewhere. */
    private static final String[] PIECES = { "'); drop table clients;--", "<script>alert(1)</script>", "' or 1=1 --",
            "\" onmouseover=\"x", "%_\\", "${x}", "{{x}}", "&amp;", "\u202e", "\u200f", "\u200e", "\u061c",
            "שלום", "مرحبا", "😀", "👍🏽", "👩‍👩‍👧", "🏳️‍🌈", "𝕳", "e\u0301", "\u0301", "ß", "İ", "ﬁ", "Ω", "中文",
            "日本語", "한국어", "Zoë", "\u00a0", "\u2028", "\u0007", "\u001b[31m", "\ufeff", "\ufffd", "\uffff", "a",
            "Z", "0", " ", "\t", "\\u0000", "null" };

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    WebTestClient as;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        as = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + users.tokenOfNewUser("tess", false))
                .build();
    }

    @Test
    void namesWhenAnyValidTextThenStoredAndReturnedByteForByte() {
        Properties.check(150, ClientTextPropertyTest::name, name -> {
            String expected = name.strip();
            String email = "t" + System.nanoTime() + "@example.com";
            JsonNode created = as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("first_name", name, "last_name", name, "email", email))
                    .exchange().expectStatus().isCreated()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            long id = created.get("id").asLong();
            assertThat(created.get("first_name").asString()).isEqualTo(expected);
            assertThat(created.get("last_name").asString()).isEqualTo(expected);
            JsonNode fetched = as.get().uri("/clients/" + id).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(fetched.get("first_name").asString()).isEqualTo(expected);
            assertThat(fetched.get("last_name").asString()).isEqualTo(expected);
            assertThat(stored(id)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
            List<Long> found = as.get().uri(b -> b.path("/clients").queryParam("search", "{s}")
                            .queryParam("limit", 1000).build(expected))
                    .exchange().expectStatus().isOk()
                    .expectBodyList(JsonNode.class).returnResult().getResponseBody().stream()
                    .map(client -> client.get("id").asLong()).toList();
            assertThat(found).contains(id);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "a\u0000b", "\u0000" })
    void createWhenNameHasNulThenNullCharactersNotAllowedAndNothingWritten(String name) {
        as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", name, "last_name", "Ok", "email", "nul@example.com"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors.first_name[0]").isEqualTo("Null characters are not allowed.");
        assertThat(rows("clients") + rows("mail_outbox")).isZero();
    }

    /** JSON may escape a lone surrogate (U+D800 alone); stored, it would turn into '?' without a word. */
    @ParameterizedTest
    @ValueSource(strings = { "\"a\\ud800b\"", "\"\\udc00\"", "\"x\\ud83d\"" })
    void createWhenNameHasLoneSurrogateThenNotAValidStringAndNothingWritten(String name) {
        as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"first_name\":" + name + ",\"last_name\":\"Ok\",\"email\":\"s@example.com\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.first_name[0]").isEqualTo("Not a valid string.");
        assertThat(rows("clients") + rows("mail_outbox")).isZero();
    }

    @Test
    void searchWhenNulThenBadRequestNamingSearch() {
        as.get().uri(b -> b.path("/clients").queryParam("search", "{s}").build("a\u0000b")).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors.search[0]").isEqualTo("Null characters are not allowed.");
    }

    @Test
    void loginWhenUsernameHasNulThenBadRequestNotServerError() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", "tess\u0000");
        body.put("password", "pw-tess");
        web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.username[0]").isEqualTo("Null characters are not allowed.");
    }

    @Test
    void createWhenFormHasBrokenPercentEscapeThenParseErrorNotServerError() {
        as.post().uri("/clients").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("first_name=A&last_name=B&email=%").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("parse_error")
                .jsonPath("$.detail").isEqualTo("Form parse error - Incomplete trailing escape (%) pattern");
        web.post().uri("/auth/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("username=%zz&password=x").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("parse_error");
        assertThat(rows("clients")).isZero();
    }

    /** 1 to 30 code points of mixed pieces, not blank once stripped; never NUL or a lone surrogate. */
    private static String name(SplittableRandom random) {
        while (true) {
            StringBuilder name = new StringBuilder();
            int pieces = 1 + random.nextInt(6);
            for (int i = 0; i < pieces; i++) {
                name.append(random.nextInt(4) == 0 ? randomCodePoints(random) : Properties.oneOf(random, PIECES));
            }
            String text = name.toString();
            int length = text.codePointCount(0, text.length());
            if (length > 30) {
                text = text.substring(0, text.offsetByCodePoints(0, 30));
            }
            if (!text.strip().isEmpty()) {
                return text;
            }
        }
    }

    private static String randomCodePoints(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            int codePoint;
            do {
                codePoint = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(1, 0x80);
                    case 1 -> random.nextInt(0x80, 0x800);
                    case 2 -> random.nextInt(0x800, 0x10000);
                    default -> random.nextInt(0x10000, 0x110000);
                };
            } while (codePoint >= 0xd800 && codePoint <= 0xdfff);
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static byte[] stored(long id) {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement select = connection.prepareStatement(
                        "select convert_to(first_name, 'UTF8') from clients where id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long rows(String table) {
        try (Connection connection = TestDatabase.connect();
                ResultSet row = connection.createStatement().executeQuery("select count(*) from " + table)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
