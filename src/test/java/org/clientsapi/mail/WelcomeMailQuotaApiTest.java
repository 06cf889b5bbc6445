package org.clientsapi.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import org.clientsapi.support.ApiTest;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The daily quota of welcome emails per user, at its default (100): past it a create still
 * succeeds, its email is never written to the outbox, and the skip is counted.
 */
@ApiTest
class WelcomeMailQuotaApiTest {

    private static final int QUOTA = 100;

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    @Autowired
    MutableClock clock;

    @Autowired
    MeterRegistry meters;

    String token;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        clock.reset();
        token = users.tokenOfNewUser("quinn", false);
    }

    @Test
    void createWhenUserPastDailyQuotaThenCreatedMailSkippedAndCountedUntilNextUtcDay() {
        for (int i = 0; i < QUOTA; i++) {
            create(token, null);
        }
        double skippedBefore = skipped();

        create(token, null);
        create(token, "a-key");
        create(token, "a-key"); // a replay creates nothing and is not counted again

        assertThat(count("select count(*) from clients")).isEqualTo(QUOTA + 2);
        assertThat(count("select count(*) from mail_outbox")).isEqualTo(QUOTA);
        assertThat(skipped() - skippedBefore).isEqualTo(2.0);

        // another user has a quota of its own
        create(users.tokenOfNewUser("other", false), null);
        assertThat(count("select count(*) from mail_outbox")).isEqualTo(QUOTA + 1);

        // a new UTC day, a new quota
        clock.advance(Duration.ofDays(1));
        create(token, null);
        assertThat(count("select count(*) from mail_outbox")).isEqualTo(QUOTA + 2);
        assertThat(skipped() - skippedBefore).isEqualTo(2.0);
    }

    @Test
    void createWhenManyConcurrentCreatesByOneUserThenExactlyTheQuotaMailed() throws Exception {
        int creates = QUOTA + 40;
        double skippedBefore = skipped();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < creates; i++) {
                String key = i % 2 == 0 ? null : UUID.randomUUID().toString();
                done.add(callers.submit(() -> create(token, key)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(count("select count(*) from clients")).isEqualTo(creates);
        assertThat(count("select count(*) from mail_outbox")).isEqualTo(QUOTA);
        assertThat(skipped() - skippedBefore).isEqualTo(creates - QUOTA);
    }

    private void create(String token, String idempotencyKey) {
        // the same email for one key, so a repeated key is a replay
        String email = (idempotencyKey == null ? UUID.randomUUID().toString() : idempotencyKey) + "@example.com";
        WebTestClient.RequestBodySpec request = web.post().uri("/clients")
                .header(HttpHeaders.AUTHORIZATION, "Token " + token).contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        request.bodyValue("{\"first_name\": \"Q\", \"last_name\": \"Uota\", \"email\": \"" + email + "\"}")
                .exchange()
                .expectStatus().isCreated();
    }

    private double skipped() {
        var counter = meters.find("clients_api.mail.skipped").tag("reason", "quota").counter();
        return counter == null ? 0 : counter.count();
    }

    private static long count(String sql) {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
