package org.clientsapi.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code importdrf} against the real database, with dumps shaped as Django writes them and hashes
 * made as Django makes them; the running service then shows what callers holding DRF tokens and
 * Django passwords get.
 */
@ApiTest
class DrfImportTest {

    static final Instant T0 = Instant.parse("2021-03-04T05:06:07.123Z");
    static final String KEY_A = DjangoDump.drfKey(1);
    static final String KEY_B = DjangoDump.drfKey(2);
    static final String KEY_C = DjangoDump.drfKey(3);
    static final String KEY_D = DjangoDump.drfKey(4);

    @Autowired
    WebTestClient web;

    @Autowired
    DrfImport drfImport;

    @Autowired
    TestUsers users;

    @Autowired
    MutableClock clock;

    @Autowired
    JsonMapper json;

    @Autowired
    ImportStore store;

    @Autowired
    StagedClients staged;

    @Autowired
    TransactionalOperator tx;

    @TempDir
    Path directory;

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.truncateAll();
        clock.reset();
    }

    static DjangoDump standard() {
        return new DjangoDump()
                .user(7, "alice", DjangoDump.pbkdf2("alice-pw", "seasalt0123", 1000), true, T0)
                .user(9, "bob", DjangoDump.bcryptSha256("bob-pw"), false, T0.plusSeconds(60))
                .user(11, "carol", "!unusableXYZ", false, T0.plusSeconds(120))
                .user(12L, "erin", DjangoDump.pbkdf2("erin-pw", "seasalt0123", 1000), false, false, T0.plusSeconds(180))
                .token(KEY_A, 7L, T0.plusSeconds(3600))
                .token(KEY_B, 9L, T0.plusSeconds(7200))
                .client(3, "Ada", "Lovelace", "ada@example.org", T0.plusSeconds(10), T0.plusSeconds(20))
                .client(8, "Alan", "Turing", "Alan@Example.org", T0.plusSeconds(30), T0.plusSeconds(40))
                .client(41, "Grace", "Hopper", "grace@example.org", T0.plusSeconds(50), T0.plusMillis(60_456));
    }

    @Test
    void importWhenCleanDumpThenDrfTokensWorkUnchangedAndIdsTimesAndFlagsSurvive() throws Exception {
        Result result = importdrf(standard());

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("""
                Imported: 4 users, 2 tokens, 3 clients.
                Already present: 0 users, 0 tokens, 0 clients.
                """);
        List<Map<String, Object>> listed = clientsWith(KEY_B).expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
                }).returnResult().getResponseBody();
        assertThat(listed).extracting(c -> c.get("id")).containsExactly(3, 8, 41);
        assertThat(listed.get(1)).containsEntry("email", "Alan@Example.org").containsEntry("first_name", "Alan");
        assertThat(Instant.parse((String) listed.get(1).get("created"))).isEqualTo(T0.plusSeconds(30));
        assertThat(Instant.parse((String) listed.get(2).get("updated"))).isEqualTo(T0.plusMillis(60_456));
        assertThat(rows("select u.username, t.prefix, t.created, t.expires from tokens t join users u on u.id = t.user_id"
                + " order by t.created")).containsExactly(
                        List.of("alice", KEY_A.substring(0, 8), T0.plusSeconds(3600).toString(), "null"),
                        List.of("bob", KEY_B.substring(0, 8), T0.plusSeconds(7200).toString(), "null"));
        assertThat(rows("select username, is_active, is_staff, created from users order by username")).containsExactly(
                List.of("alice", "true", "true", T0.toString()),
                List.of("bob", "true", "false", T0.plusSeconds(60).toString()),
                List.of("carol", "true", "false", T0.plusSeconds(120).toString()),
                List.of("erin", "false", "false", T0.plusSeconds(180).toString()));
        Map<String, Object> created = web.post().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + KEY_A)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Next", "last_name", "One", "email", "next@example.org"))
                .exchange().expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        assertThat(created.get("id")).isEqualTo(42);
        assertThat(rows("select count(*) from mail_outbox")).as("one welcome email: the new client's")
                .containsExactly(List.of("1"));
    }

    @Test
    void importWhenTokenLifetimeConfiguredThenImportedTokensLiveThatLongFromTheImport() throws Exception {
        clock.reset();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        var withTtl = new DrfImport(json, store, staged, tx, java.time.Duration.ofDays(30), clock);
        Path file = standard().writeTo(directory);

        assertThat(withTtl.run(List.of(file.toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isZero();

        assertThat(rows("select distinct expires from tokens"))
                .containsExactly(List.of(now.plus(java.time.Duration.ofDays(30)).toString()));
        clientsWith(KEY_A).expectStatus().isOk();
        clock.advance(java.time.Duration.ofDays(30));
        clientsWith(KEY_A).expectStatus().isUnauthorized();
    }

    @Test
    void importWhenIdsWereHandedOutPastTheDumpThenTheSequenceIsNotMovedBack() throws Exception {
        TestDatabase.execute("select setval(pg_get_serial_sequence('clients', 'id'), 100)");

        assertThat(importdrf(standard()).code()).isZero();

        web.post().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + KEY_A)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Next", "last_name", "One", "email", "next@example.org"))
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.id").isEqualTo(101);
    }

    @Test
    void loginWhenDjangoHashThenRightPasswordLogsInAndUpgradesWrongOneDoesNotUnusableNever() throws Exception {
        assertThat(importdrf(standard()).code()).isZero();
        String aliceDjango = hashOf("alice");
        String bobDjango = hashOf("bob");
        String ownBefore = hashOf(userMadeHere("dora"));

        login("alice", "bob-pw").expectStatus().isBadRequest();
        login("bob", "alice-pw").expectStatus().isBadRequest();
        assertThat(hashOf("alice")).isEqualTo(aliceDjango);
        assertThat(hashOf("bob")).isEqualTo(bobDjango);

        for (String name : List.of("alice", "bob")) {
            String token = tokenFrom(login(name, name + "-pw"));
            clientsWith(token).expectStatus().isOk();
            assertThat(hashOf(name)).startsWith("{bcrypt}$2");
            login(name, name + "-pw").expectStatus().isOk();
            login(name, "wrong").expectStatus().isBadRequest();
        }
        assertThat(hashOf("alice")).isNotEqualTo(aliceDjango);
        login("dora", "pw-dora").expectStatus().isOk();
        assertThat(hashOf("dora")).as("a hash in our encoding is not rewritten").isEqualTo(ownBefore);

        for (String attempt : List.of("!unusableXYZ", "unusableXYZ", " ", "carol")) {
            login("carol", attempt).expectStatus().isBadRequest();
        }
        assertThat(hashOf("carol")).isEqualTo("!unusableXYZ");
        login("erin", "erin-pw").expectStatus().isBadRequest();
    }

    @Test
    void importWhenConflictsThenExitOneEachReportedAndNothingChanged() throws Exception {
        DjangoDump dump = conflicting();
        List<List<String>> before = snapshot();

        Result result = importdrf(dump);

        assertThat(result.code()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).startsWith("""
                Would import: 1 users, 1 tokens, 1 clients.
                Already present: 0 users, 0 tokens, 0 clients.
                Conflicts: 4 users, 2 tokens, 5 clients, 1 other records.
                """);
        assertThat(result.out()).contains(
                "user #7 'alice': collides with user 'ALICE' here (usernames ignore case)",
                "user #9 'bob': its username 'bob' equals, without regard to case, that of user #10 'Bob' in the dump",
                "user #10 'Bob': its username 'Bob' equals, without regard to case, that of user #9 'bob' in the dump",
                "user #13 'admin': a user of that name was made here, not by an import of this dump",
                "token " + KEY_A.substring(0, 8) + "…: its user #7 'alice' is not imported",
                "token " + KEY_C.substring(0, 8) + "…: its user #99 is not in the dump",
                "client #3 <x@example.org>: its email 'x@example.org' equals, without regard to case, that of client #4 <X@Example.org> in the dump",
                "client #4 <X@Example.org>: its email",
                "client #8 <alan@example.org>: id #8 is another client's here (<here@example.org>, created at another time)",
                "client #20 <Taken@Example.org>: client #500 here has this email (emails ignore case)",
                "record 14 of the file (clients.client): malformed: \"email\" is missing or not a string",
                "record 15 of the file: malformed: no \"model\" name or no \"fields\" object");
        assertThat(result.out()).doesNotContain(KEY_A).doesNotContain(KEY_C).doesNotContain("pbkdf2_sha256$");
        assertThat(result.err()).startsWith("Nothing was imported");
        assertThat(snapshot()).isEqualTo(before);
        clientsWith(KEY_D).expectStatus().isUnauthorized();
    }

    @Test
    void importWhenConflictsAndSkipConflictsThenTheRestImportedAndSkipsListed() throws Exception {
        DjangoDump dump = conflicting();

        Result result = importdrf(dump, "--skip-conflicts");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("""
                Imported: 1 users, 1 tokens, 1 clients.
                Already present: 0 users, 0 tokens, 0 clients.
                Skipped: 4 users, 2 tokens, 5 clients, 1 other records.
                """).contains("token " + KEY_C.substring(0, 8) + "…: its user #99 is not in the dump");
        assertThat(result.err()).isEmpty();
        clientsWith(KEY_D).expectStatus().isOk().expectBody().jsonPath("$[*].id")
                .isEqualTo(List.of(8, 21, 500));
        login("dave", "dave-pw").expectStatus().isOk();
        assertThat(rows("select username from users order by username"))
                .containsExactly(List.of("ALICE"), List.of("admin"), List.of("dave"));
    }

    @Test
    void importWhenRunAgainThenNothingImportedTwiceEvenAfterLoginsEditsAndRevocations() throws Exception {
        Path file = standard().writeTo(directory);
        assertThat(importdrf(file).code()).isZero();
        tokenFrom(login("alice", "alice-pw"));
        TestDatabase.execute("update clients set email = 'ada.new@example.org', version = version + 1 where id = 3");
        web.post().uri("/auth/logout").header(HttpHeaders.AUTHORIZATION, "Token " + KEY_B).exchange()
                .expectStatus().is2xxSuccessful();
        List<List<String>> before = snapshot();

        Result again = importdrf(file);

        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo("""
                Imported: 0 users, 0 tokens, 0 clients.
                Already present: 4 users, 1 tokens, 3 clients.
                Not imported: token %s… of user #9 'bob', which an earlier import brought: revoked here since, \
                or made in Django after it (createtoken makes a new one).
                """.formatted(KEY_B.substring(0, 8)));
        assertThat(snapshot()).isEqualTo(before);
        clientsWith(KEY_B).expectStatus().isUnauthorized();
        clientsWith(KEY_A).expectStatus().isOk();
    }

    @Test
    void importWhenNaturalForeignAndNaturalPrimaryKeysThenTokensFindTheirUsers() throws Exception {
        DjangoDump dump = new DjangoDump()
                .user(null, "alice", DjangoDump.pbkdf2("alice-pw", "salt", 1000), true, true, T0)
                .user(null, "Bob", DjangoDump.bcryptSha256("bob-pw"), true, false, T0)
                .token(KEY_A, "alice", T0)
                .token(KEY_B, "Bob", T0)
                .token(KEY_C, "bob", T0);

        Result result = importdrf(dump, "--skip-conflicts");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Imported: 2 users, 2 tokens, 0 clients.")
                .contains("token " + KEY_C.substring(0, 8) + "…: its user 'bob' is not in the dump");
        clientsWith(KEY_A).expectStatus().isOk();
        clientsWith(KEY_B).expectStatus().isOk();
        login("bob", "bob-pw").expectStatus().isOk();
    }

    @Test
    void importWhenOtherModelsThenReportedAsNotImportedAndTheRestGoesIn() throws Exception {
        DjangoDump dump = standard()
                .record("auth.group", 1, Map.of("name", "editors", "permissions", List.of()))
                .record("auth.group", 2, Map.of("name", "viewers", "permissions", List.of()));

        Result result = importdrf(dump);

        assertThat(result.code()).isZero();
        assertThat(result.out()).endsWith("Not imported: 2 record(s) of auth.group.\n");
    }

    @Test
    void importWhenArgumentsOrFileWrongThenExitTwoAndNothingChanged() throws Exception {
        Path notArray = Files.writeString(directory.resolve("object.json"), "{\"model\": \"auth.user\"}");
        Path notJson = Files.writeString(directory.resolve("text.json"), "[{\"model\": ");

        assertThat(drf(List.of()).err()).isEqualTo(DrfImport.USAGE + "\n");
        assertThat(drf(List.of("a.json", "b.json")).code()).isEqualTo(2);
        assertThat(drf(List.of("--skip-conflicts")).code()).isEqualTo(2);
        Result missing = drf(List.of(directory.resolve("missing.json").toString()));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("Cannot read ");
        assertThat(drf(List.of(notArray.toString())).err()).contains("Not a dumpdata file");
        Result broken = drf(List.of(notJson.toString()));
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err()).contains("Not JSON");
        assertThat(rows("select count(*) from users")).containsExactly(List.of("0"));
    }

    /** Collisions of every kind, plus one clean record of each kind (dave, KEY_D, client 21). */
    private DjangoDump conflicting() throws SQLException {
        users.user("ALICE", "pw", false);
        users.user("admin", "pw", true);
        TestDatabase.execute("insert into clients (id, first_name, last_name, email, created, updated) values"
                + " (8, 'Here', 'Made', 'here@example.org', now(), now()), (500, 'Taken', 'Here', 'taken@example.org', now(), now())");
        return new DjangoDump()
                .user(7, "alice", DjangoDump.pbkdf2("alice-pw", "s", 1000), false, T0)
                .user(9, "bob", DjangoDump.pbkdf2("bob-pw", "s", 1000), false, T0)
                .user(10, "Bob", DjangoDump.pbkdf2("bob-pw", "s", 1000), false, T0)
                .user(12, "dave", DjangoDump.pbkdf2("dave-pw", "s", 1000), false, T0)
                .user(13, "admin", DjangoDump.pbkdf2("admin-pw", "s", 1000), true, T0)
                .token(KEY_A, 7L, T0)
                .token(KEY_C, 99L, T0)
                .token(KEY_D, 12L, T0)
                .client(3, "X", "One", "x@example.org", T0, T0)
                .client(4, "X", "Two", "X@Example.org", T0, T0)
                .client(8, "Alan", "Turing", "alan@example.org", T0, T0)
                .client(20, "Taken", "There", "Taken@Example.org", T0, T0)
                .client(21, "Fine", "Client", "fine@example.org", T0, T0)
                .record("clients.client", 22, Map.of("first_name", "No", "last_name", "Email", "created",
                        DjangoDump.django(T0), "updated", DjangoDump.django(T0)))
                .record(null, 23, Map.of());
    }

    private record Result(int code, String out, String err) {
    }

    private Result importdrf(DjangoDump dump, String... options) throws IOException {
        return importdrf(dump.writeTo(directory), options);
    }

    private Result importdrf(Path file, String... options) {
        var args = new ArrayList<String>(List.of(file.toString()));
        args.addAll(List.of(options));
        return drf(args);
    }

    private Result drf(List<String> args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = drfImport.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String userMadeHere(String name) {
        users.user(name, "pw-" + name, false);
        return name;
    }

    private WebTestClient.ResponseSpec login(String username, String password) {
        return web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password)).exchange();
    }

    private static String tokenFrom(WebTestClient.ResponseSpec login) {
        return (String) login.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("token");
    }

    private WebTestClient.ResponseSpec clientsWith(String token) {
        return web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token).exchange();
    }

    private static String hashOf(String username) throws SQLException {
        return rows("select password from users where username = '" + username + "'").get(0).get(0);
    }

    /** Every row of the three tables, as text, each prefixed with its table: what "nothing changed" compares. */
    private static List<List<String>> snapshot() throws SQLException {
        var all = new ArrayList<List<String>>();
        for (String table : List.of("users", "tokens", "clients")) {
            for (List<String> row : rows("select * from " + table + " order by id")) {
                var tagged = new ArrayList<String>(List.of(table));
                tagged.addAll(row);
                all.add(tagged);
            }
        }
        all.add(List.of("sequence", rows("select last_value::text || is_called::text from clients_id_seq").get(0).get(0)));
        return all;
    }

    private static List<List<String>> rows(String sql) throws SQLException {
        var rows = new ArrayList<List<String>>();
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                var row = new ArrayList<String>();
                for (int i = 1; i <= columns; i++) {
                    Object value = result.getObject(i);
                    row.add(value instanceof java.time.OffsetDateTime time ? time.toInstant().toString()
                            : value instanceof java.sql.Timestamp stamp ? stamp.toInstant().toString()
                            : value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes)
                            : String.valueOf(value));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
