package org.clientsapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import reactor.test.StepVerifier;

@ApiTest
class ClientRepositoryTest {

    @Autowired
    ClientRepository clients;

    @Autowired
    TestUsers users;

    final Instant now = Instant.parse("2026-01-02T03:04:05.123456Z");
    long userId;

    @BeforeEach
    void empty() {
        TestDatabase.truncateAll();
        userId = users.user("rita", "pw-rita", false);
    }

    @Test
    void insertWhenNewThenReturnsStoredRowWithEqualCreatedAndUpdated() {
        StepVerifier.create(clients.insert(new ClientInput("Ada", "Lovelace", "Ada@Example.com"), now, userId))
                .assertNext(client -> {
                    assertThat(client.id()).isPositive();
                    assertThat(client.email()).isEqualTo("Ada@Example.com");
                    assertThat(client.created()).isEqualTo(now).isEqualTo(client.updated());
                })
                .verifyComplete();
    }

    @Test
    void insertWhenEmailTakenInAnotherCaseThenDuplicateKey() {
        clients.insert(new ClientInput("A", "B", "same@example.com"), now, userId).block();
        StepVerifier.create(clients.insert(new ClientInput("C", "D", "SAME@example.com"), now, userId))
                .verifyError(DuplicateKeyException.class);
    }

    @Test
    void streamWhenSeveralThenOldestFirst() {
        clients.insert(new ClientInput("A", "A", "a@example.com"), now, userId).block();
        clients.insert(new ClientInput("B", "B", "b@example.com"), now.plus(1, ChronoUnit.SECONDS), userId).block();
        StepVerifier.create(clients.stream(null).map(Client::email))
                .expectNext("a@example.com", "b@example.com")
                .verifyComplete();
    }

    @Test
    void findByIdWhenMissingThenEmpty() {
        StepVerifier.create(clients.findById(12345)).verifyComplete();
    }
}
