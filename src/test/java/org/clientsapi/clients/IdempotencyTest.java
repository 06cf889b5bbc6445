package org.clientsapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /clients} with an {@code Idempotency-Key} (design.md §2.1, issue 4). */
@ApiTest
class IdempotencyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";
    private static final String ADA = "{\"first_name\": \"Ada\", \"last_name\": \"Lovelace\", \"email\": \"ada@example.com\"}";

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    @Autowired
    MutableClock clock;

    @Autowired
    IdempotencyKeyCleanup cleanup;

    WebTestClient as;
    long userId;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        clock.reset();
        userId = users.user("ida", "pw-ida", false);
        as = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + users.token(userId)).build();
    }

    @Test
    void createWhenKeyFirstUsedThenCreatedWithLocationAndStored() {
        EntityExchangeResult<String> first = post(as, "k1", ADA);
        assertThat(first.getStatus()).isEqualTo(HttpStatus.CREATED);
        assertThat(first.getResponseHeaders().getFirst(HttpHeaders.LOCATION)).matches("/clients/\\d+");
        assertThat(first.getResponseHeaders().containsHeader(REPLAYED)).isFalse();
        Map<String, Object> body = object(first.getResponseBody());
        assertThat(body).containsEntry("first_name", "Ada").containsEntry("email", "ada@example.com");
        assertThat(first.getResponseHeaders().getFirst(HttpHeaders.LOCATION)).isEqualTo("/clients/" + body.get("id"));
        assertThat(count("select count(*) from clients")).isEqualTo(1);
        assertThat(storedKeys()).containsExactly(userId + ":k1");
    }

    @Test
    void createWhenSameKeyAndPayloadAgainThenStoredResponseReplayedAndOneRow() {
        EntityExchangeResult<String> first = post(as, "k1", ADA);
        EntityExchangeResult<String> second = post(as, "k1", ADA);
        assertThat(second.getStatus()).isEqualTo(HttpStatus.CREATED);
        assertThat(second.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
        assertThat(second.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(second.getResponseHeaders().getFirst(HttpHeaders.LOCATION))
                .isEqualTo(first.getResponseHeaders().getFirst(HttpHeaders.LOCATION));
        assertThat(second.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(count("select count(*) from clients")).isEqualTo(1);

        EntityExchangeResult<String> third = post(as, "k1", ADA);
        assertThat(third.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
        assertThat(third.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(count("select count(*) from clients")).isEqualTo(1);
    }

    /** The replay is the first answer again, headers included: the ETag it had, even if the client moved on since. */
    @Test
    void createWhenReplayedThenSameETagAsFirstAnswer() {
        EntityExchangeResult<String> first = post(as, "k1", ADA);
        assertThat(first.getResponseHeaders().getETag()).isEqualTo("\"1\"");
        EntityExchangeResult<String> second = post(as, "k1", ADA);
        assertThat(second.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
        assertThat(second.getResponseHeaders().getETag()).isEqualTo(first.getResponseHeaders().getETag());

        as.patch().uri(first.getResponseHeaders().getFirst(HttpHeaders.LOCATION)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"last_name\": \"King\"}").exchange().expectStatus().isOk();
        EntityExchangeResult<String> third = post(as, "k1", ADA);
        assertThat(third.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(third.getResponseHeaders().getETag()).isEqualTo("\"1\"");
    }

    /** The same client once its fields are read: surrounding white space and field order do not matter. */
    @Test
    void createWhenSameKeyAndPayloadDiffersOnlyInSurroundingWhitespaceThenReplayed() {
        EntityExchangeResult<String> first = post(as, "k1", ADA);
        EntityExchangeResult<String> second = post(as, "k1",
                "{\"email\": \" ada@example.com\\t\", \"last_name\": \"Lovelace  \", \"first_name\": \"  Ada\"}");
        assertThat(second.getStatus()).isEqualTo(HttpStatus.CREATED);
        assertThat(second.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
        assertThat(second.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(count("select count(*) from clients")).isEqualTo(1);
    }

    @Test
    void createWhenSameKeyWithAnotherPayloadThenUnprocessableAndNothingCreated() {
        EntityExchangeResult<String> first = post(as, "k1", ADA);
        EntityExchangeResult<String> other = post(as, "k1",
                "{\"first_name\": \"Ada\", \"last_name\": \"King\", \"email\": \"ada@example.com\"}");
        assertProblem(other, HttpStatus.UNPROCESSABLE_CONTENT,
                "This Idempotency-Key was already used with another payload.", "idempotency_mismatch");
        assertThat(other.getResponseHeaders().containsHeader(REPLAYED)).isFalse();
        assertThat(count("select count(*) from clients")).isEqualTo(1);
        // the stored response is untouched: the original payload still replays
        EntityExchangeResult<String> again = post(as, "k1", ADA);
        assertThat(again.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
        assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());
    }

    @Test
    void createWhenSameKeyUsedByAnotherUserThenProcessedIndependently() {
        long otherId = users.user("ivan", "pw-ivan", false);
        WebTestClient other = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + users.token(otherId))
                .build();
        EntityExchangeResult<String> mine = post(as, "shared", ADA);
        EntityExchangeResult<String> theirs = post(other, "shared",
                "{\"first_name\": \"Ivan\", \"last_name\": \"Other\", \"email\": \"ivan@example.com\"}");
        assertThat(theirs.getStatus()).isEqualTo(HttpStatus.CREATED);
        assertThat(theirs.getResponseHeaders().containsHeader(REPLAYED)).isFalse();
        assertThat(object(theirs.getResponseBody())).containsEntry("email", "ivan@example.com");
        assertThat(object(theirs.getResponseBody()).get("id")).isNotEqualTo(object(mine.getResponseBody()).get("id"));
        assertThat(count("select count(*) from clients")).isEqualTo(2);
        assertThat(storedKeys()).containsExactlyInAnyOrder(userId + ":shared", otherId + ":shared");
    }

    /** Another user's stored response is never replayed to a caller: the same payload is a new create (409 here). */
    @Test
    void createWhenSameKeyAndPayloadByAnotherUserThenNotReplayed() {
        WebTestClient other = web.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + users.tokenOfNewUser("ivan", false)).build();
        post(as, "shared", ADA);
        EntityExchangeResult<String> theirs = post(other, "shared", ADA);
        assertProblem(theirs, HttpStatus.CONFLICT, "Client with this email already exists.", "unique");
        assertThat(theirs.getResponseHeaders().containsHeader(REPLAYED)).isFalse();
        assertThat(count("select count(*) from clients")).isEqualTo(1);
    }

    @Test
    void createWhenKeyOf256CharactersThenBadRequestNamingTheHeader() {
        EntityExchangeResult<String> response = post(as, "k".repeat(256), ADA);
        Map<String, Object> problem = assertProblem(response, HttpStatus.BAD_REQUEST, "Invalid input.", "invalid");
        assertThat(problem).containsEntry("errors",
                Map.of("Idempotency-Key", List.of("Ensure this header has no more than 255 characters.")));
        assertThat(count("select count(*) from clients")).isZero();
        assertThat(count("select count(*) from idempotency_keys")).isZero();
    }

    @Test
    void createWhenKeyOf255CharactersThenCreatedAndReplayable() {
        String key = "k".repeat(255);
        EntityExchangeResult<String> first = post(as, key, ADA);
        assertThat(first.getStatus()).isEqualTo(HttpStatus.CREATED);
        EntityExchangeResult<String> second = post(as, key, ADA);
        assertThat(second.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
        assertThat(second.getResponseBody()).isEqualTo(first.getResponseBody());
    }

    /** An empty value is what a blank one becomes on the wire: the server strips surrounding white space. */
    @Test
    void createWhenKeyBlankThenBadRequest() {
        EntityExchangeResult<String> response = post(as, "", ADA);
        Map<String, Object> problem = assertProblem(response, HttpStatus.BAD_REQUEST, "Invalid input.", "invalid");
        assertThat(problem).containsEntry("errors", Map.of("Idempotency-Key", List.of("This header may not be blank.")));
        assertThat(count("select count(*) from clients")).isZero();
        assertThat(count("select count(*) from idempotency_keys")).isZero();
    }

    @Test
    void createWhenKeyContainsSpaceThenBadRequest() {
        EntityExchangeResult<String> response = post(as, "my key", ADA);
        Map<String, Object> problem = assertProblem(response, HttpStatus.BAD_REQUEST, "Invalid input.", "invalid");
        assertThat(problem).containsEntry("errors",
                Map.of("Idempotency-Key", List.of("This header may contain only visible ASCII characters.")));
        assertThat(count("select count(*) from clients")).isZero();
    }

    @Test
    void createWhenTwentyConcurrentRequestsWithOneKeyThenOneRowAndOneId() throws Exception {
        int n = 20;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<CompletableFuture<EntityExchangeResult<String>>> futures = IntStream.range(0, n)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                        return post(as, "race", ADA);
                    }, pool))
                    .toList();
            start.countDown();
            List<EntityExchangeResult<String>> results = futures.stream().map(CompletableFuture::join).toList();

            List<Object> ids = new ArrayList<>();
            for (EntityExchangeResult<String> result : results) {
                assertThat(result.getStatus()).isIn(HttpStatus.CREATED, HttpStatus.CONFLICT);
                if (result.getStatus() == HttpStatus.CREATED) {
                    ids.add(object(result.getResponseBody()).get("id"));
                } else {
                    assertProblem(result, HttpStatus.CONFLICT,
                            "A request with this Idempotency-Key is still being processed.", "idempotency_in_progress");
                }
            }
            assertThat(ids).isNotEmpty();
            assertThat(ids).containsOnly(ids.get(0));
            assertThat(results).filteredOn(r -> r.getStatus() == HttpStatus.CREATED)
                    .filteredOn(r -> !r.getResponseHeaders().containsHeader(REPLAYED)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("select count(*) from clients")).isEqualTo(1);
        assertThat(count("select count(*) from idempotency_keys")).isEqualTo(1);
    }

    @Test
    void createWhenNoKeyThenCreatedWithoutReplayHeaderAndNothingStored() {
        EntityExchangeResult<String> first = as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ADA.getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches(HttpHeaders.LOCATION, "/clients/\\d+")
                .expectBody(String.class).returnResult();
        assertThat(first.getResponseHeaders().containsHeader(REPLAYED)).isFalse();
        assertThat(count("select count(*) from idempotency_keys")).isZero();
        as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ADA.getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().doesNotExist(REPLAYED);
    }

    @Test
    void createWhenKeyOlderThan24HoursThenAnotherPayloadProcessedAnew() {
        EntityExchangeResult<String> first = post(as, "k1", ADA);
        String grace = "{\"first_name\": \"Grace\", \"last_name\": \"Hopper\", \"email\": \"grace@example.com\"}";

        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertProblem(post(as, "k1", grace), HttpStatus.UNPROCESSABLE_CONTENT,
                "This Idempotency-Key was already used with another payload.", "idempotency_mismatch");

        clock.advance(Duration.ofSeconds(2));
        EntityExchangeResult<String> anew = post(as, "k1", grace);
        assertThat(anew.getStatus()).isEqualTo(HttpStatus.CREATED);
        assertThat(anew.getResponseHeaders().containsHeader(REPLAYED)).isFalse();
        assertThat(object(anew.getResponseBody())).containsEntry("email", "grace@example.com");
        assertThat(object(anew.getResponseBody()).get("id")).isNotEqualTo(object(first.getResponseBody()).get("id"));
        assertThat(count("select count(*) from clients")).isEqualTo(2);

        // the key now stands for the new request
        EntityExchangeResult<String> replay = post(as, "k1", grace);
        assertThat(replay.getResponseHeaders().getFirst(REPLAYED)).isEqualTo("true");
        assertThat(replay.getResponseBody()).isEqualTo(anew.getResponseBody());
        assertThat(count("select count(*) from idempotency_keys")).isEqualTo(1);
    }

    @Test
    void cleanupWhenKeyOlderThan24HoursThenDeletedAndFreshKeyKept() {
        post(as, "old", ADA);
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        post(as, "fresh", "{\"first_name\": \"Grace\", \"last_name\": \"Hopper\", \"email\": \"grace@example.com\"}");
        assertThat(storedKeys()).containsExactlyInAnyOrder(userId + ":old", userId + ":fresh");

        cleanup.deleteBatch().block(Duration.ofSeconds(10));

        assertThat(storedKeys()).containsExactly(userId + ":fresh");
        assertThat(count("select count(*) from clients")).isEqualTo(2);
    }

    @Test
    void createWhenDuplicateEmailUnderNewKeyThenConflictAndNothingStoredForTheKey() {
        as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON).bodyValue(ADA.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isCreated();
        String sameEmail = "{\"first_name\": \"Other\", \"last_name\": \"Person\", \"email\": \"ADA@example.com\"}";
        EntityExchangeResult<String> conflict = post(as, "k2", sameEmail);
        assertProblem(conflict, HttpStatus.CONFLICT, "Client with this email already exists.", "unique");
        assertThat(count("select count(*) from idempotency_keys")).isZero();

        EntityExchangeResult<String> retry = post(as, "k2", sameEmail);
        assertProblem(retry, HttpStatus.CONFLICT, "Client with this email already exists.", "unique");
        assertThat(retry.getResponseHeaders().containsHeader(REPLAYED)).isFalse();
        assertThat(count("select count(*) from idempotency_keys")).isZero();
        assertThat(count("select count(*) from clients")).isEqualTo(1);
    }

    // helpers

    private static EntityExchangeResult<String> post(WebTestClient client, String key, String body) {
        return client.post().uri("/clients").contentType(MediaType.APPLICATION_JSON).header(KEY, key)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange()
                .expectBody(String.class).returnResult();
    }

    private static Map<String, Object> assertProblem(EntityExchangeResult<String> response, HttpStatus status,
            String detail, String code) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = object(response.getResponseBody());
        assertThat(problem).containsEntry("status", status.value())
                .containsEntry("detail", detail)
                .containsEntry("code", code)
                .containsEntry("instance", "/clients");
        return problem;
    }

    private static int count(String sql) {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored keys as {@code user_id:key}. */
    private static List<String> storedKeys() {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "select user_id, key from idempotency_keys order by created");
                ResultSet rows = statement.executeQuery()) {
            List<String> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(rows.getLong(1) + ":" + rows.getString(2));
            }
            return keys;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return JSON.readValue(json, Map.class);
    }
}
