package org.clientsapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.clientsapi.ClientsApiApplication;
import org.clientsapi.support.Poll;
import org.clientsapi.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}: one JSON object a line, the request id a field of
 * it. The service runs in a JVM of its own (with the test classes, for the test-only routes): the
 * logging setup is global to a JVM, and switching it here would turn every later test's log to JSON.
 */
class JsonLogsApiTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern PORT = Pattern.compile("Netty started on port (\\d+)");

    private final JsonMapper json = JsonMapper.builder().build();
    private Process service;
    private Path log;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void logLineWhenStructuredFormatOnThenJsonWithRequestIdField() throws Exception {
        int port = start();
        HttpClient http = HttpClient.newHttpClient();
        for (String[] call : new String[][] { { "/test/log-hops", "req-json-1" }, { "/test/fail", "req-json-2" } }) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call[0]))
                    .header(RequestIds.HEADER, call[1]).build(), HttpResponse.BodyHandlers.discarding());
        }

        List<String> lines = awaitLines(all -> all.stream().anyMatch(line -> line.contains("hop 3 on"))
                && all.stream().anyMatch(line -> line.contains("Unhandled error")));
        assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertThat(entry.path("requestId").asString()).startsWith("req-json-");
            assertThat(entry.path("@timestamp").asString()).isNotBlank();
            assertThat(entry.path("log").path("level").asString()).isNotBlank();
        }
        JsonNode hop = json.readTree(lines.stream().filter(line -> line.contains("hop 3 on")).findFirst().orElseThrow());
        assertThat(hop.path("requestId").asString()).isEqualTo("req-json-1");
        assertThat(hop.path("message").asString()).startsWith("hop 3 on boundedElastic");
        JsonNode error = json.readTree(lines.stream().filter(line -> line.contains("Unhandled error")).findFirst()
                .orElseThrow());
        assertThat(error.path("requestId").asString()).isEqualTo("req-json-2");
        assertThat(error.path("error").path("type").asString()).isEqualTo("java.lang.IllegalStateException");
    }

    /** Starts the service with JSON logs on a free port; returns the port once it listens. */
    private int start() throws IOException, InterruptedException {
        TestDatabase.start();
        log = Files.createTempFile("clients-api-json-logs", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ClientsApiApplication.class.getName(), "--server.port=0",
                "--logging.structured.format.console=ecs", "--clients-api.throttle.rates.anon=",
                "--clients-api.mail.enabled=false")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        for (String name : new String[] { "DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD" }) {
            builder.environment().put(name, System.getProperty(name));
        }
        service = builder.start();
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline) && service.isAlive()) {
            Matcher started = PORT.matcher(Files.readString(log));
            if (started.find()) {
                return Integer.parseInt(started.group(1));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service did not start:\n" + Files.readString(log));
    }

    /** The log lines of the two requests, once {@code complete} holds for them (30 s at most). */
    private List<String> awaitLines(Predicate<List<String>> complete) throws IOException, InterruptedException {
        return Poll.until(() -> Files.readAllLines(log).stream().filter(line -> line.contains("req-json-")).toList(),
                complete, Duration.ofSeconds(30));
    }
}
