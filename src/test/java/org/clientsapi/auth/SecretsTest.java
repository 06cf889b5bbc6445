package org.clientsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.clientsapi.support.ApiTest;
import org.clientsapi.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;

/**
 * Secrets of a full run of the service: the bootstrap admin, users and tokens made by the
 * command-line tasks, logins (JSON and form, right and wrong passwords), every kind of bad
 * {@code Authorization}, creates, reads, deletes, a 500, a 503, logouts. At rest, every text and
 * bytea column of every table is read back: no token and no password appears, tokens are SHA-256
 * digests and passwords {@code PasswordEncoder} hashes. In the logs (all loggers, the service's and
 * Spring Security's and Spring Web's at DEBUG): no secret at all, except the one line design.md §2.5
 * asks for, {@code Bootstrap admin token: <token>}, which holds only that token.
 */
@ApiTest
class SecretsTest {

    private static final List<String> DEBUG_LOGGERS = List.of("org.clientsapi", "org.springframework.security",
            "org.springframework.web", "org.springframework.http", "reactor.netty.http.server");

    @Autowired
    WebTestClient web;

    @Autowired
    TaskRunner tasks;

    @Autowired
    BootstrapAdmin bootstrap;

    @Autowired
    PasswordEncoder encoder;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Map<String, Level> levels = new LinkedHashMap<>();

    /** Every password and token of the run, and every Authorization value sent. */
    private final List<String> secrets = new ArrayList<>();
    private String adminToken;
    private String cliToken;

    @BeforeEach
    void captureLogs() {
        TestDatabase.truncateAll();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs.setContext(context);
        logs.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(logs);
        levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    @Test
    void tablesWhenFullRunThenNoClearTokenOrPasswordOnlyDigestsAndHashes() throws Exception {
        fullRun();
        List<String> stored = everyTextAndByteaValue();
        assertThat(stored).isNotEmpty();
        for (String secret : secrets) {
            assertThat(stored).as("stored values").noneMatch(value -> value.contains(secret));
        }
        for (String token : List.of(adminToken, cliToken)) {
            assertThat(rows("select count(*) from tokens where digest = decode('" + sha256Hex(token) + "', 'hex')"))
                    .as("the SHA-256 digest of a live token is stored").isEqualTo(1);
        }
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
                ResultSet users = statement.executeQuery("select username, password from users where username <> 'admin'")) {
            int count = 0;
            while (users.next()) {
                count++;
                String hash = users.getString(2);
                assertThat(hash).startsWith("{bcrypt}$2");
                assertThat(encoder.matches(password(users.getString(1)), hash)).isTrue();
            }
            assertThat(count).isEqualTo(2);
        }
    }

    @Test
    void logsWhenFullRunThenNoSecretButTheOneBootstrapLine() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : DEBUG_LOGGERS) {
            Logger logger = context.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        fullRun();
        List<ILoggingEvent> events = List.copyOf(logs.list);
        assertThat(events).as("DEBUG logging was captured").hasSizeGreaterThan(20);
        List<String> lines = events.stream().map(SecretsTest::render).toList();
        List<String> withAdminToken = lines.stream().filter(line -> line.contains(adminToken)).toList();
        assertThat(withAdminToken).containsExactly("Bootstrap admin token: " + adminToken);
        for (String secret : secrets) {
            if (!secret.equals(adminToken)) {
                assertThat(lines).as("log lines").noneMatch(line -> line.contains(secret));
            }
        }
    }

    private void fullRun() {
        bootstrap.createIfNoUsers().block(Duration.ofSeconds(10));
        adminToken = (String) logs.list.stream()
                .filter(event -> event.getMessage().startsWith("Bootstrap admin token"))
                .findFirst().orElseThrow().getArgumentArray()[0];
        secrets.add(adminToken);

        assertThat(task("createuser", "alice", password("alice"))).doesNotContain(password("alice"));
        assertThat(task("createuser", "bob", password("bob"), "--staff")).doesNotContain(password("bob"));
        secrets.add(password("alice"));
        secrets.add(password("bob"));
        cliToken = task("createtoken", "bob", "").strip();
        secrets.add(cliToken);

        String aliceToken = web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "alice", "password", password("alice"))).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("token").asString();
        String bobToken = web.post().uri("/auth/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("username", "bob").with("password", password("bob"))).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("token").asString();
        secrets.add(aliceToken);
        secrets.add(bobToken);
        String typo = password("alice") + "-typo";
        String unknownUsers = "pw-of-nobody-" + UUID.randomUUID();
        secrets.add(typo);
        secrets.add(unknownUsers);
        web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "alice", "password", typo)).exchange().expectStatus().isBadRequest();
        web.post().uri("/auth/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("username", "nobody").with("password", unknownUsers)).exchange()
                .expectStatus().isBadRequest();

        long id = as(aliceToken).post().uri("/clients").header("Idempotency-Key", "k1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Sec", "last_name", "Ret", "email", "sec@example.com")).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asLong();
        as(cliToken).get().uri("/clients?search=sec").exchange().expectStatus().isOk();
        as(aliceToken).get().uri("/clients/" + id).exchange().expectStatus().isOk();
        as(aliceToken).delete().uri("/clients/" + id).exchange().expectStatus().isForbidden();
        as(adminToken).delete().uri("/clients/" + id).exchange().expectStatus().isNoContent();

        String unknownKey = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 40);
        String spaced = "sekret-" + UUID.randomUUID();
        String bearer = "bearer-" + UUID.randomUUID();
        String basic = Base64.getEncoder().encodeToString(("alice:" + password("alice")).getBytes(StandardCharsets.UTF_8));
        secrets.addAll(List.of(unknownKey, spaced, bearer, basic));
        for (String authorization : List.of("Token " + unknownKey, "Token " + spaced + " more", "Bearer " + bearer,
                "Basic " + basic, "Token " + aliceToken.toUpperCase())) {
            web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, authorization).exchange()
                    .expectStatus().isUnauthorized();
        }
        as(aliceToken).get().uri("/test/fail").exchange().expectStatus().isEqualTo(500);
        as(aliceToken).get().uri("/test/db-down").exchange().expectStatus().isEqualTo(503);

        as(bobToken).post().uri("/auth/logout").exchange().expectStatus().isNoContent();
        as(bobToken).get().uri("/clients").exchange().expectStatus().isUnauthorized();
        as(aliceToken).post().uri("/auth/logoutall").exchange().expectStatus().isNoContent();
        as(adminToken).get().uri("/clients").exchange().expectStatus().isOk();
    }

    private WebTestClient as(String token) {
        return web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + token).build();
    }

    /** Runs a command-line task through the same runner the jar uses; returns its standard output. */
    private String task(String name, String user, String stdin, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(name, user));
        args.addAll(List.of(more));
        int code = tasks.run(args, new BufferedReader(new StringReader(stdin + "\n")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        assertThat(code).as("%s: %s", args, err).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String password(String user) {
        return "pw-" + user + "-Correct-Horse-" + user.hashCode();
    }

    /** Each value of every text-like and bytea column of the public schema; bytea read as Latin-1 and as hex. */
    private static List<String> everyTextAndByteaValue() throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet found = statement.executeQuery("select table_name, column_name, data_type "
                    + "from information_schema.columns where table_schema = 'public' and data_type in "
                    + "('text', 'character varying', 'character', 'bytea', 'json', 'jsonb')")) {
                while (found.next()) {
                    columns.add(new String[] { found.getString(1), found.getString(2), found.getString(3) });
                }
            }
            for (String[] column : columns) {
                try (ResultSet rows = statement.executeQuery(
                        "select \"" + column[1] + "\" from \"" + column[0] + "\" where \"" + column[1] + "\" is not null")) {
                    while (rows.next()) {
                        if (column[2].equals("bytea")) {
                            byte[] bytes = rows.getBytes(1);
                            values.add(new String(bytes, StandardCharsets.ISO_8859_1));
                            values.add(HexFormat.of().formatHex(bytes));
                        } else {
                            values.add(rows.getString(1));
                        }
                    }
                }
            }
        }
        return values;
    }

    private static long rows(String sql) throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String sha256Hex(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Everything a log line can carry: the message, its arguments, the stack trace, the MDC. */
    private static String render(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        if (!event.getMDCPropertyMap().isEmpty()) {
            line.append('\n').append(event.getMDCPropertyMap());
        }
        return line.toString();
    }
}
