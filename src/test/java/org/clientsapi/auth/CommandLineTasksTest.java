package org.clientsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.clientsapi.ClientsApiApplication;
import org.clientsapi.support.ApiTest;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The command-line tasks, each run as {@code java -jar ... TASK} would run it: a non-web Spring
 * context of its own against the test database, standard streams given by the test. The running
 * service (the {@link ApiTest} context) then shows that what a task did is what a client sees.
 */
@ApiTest
class CommandLineTasksTest {

    @Autowired
    WebTestClient web;

    @Autowired
    MutableClock clock;

    @BeforeAll
    static void database() {
        TestDatabase.start();
    }

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.truncateAll();
    }

    @Test
    void createuserWhenPasswordPipedThenThatPasswordLogsIn() {
        Result result = task("pw\n", false, "createuser", "dora");

        assertThat(result.code()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("Created user dora.\n");
        Object token = login("dora", "pw").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("token");
        assertThat(token).isInstanceOf(String.class).asString().isNotBlank();
        assertAuthenticates((String) token);
        login("dora", "pw\n").expectStatus().isBadRequest();
    }

    @Test
    void createuserWhenInteractiveThenGeneratedPasswordPrintedAndItLogsIn() {
        // Interactive: standard input is a terminal and is not read for a password.
        Result result = task("pw\n", true, "createuser", "eve");

        assertThat(result.code()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("Created user eve.");
        assertThat(lines.get(1)).matches("Password: \\S{20,}");
        String password = lines.get(1).substring("Password: ".length());
        login("eve", password).expectStatus().isOk().expectBody().jsonPath("$.token").isNotEmpty();
        login("eve", "pw").expectStatus().isBadRequest();
    }

    @Test
    void createuserWhenStaffFlagThenStaffUserElsePlainUser() throws SQLException {
        assertThat(task("pw\n", false, "createuser", "--staff", "frank").code()).isZero();
        Result after = task("pw\n", false, "createuser", "grace", "--staff");
        assertThat(task("pw\n", false, "createuser", "heidi").code()).isZero();

        assertThat(after.code()).isZero();
        assertThat(after.out()).isEqualTo("Created staff user grace.\n");
        assertThat(staffFlags()).containsExactlyInAnyOrderEntriesOf(
                Map.of("frank", true, "grace", true, "heidi", false));
    }

    @Test
    void createuserWhenNameTakenInAnotherCaseThenExitOneAndUserUnchanged() throws SQLException {
        assertThat(task("first\n", false, "createuser", "Ivan").code()).isZero();

        Result result = task("second\n", false, "createuser", "ivan", "--staff");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("A user named 'ivan' already exists.\n");
        assertThat(result.out()).isEmpty();
        assertThat(staffFlags()).containsExactly(Map.entry("Ivan", false));
        login("ivan", "first").expectStatus().isOk();
        login("ivan", "second").expectStatus().isBadRequest();
    }

    @Test
    void createtokenWhenUserExistsThenLastLineOfStdoutIsAWorkingToken() {
        assertThat(task("pw\n", false, "createuser", "judy").code()).isZero();

        Result result = task("", false, "createtoken", "JUDY");

        assertThat(result.code()).isZero();
        assertThat(result.err()).isEmpty();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).isNotEmpty();
        String token = lines.get(lines.size() - 1);
        assertThat(token).matches("[A-Za-z0-9_-]{40,}");
        assertAuthenticates(token);
    }

    @Test
    void createtokenWhenRunAsItsOwnProcessThenTokenIsLastLineOfStdout(@TempDir Path directory) throws Exception {
        assertThat(task("pw\n", false, "createuser", "judy").code()).isZero();
        Path stdout = directory.resolve("stdout");
        Path stderr = directory.resolve("stderr");
        var command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClientsApiApplication.class.getName(), "createtoken", "judy")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        for (String name : List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD")) {
            command.environment().put(name, System.getProperty(name));
        }
        Process process = command.start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the task ends").isTrue();
        } finally {
            process.destroyForcibly();
        }

        String out = Files.readString(stdout);
        assertThat(process.exitValue()).as("exit code; stdout:%n%s%nstderr:%n%s", out, Files.readString(stderr))
                .isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).isNotEmpty();
        String token = lines.get(lines.size() - 1);
        assertThat(token).as("last line of%n%s", out).matches("[A-Za-z0-9_-]{40,}");
        assertAuthenticates(token);
    }

    @ParameterizedTest
    @ValueSource(strings = { "createtoken", "revoketokens", "deactivate", "activate" })
    void taskWhenUserUnknownThenExitOneAndNoSuchUser(String name) throws SQLException {
        assertThat(task("pw\n", false, "createuser", "karl").code()).isZero();

        Result result = task("", false, name, "nobody");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("No user named 'nobody'.\n");
        assertThat(result.out()).isEmpty();
        assertThat(count("select count(*) from tokens")).isZero();
    }

    @Test
    void revoketokensWhenUserHasTokensThenTheyAreInvalidAndOthersStillWork() {
        assertThat(task("pw\n", false, "createuser", "liam").code()).isZero();
        assertThat(task("pw\n", false, "createuser", "mona").code()).isZero();
        String first = lastLine(task("", false, "createtoken", "liam"));
        String second = lastLine(task("", false, "createtoken", "liam"));
        String other = lastLine(task("", false, "createtoken", "mona"));
        assertAuthenticates(first);

        Result result = task("", false, "revoketokens", "liam");

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("Revoked 2 token(s) of liam.\n");
        pastTokenCache();
        for (String revoked : List.of(first, second)) {
            assertRefused(revoked, "Invalid token.");
        }
        assertAuthenticates(other);
    }

    @Test
    void deactivateWhenUserHasTokenThenInactiveUntilActivated() {
        assertThat(task("pw\n", false, "createuser", "nina").code()).isZero();
        String token = lastLine(task("", false, "createtoken", "nina"));
        assertAuthenticates(token);

        Result deactivated = task("", false, "deactivate", "nina");

        assertThat(deactivated.code()).isZero();
        assertThat(deactivated.out()).isEqualTo("User nina is now inactive.\n");
        pastTokenCache();
        assertRefused(token, "User inactive or deleted.");
        login("nina", "pw").expectStatus().isBadRequest();

        Result activated = task("", false, "activate", "nina");

        assertThat(activated.code()).isZero();
        assertThat(activated.out()).isEqualTo("User nina is now active.\n");
        pastTokenCache();
        assertAuthenticates(token);
    }

    static Stream<Arguments> misuses() {
        return Stream.of(
                Arguments.of((Object) new String[] { "createuser" }),
                Arguments.of((Object) new String[] { "createuser", "--staff" }),
                Arguments.of((Object) new String[] { "createuser", "olga", "pete" }),
                Arguments.of((Object) new String[] { "createtoken" }),
                Arguments.of((Object) new String[] { "revoketokens", "olga", "pete" }),
                Arguments.of((Object) new String[] { "deactivate", "olga", "pete" }),
                Arguments.of((Object) new String[] { "activate" }));
    }

    @ParameterizedTest
    @MethodSource("misuses")
    void taskWhenNoNameOrTwoNamesThenExitTwoWithUsageAndNothingDone(String[] args) throws SQLException {
        Result result = task("pw\n", false, args);

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith("Usage: " + args[0] + " NAME");
        assertThat(result.out()).isEmpty();
        assertThat(count("select count(*) from users")).isZero();
    }

    /**
     * {@code drf/dump.json} and {@code drf/dump-natural-foreign.json} were written once by Django 3.2.25 and
     * DRF 3.14.0 (Debian's python3-django, python3-djangorestframework, python3-bcrypt) from a throwaway project
     * with a {@code clients} app: users made by {@code create_user} (alice, staff, "alice-django-pw" with the
     * default pbkdf2_sha256; Bob, "bob-django-pw" through {@code make_password(..., hasher="bcrypt_sha256")};
     * carol with no password, so unusable), a {@code Token} each for alice and Bob, four clients of which the
     * third was deleted; then {@code manage.py dumpdata auth.user authtoken.token clients.client --format json
     * --indent 2}, the second time with {@code --natural-foreign}. {@code drf/make-dump.sh} does it all again.
     */
    @Test
    void importdrfWhenDumpWrittenByDjangoThenItsTokensAndPasswordsWorkAndTheNaturalFormFindsItAllPresent(
            @TempDir Path directory) throws Exception {
        Result result = task("", false, "importdrf", fixture("drf/dump.json", directory));

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Imported: 3 users, 2 tokens, 3 clients.\n"
                + "Already present: 0 users, 0 tokens, 0 clients.\n");
        assertAuthenticates("ea7a02ec04da65432991098adc908c0ff49637ec");
        assertAuthenticates("67cc74e930d2921b54ead893d57972b660a87977");
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token 67cc74e930d2921b54ead893d57972b660a87977")
                .exchange().expectBody().jsonPath("$[*].id").isEqualTo(List.of(1, 2, 4))
                .jsonPath("$[1].email").isEqualTo("Alan.Turing@Example.org")
                .jsonPath("$[1].created").isEqualTo("2026-11-25T06:24:19.607000Z");
        login("alice", "alice-django-pw").expectStatus().isOk();
        login("bob", "bob-django-pw").expectStatus().isOk();
        login("alice", "bob-django-pw").expectStatus().isBadRequest();
        login("carol", "carol").expectStatus().isBadRequest();
        assertThat(staffFlags()).containsExactlyInAnyOrderEntriesOf(Map.of("alice", true, "Bob", false, "carol", false));

        Result natural = task("", false, "importdrf", fixture("drf/dump-natural-foreign.json", directory));

        assertThat(natural.code()).isZero();
        assertThat(natural.out()).isEqualTo("Imported: 0 users, 0 tokens, 0 clients.\n"
                + "Already present: 3 users, 2 tokens, 3 clients.\n");
        assertThat(task("", false, "importdrf").err()).isEqualTo("Usage: importdrf FILE [--skip-conflicts]\n");
    }

    private static String fixture(String resource, Path directory) throws java.io.IOException {
        Path file = directory.resolve(Path.of(resource).getFileName());
        try (var in = CommandLineTasksTest.class.getResourceAsStream("/" + resource)) {
            Files.copy(in, file);
        }
        return file.toString();
    }

    private record Result(int code, String out, String err) {
    }

    /**
     * Runs a task in this JVM. A task's application would otherwise take over the JVM's one logging
     * system (root level WARN, then a clean-up on close that leaves no appender), muting the logs of
     * the shared test context for every later test: in this JVM it must leave logging alone. Its own
     * process does configure logging; {@link #createtokenWhenRunAsItsOwnProcessThenTokenIsLastLineOfStdout}
     * runs one there.
     */
    private static Result task(String stdin, boolean interactive, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        String loggingSystem = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = CommandLineTasks.run(ClientsApiApplication.class, args,
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), outStream, errStream, interactive);
        } finally {
            if (loggingSystem == null) {
                System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
            } else {
                System.setProperty(LoggingSystem.SYSTEM_PROPERTY, loggingSystem);
            }
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String lastLine(Result result) {
        assertThat(result.code()).isZero();
        List<String> lines = result.out().lines().toList();
        return lines.get(lines.size() - 1);
    }

    private WebTestClient.ResponseSpec login(String username, String password) {
        return web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange();
    }

    /** A task runs in another process: the service sees its change within the token cache's bound. */
    private void pastTokenCache() {
        clock.advance(Duration.ofSeconds(6));
    }

    private void assertAuthenticates(String token) {
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token).exchange()
                .expectStatus().isOk();
    }

    private void assertRefused(String token, String detail) {
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token).exchange()
                .expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo(detail)
                .jsonPath("$.code").isEqualTo("authentication_failed");
    }

    private static Map<String, Boolean> staffFlags() throws SQLException {
        var flags = new java.util.LinkedHashMap<String, Boolean>();
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement("select username, is_staff from users");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                flags.put(rows.getString(1), rows.getBoolean(2));
            }
        }
        return flags;
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
