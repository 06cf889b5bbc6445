package org.clientsapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.clientsapi.ClientsApiApplication;
import org.clientsapi.auth.Tokens;
import org.clientsapi.config.EmbeddedPostgres;
import org.clientsapi.support.FreePorts;
import org.clientsapi.support.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default as a newcomer runs it (no {@code DB_HOST}, data under {@code ./data/postgres}),
 * crashed the way a power cut or the OOM killer would: every process of its PostgreSQL killed
 * with SIGKILL right after acknowledged writes. Started in JVMs of their own, since this test JVM
 * has {@code DB_*} set for the shared test database.
 */
class EmbeddedDefaultCrashTest {

    private static final int CREATES = 300;
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void killEveryPostgresProcessWhenCreatesAcknowledgedThenAllKeptAfterRestart() throws Exception {
        Path data = work.resolve("data/postgres");
        int port = FreePorts.belowEphemeralRange();
        String base = "http://127.0.0.1:" + port;
        List<Long> acknowledged = new ArrayList<>();
        Process service = fork(work.resolve("service.log"), "--server.port=" + port,
                "--clients-api.throttle.rates.anon=", "--clients-api.throttle.rates.login=",
                "--clients-api.throttle.rates.auth-failures=", "--clients-api.throttle.rates.user=");
        try {
            Poll.until(() -> health(base), status -> status == 200 || !service.isAlive(), Duration.ofMinutes(3));
            assertThat(health(base)).as("the service answers; see %s", work.resolve("service.log*")).isEqualTo(200);
            int postgresPort = Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip());
            assertDurable(postmaster(data), postgresPort);
            String token = tokenOfNewUser(postgresPort);

            for (int i = 1; i <= CREATES; i++) {
                HttpResponse<String> created = create(base, token, i);
                assertThat(created.statusCode()).as("create %d: %s", i, created.body()).isEqualTo(201);
                Matcher id = ID.matcher(created.body());
                assertThat(id.find()).isTrue();
                acknowledged.add(Long.parseLong(id.group(1)));
            }
            killEveryProcess(postmaster(data));
        } finally {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        try (EmbeddedPostgres restarted = EmbeddedPostgres.startOrJoin(data);
                Connection connection = connect(restarted.port());
                var kept = connection.prepareStatement("select count(*) from clients where id = any(?)")) {
            kept.setArray(1, connection.createArrayOf("bigint", acknowledged.toArray()));
            try (ResultSet rows = kept.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).as("acknowledged clients kept after the crash").isEqualTo(CREATES);
            }
        }
    }

    /** What PostgreSQL promises only with these: a commit it acknowledged is on disk. */
    private static void assertDurable(ProcessHandle postmaster, int port) throws SQLException {
        assertThat(postmaster.info().arguments().map(List::of).orElseThrow())
                .as("postmaster arguments").doesNotContain("-F");
        try (Connection connection = connect(port); Statement statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rows = statement.executeQuery("show " + setting)) {
                    rows.next();
                    assertThat(rows.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    /** The postmaster and all its children at once, as a crash would take them. */
    private static void killEveryProcess(ProcessHandle postmaster) throws InterruptedException {
        List<ProcessHandle> all = Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
        assertThat(all).as("the postmaster and its background processes").hasSizeGreaterThan(3);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            process.onExit().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    private static ProcessHandle postmaster(Path data) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        return ProcessHandle.of(pid).orElseThrow();
    }

    /** A user and a token, written as the service writes them (a key is stored as its digest). */
    private static String tokenOfNewUser(int port) throws SQLException {
        byte[] random = new byte[20];
        new SecureRandom().nextBytes(random);
        String key = HexFormat.of().formatHex(random);
        try (Connection connection = connect(port);
                var user = connection.prepareStatement(
                        "insert into users (username, password) values ('crash', 'not-a-password-hash') returning id");
                var token = connection.prepareStatement("insert into tokens (digest, prefix, user_id) values (?, ?, ?)")) {
            try (ResultSet rows = user.executeQuery()) {
                rows.next();
                token.setLong(3, rows.getLong(1));
            }
            token.setBytes(1, Tokens.digest(key));
            token.setString(2, Tokens.prefix(key));
            token.executeUpdate();
        }
        return key;
    }

    /** The application in a JVM of its own, working directory {@link #work}, with no {@code DB_*} set. */
    private Process fork(Path output, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ClientsApiApplication.class.getName()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(output.toFile()).redirectError(Path.of(output + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("DB_"));
        return builder.start();
    }

    private int health(String base) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private HttpResponse<String> create(String base, String token, int i) throws Exception {
        String body = "{\"first_name\":\"Crash\",\"last_name\":\"Test\",\"email\":\"crash-" + i + "@example.com\"}";
        return http.send(HttpRequest.newBuilder(URI.create(base + "/clients")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Token " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }
}
