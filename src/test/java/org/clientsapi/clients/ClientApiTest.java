package org.clientsapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

@ApiTest
class ClientApiTest {

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    WebTestClient as;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        String token = users.tokenOfNewUser("carol", false);
        as = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + token).build();
    }

    @Test
    void createWhenValidThenCreatedWithLocationAndTrimmedFields() {
        as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "  Ada ", "last_name", "Lovelace", "email", " ada@example.com "))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches(HttpHeaders.LOCATION, "/clients/\\d+")
                .expectBody()
                .jsonPath("$.id").isNumber()
                .jsonPath("$.first_name").isEqualTo("Ada")
                .jsonPath("$.last_name").isEqualTo("Lovelace")
                .jsonPath("$.email").isEqualTo("ada@example.com")
                .jsonPath("$.created").value(String.class, created -> assertThat(created).endsWith("Z"))
                .jsonPath("$.updated").value(String.class, updated -> assertThat(updated).endsWith("Z"));
    }

    @Test
    void createWhenFormBodyThenCreated() {
        as.post().uri("/clients/").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("first_name", "Bob").with("last_name", "Byte")
                        .with("email", "bob@example.org"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.email").isEqualTo("bob@example.org");
    }

    @Test
    void listWhenSeveralThenOldestFirstOnBothPaths() {
        create("first@example.com");
        create("second@example.com");
        for (String path : List.of("/clients", "/clients/")) {
            as.get().uri(path).exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentType(MediaType.APPLICATION_JSON)
                    .expectBody()
                    .jsonPath("$.length()").isEqualTo(2)
                    .jsonPath("$[0].email").isEqualTo("first@example.com")
                    .jsonPath("$[1].email").isEqualTo("second@example.com");
        }
    }

    @Test
    void getWhenExistsThenClientOnBothPaths() {
        long id = create("one@example.com");
        for (String path : List.of("/clients/" + id, "/clients/" + id + "/")) {
            as.get().uri(path).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.id").isEqualTo(id).jsonPath("$.email").isEqualTo("one@example.com");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "999", "0", "-1", "abc", "99999999999999999999999", "9223372036854775808" })
    void getWhenNoSuchIdThenNotFound(String id) {
        as.get().uri("/clients/" + id).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("Not found.")
                .jsonPath("$.code").isEqualTo("not_found")
                .jsonPath("$.status").isEqualTo(404);
    }

    @Test
    void createWhenEmailDiffersOnlyInCaseThenConflict() {
        create("Dup@Example.com");
        as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "X", "last_name", "Y", "email", "dup@example.COM"))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("Client with this email already exists.")
                .jsonPath("$.code").isEqualTo("unique");
    }

    @Test
    void createWhenTwentyConcurrentWithOneEmailThenExactlyOneCreated() {
        var statuses = IntStream.range(0, 20)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> as.post().uri("/clients")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("first_name", "Race", "last_name", "R" + i, "email", "race@example.com"))
                        .exchange().returnResult(String.class).getStatus().value()))
                .toList().stream().map(CompletableFuture::join).toList();
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(19);
        as.get().uri("/clients").exchange().expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    /** The new client's id, read from the body (a {@link Client} cannot be read back: its version is not shown). */
    private long create(String email) {
        Object id = as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "F", "last_name", "L", "email", email))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        assertThat(id).isInstanceOf(Number.class);
        return ((Number) id).longValue();
    }
}
