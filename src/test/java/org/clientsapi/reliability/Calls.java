package org.clientsapi.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * Plain blocking HTTP calls on the test's own threads, each timed: what a front end sees. The
 * client's own timeout is far above every bound asserted, so a hang shows as a long duration.
 */
final class Calls {

    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

    /** One answer: when it was sent (ms since the test's epoch), how long it took, and what came. */
    record Answer(String what, long sentAt, long millis, int status, String contentType, String retryAfter,
            String body) {

        boolean is(int expected) {
            return status == expected;
        }

        @Override
        public String toString() {
            String shown = body.length() > 200 ? body.substring(0, 200) + "..." : body;
            return what + " sent at " + sentAt + " ms: " + status + " after " + millis + " ms, " + contentType
                    + (retryAfter == null ? "" : ", Retry-After " + retryAfter) + ", " + shown;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;
    private final long epoch = System.nanoTime();

    Calls(String base, String token) {
        this.base = base;
        this.token = token;
    }

    long now() {
        return (System.nanoTime() - epoch) / 1_000_000;
    }

    Answer list() {
        return send("list", request("/clients?limit=10").GET());
    }

    Answer create() {
        String email = "c-" + UUID.randomUUID() + "@example.com";
        return send("create", request("/clients").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"email\":\"" + email + "\"}")));
    }

    Answer health() {
        return send("health", HttpRequest.newBuilder(URI.create(base + "/actuator/health")).timeout(CLIENT_TIMEOUT)
                .GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(CLIENT_TIMEOUT)
                .header("Authorization", "Token " + token);
    }

    private Answer send(String what, HttpRequest.Builder request) {
        long sent = now();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(what, sent, now() - sent, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null), response.body());
        } catch (IOException e) {
            return new Answer(what, sent, now() - sent, -1, "", null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(what, sent, now() - sent, -2, "", null, e.toString());
        }
    }
}
