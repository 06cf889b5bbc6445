package org.clientsapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** The page PostgreSQL writes is the JSON Jackson writes for the same clients. */
@ApiTest
class PageQueryTest {

    @Autowired
    PageQuery pages;

    @Autowired
    ClientRepository clients;

    @Autowired
    JsonMapper json;

    @Autowired
    TestUsers users;

    long userId;

    @BeforeEach
    void empty() {
        TestDatabase.truncateAll();
        userId = users.user("paula", "pw-paula", false);
    }

    @Test
    void pageWhenAwkwardTextAndTimesThenSameBytesAsJackson() {
        insert("Quote \" and back\\slash", "Tab\tnew\nline", "a@example.com", "2026-01-02T03:04:05Z");
        insert("Zoë 🚀 ‮rtl", "<script>alert(1)</script>", "b@example.com", "2026-01-02T03:04:05.120Z");
        insert("'); drop table clients;--", "%_*", "c@example.com", "2026-12-31T23:59:59.999999Z");

        PageQuery.Page page = pages.page(0, null, 10).block();

        List<Client> stored = clients.stream(null).collectList().block();
        assertThat(new String(page.json(), StandardCharsets.UTF_8)).isEqualTo(json.writeValueAsString(stored));
        assertThat(page.more()).isFalse();
        assertThat(page.lastId()).isEqualTo(stored.get(2).id());
    }

    @Test
    void pageWhenMoreThanLimitThenLimitShownAndMoreTold() {
        for (int i = 0; i < 3; i++) {
            insert("F" + i, "L" + i, i + "@example.com", "2026-01-02T03:04:05.123456Z");
        }
        List<Client> stored = clients.stream(null).collectList().block();

        PageQuery.Page first = pages.page(0, null, 2).block();
        PageQuery.Page last = pages.page(first.lastId(), null, 2).block();

        assertThat(new String(first.json(), StandardCharsets.UTF_8))
                .isEqualTo(json.writeValueAsString(stored.subList(0, 2)));
        assertThat(first.more()).isTrue();
        assertThat(first.lastId()).isEqualTo(stored.get(1).id());
        assertThat(new String(last.json(), StandardCharsets.UTF_8))
                .isEqualTo(json.writeValueAsString(stored.subList(2, 3)));
        assertThat(last.more()).isFalse();
    }

    @Test
    void pageWhenClientUpdatedThenShowsTheUpdateAsJacksonDoes() {
        insert("Ada", "Lovelace", "ada@example.com", "2026-01-02T03:04:05Z");
        long id = clients.stream(null).blockFirst().id();

        clients.update(id, new ClientInput(null, "King \"Byron\"", "ADA@example.org"), null,
                Instant.parse("2026-02-03T04:05:06.7Z")).block();

        List<Client> stored = clients.stream(null).collectList().block();
        assertThat(new String(pages.page(0, null, 10).block().json(), StandardCharsets.UTF_8))
                .isEqualTo(json.writeValueAsString(stored))
                .contains("King \\\"Byron\\\"", "2026-02-03T04:05:06.700000Z", "2026-01-02T03:04:05.000000Z");
    }

    @Test
    void pageWhenNothingMatchesThenEmptyArray() {
        insert("Ada", "Lovelace", "ada@example.com", "2026-01-02T03:04:05Z");

        PageQuery.Page page = pages.page(0, "hopper", 10).block();

        assertThat(new String(page.json(), StandardCharsets.UTF_8)).isEqualTo("[]");
        assertThat(page.more()).isFalse();
        assertThat(page.lastId()).isZero();
    }

    @Test
    void timestampsWhenWholeSecondOrMillisecondsThenAlwaysSixFractionDigitsAndZ() {
        assertThat(Timestamps.format(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000000Z");
        assertThat(Timestamps.format(Instant.parse("2026-01-02T03:04:05.12Z"))).isEqualTo("2026-01-02T03:04:05.120000Z");
    }

    private void insert(String first, String last, String email, String time) {
        clients.insert(new ClientInput(first, last, email), Instant.parse(time), userId).block();
    }
}
