package org.clientsapi.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.Poll;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Health groups, info, who may read what, and the metrics a dashboard is built from. */
@ApiTest
// One write a minute: the second create is throttled, so both outcomes are counted.
@TestPropertySource(properties = "clients-api.throttle.rates.clients.write=1/min")
class ActuatorApiTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    String staff;
    String user;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        staff = users.tokenOfNewUser("sam", true);
        user = users.tokenOfNewUser("uma", false);
    }

    @Test
    void healthWhenAnonymousThenUpWithLivenessAndReadinessGroups() {
        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        web.get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        web.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void readinessWhenAuthorizedThenDatabaseAndThrottleStoreButNotMail() {
        web.get().uri("/actuator/health/readiness").header(HttpHeaders.AUTHORIZATION, "Token " + user).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                .jsonPath("$.components.throttleStore.status").isEqualTo("UP")
                .jsonPath("$.components.throttleStore.details.store").isEqualTo("memory")
                .jsonPath("$.components.readinessState.status").isEqualTo("UP")
                .jsonPath("$.components.mailOutbox").doesNotExist();
        web.get().uri("/actuator/health/liveness").header(HttpHeaders.AUTHORIZATION, "Token " + user).exchange()
                .expectBody()
                .jsonPath("$.components.livenessState.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc").doesNotExist();
    }

    @Test
    void infoWhenAnonymousThenBuildVersionAndGitCommit() {
        web.get().uri("/actuator/info").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.build.version").isEqualTo("0.1.0-SNAPSHOT")
                .jsonPath("$.build.artifact").isEqualTo("clients-api")
                .jsonPath("$.git.commit.id").value(String.class, id -> assertThat(id).matches("[0-9a-f]{7,40}"));
    }

    @Test
    void prometheusWhenAnonymousThen401AndWhenNotStaffThen403() {
        web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Token");
        web.get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, "Token " + user).exchange()
                .expectStatus().isForbidden();
        web.get().uri("/actuator/metrics").header(HttpHeaders.AUTHORIZATION, "Token " + user).exchange()
                .expectStatus().isForbidden();
        web.get().uri("/actuator").exchange().expectStatus().isUnauthorized();
        web.get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, "Token " + staff).exchange()
                .expectStatus().isOk();
    }

    @Test
    void prometheusWhenStaffAfterTrafficThenDashboardMetricsWithValues() {
        WebTestClient as = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + user).build();
        as.get().uri("/clients").exchange().expectStatus().isOk();
        as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Mia", "last_name", "Metric", "email", "mia@example.com"))
                .exchange().expectStatus().isCreated();
        as.post().uri("/clients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Max", "last_name", "Metric", "email", "max@example.com"))
                .exchange().expectStatus().isEqualTo(429);
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token no-such-key").exchange()
                .expectStatus().isUnauthorized();
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token").exchange()
                .expectStatus().isUnauthorized();
        long inactiveId = users.user("ivy", "pw-ivy", false);
        String inactive = users.token(inactiveId);
        users.deactivate(inactiveId);
        web.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + inactive).exchange()
                .expectStatus().isUnauthorized();
        web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "uma", "password", "wrong")).exchange()
                .expectStatus().isBadRequest();

        String scrape = scrapeUntil(text -> sum(text, "clients_api_mail_outbox", "status=\"pending\"") > 0);

        assertThat(sum(scrape, "http_server_requests_seconds_count", "uri=\"/clients\"", "status=\"200\""))
                .isGreaterThan(0);
        assertThat(sum(scrape, "http_server_requests_seconds_bucket", "uri=\"/clients\"")).isGreaterThan(0);
        assertThat(sum(scrape, "clients_api_throttle_decisions_total", "outcome=\"admitted\"", "store=\"memory\"",
                "scope=\"clients.write\"")).isEqualTo(1);
        assertThat(sum(scrape, "clients_api_throttle_decisions_total", "outcome=\"throttled\"", "store=\"memory\"",
                "scope=\"clients.write\"")).isEqualTo(1);
        assertThat(sum(scrape, "clients_api_throttle_decisions_total", "outcome=\"admitted\"", "scope=\"user\""))
                .isGreaterThan(0);
        assertThat(sum(scrape, "clients_api_auth_failures_total", "reason=\"invalid_token\"")).isGreaterThan(0);
        assertThat(sum(scrape, "clients_api_auth_failures_total", "reason=\"malformed_header\"")).isGreaterThan(0);
        assertThat(sum(scrape, "clients_api_auth_failures_total", "reason=\"inactive\"")).isGreaterThan(0);
        assertThat(sum(scrape, "clients_api_auth_failures_total", "reason=\"bad_credentials\"")).isGreaterThan(0);
        assertThat(sum(scrape, "r2dbc_pool_max_allocated_connections")).isGreaterThan(0);
        assertThat(sum(scrape, "r2dbc_pool_allocated_connections")).isGreaterThan(0);
        assertThat(scrape).contains("r2dbc_pool_acquired_connections", "r2dbc_pool_pending_connections");
        assertThat(sum(scrape, "clients_api_mail_outbox", "status=\"pending\"")).isGreaterThan(0);
        assertThat(scrape).contains("clients_api_mail_outbox{application=\"clients-api\",status=\"dead\"}");
        // the other names README "Operations" gives a dashboard
        assertThat(scrape).contains("http_server_requests_active_seconds_gcount", "jvm_memory_used_bytes",
                "process_cpu_usage", "jvm_threads_live_threads", "r2dbc_pool_idle_connections",
                "r2dbc_pool_max_pending_connections");
    }

    /** The outbox gauge is refreshed by the dispatcher's poll (every second): scrape until it shows. */
    private String scrapeUntil(java.util.function.Predicate<String> ready) {
        return Poll.until(() -> web.get().uri("/actuator/prometheus")
                .header(HttpHeaders.AUTHORIZATION, "Token " + staff).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody(),
                ready, Duration.ofSeconds(20));
    }

    /** The sum of the samples of {@code name} whose labels contain each of {@code labels}. */
    static double sum(String scrape, String name, String... labels) {
        double total = 0;
        for (String line : scrape.lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            String found = sample.group(3) == null ? "" : sample.group(3);
            boolean all = true;
            for (String label : labels) {
                all &= (found + ",").contains(label + ",");
            }
            if (all) {
                total += Double.parseDouble(sample.group(4));
            }
        }
        return total;
    }
}
