package org.clientsapi.clients;

import java.util.Map;

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

/** {@code DELETE /clients/{id}}: staff only, 404 for a missing id, If-Match honoured (issue 4). */
@ApiTest
class ClientDeleteTest {

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    WebTestClient staff;
    WebTestClient member;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        staff = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + users.tokenOfNewUser("sam", true))
                .build();
        member = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + users.tokenOfNewUser("nora", false))
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "/" })
    void deleteWhenStaffThenNoContentAndClientGone(String suffix) {
        long id = create("gone@example.com");
        long kept = create("kept@example.com");
        staff.delete().uri("/clients/" + id + suffix).exchange()
                .expectStatus().isNoContent()
                .expectBody().isEmpty();
        member.get().uri("/clients/" + id).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").isEqualTo("Not found.");
        member.get().uri("/clients/" + kept).exchange().expectStatus().isOk();
        member.get().uri("/clients").exchange().expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    @Test
    void deleteWhenNotStaffThenForbiddenAndClientStillThere() {
        long id = create("stays@example.com");
        member.delete().uri("/clients/" + id).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(403)
                .jsonPath("$.detail").isEqualTo("You do not have permission to perform this action.")
                .jsonPath("$.code").isEqualTo("permission_denied");
        member.get().uri("/clients/" + id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.email").isEqualTo("stays@example.com");
    }

    /** Permissions come before the handler (design.md §2.2): a missing id is still 403 for a non-staff user. */
    @Test
    void deleteWhenNotStaffAndNoSuchClientThenForbidden() {
        member.delete().uri("/clients/999").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("permission_denied");
    }

    @Test
    void deleteWhenAnonymousThenUnauthorizedAndClientStillThere() {
        long id = create("anon@example.com");
        web.delete().uri("/clients/" + id).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Token")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("Authentication credentials were not provided.")
                .jsonPath("$.code").isEqualTo("not_authenticated");
        member.get().uri("/clients/" + id).exchange().expectStatus().isOk();
    }

    @ParameterizedTest
    @ValueSource(strings = { "999", "0", "-1", "abc", "99999999999999999999999" })
    void deleteWhenNoSuchClientThenNotFound(String id) {
        create("other@example.com");
        staff.delete().uri("/clients/" + id).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("Not found.")
                .jsonPath("$.code").isEqualTo("not_found");
        member.get().uri("/clients").exchange().expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    @Test
    void deleteWhenAlreadyDeletedThenNotFound() {
        long id = create("twice@example.com");
        staff.delete().uri("/clients/" + id).exchange().expectStatus().isNoContent();
        staff.delete().uri("/clients/" + id).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("not_found");
    }

    @Test
    void deleteWhenIfMatchIsStaleThenPreconditionFailedAndNotDeleted() {
        long id = create("stale@example.com");
        member.patch().uri("/clients/" + id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Changed")).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
        staff.delete().uri("/clients/" + id).header(HttpHeaders.IF_MATCH, "\"1\"").exchange()
                .expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("The client has changed since it was read; fetch it again.")
                .jsonPath("$.code").isEqualTo("precondition_failed");
        member.get().uri("/clients/" + id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.first_name").isEqualTo("Changed");
    }

    @Test
    void deleteWhenIfMatchIsCurrentThenNoContent() {
        long id = create("current@example.com");
        member.patch().uri("/clients/" + id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Changed")).exchange()
                .expectStatus().isOk();
        staff.delete().uri("/clients/" + id).header(HttpHeaders.IF_MATCH, "\"2\"").exchange()
                .expectStatus().isNoContent();
        member.get().uri("/clients/" + id).exchange().expectStatus().isNotFound();
    }

    @Test
    void deleteWhenIfMatchOnMissingClientThenNotFound() {
        staff.delete().uri("/clients/999").header(HttpHeaders.IF_MATCH, "\"1\"").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("not_found");
    }

    private long create(String email) {
        return member.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "F", "last_name", "L", "email", email))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseHeaders().getLocation().getPath()
                .transform(path -> Long.parseLong(path.substring("/clients/".length())));
    }
}
