package org.clientsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestSupportConfiguration;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Failed logins take no less than the configured floor, whatever the user: one imported from
 * Django (a costly PBKDF2 hash), a native one (bcrypt) and an unknown name (the decoy), so how
 * long a failure took no longer tells which usernames exist. A success is not held back.
 */
@ExtendWith(TestDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "clients-api.throttle.rates.anon=", "clients-api.throttle.rates.auth-failures=",
        "clients-api.throttle.rates.login=8/min", "clients-api.auth.failed-login-floor=2s" })
@AutoConfigureWebTestClient(timeout = "30s")
@Import({ TestSupportConfiguration.class, FailedLoginFloorApiTest.HashingThreads.class })
class FailedLoginFloorApiTest {

    private static final long FLOOR_MILLIS = 2000;
    private static final String PASSWORD = "correct horse battery staple";

    /** Records the thread of every password check. */
    @TestConfiguration(proxyBeanMethods = false)
    static class HashingThreads {

        static final Queue<String> THREADS = new ConcurrentLinkedQueue<>();

        @Bean
        static BeanPostProcessor recordingPasswordEncoder() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof PasswordEncoder encoder)) {
                        return bean;
                    }
                    return new PasswordEncoder() {
                        @Override
                        public String encode(CharSequence raw) {
                            return encoder.encode(raw);
                        }

                        @Override
                        public boolean matches(CharSequence raw, String hash) {
                            THREADS.add(Thread.currentThread().getName());
                            return encoder.matches(raw, hash);
                        }

                        @Override
                        public boolean upgradeEncoding(String hash) {
                            return encoder.upgradeEncoding(hash);
                        }
                    };
                }
            };
        }
    }

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void usersOfBothKinds() {
        TestDatabase.truncateAll();
        users.user("native", PASSWORD, false);
        // as Django writes it, with fewer iterations than its default today so that a check stays
        // under the floor on a busy shared machine (the floor must exceed the slowest check)
        String hash = "pbkdf2_sha256$30000$seasalt$" + Base64.getEncoder().encodeToString(
                DjangoPasswordEncoder.Pbkdf2.derive("HmacSHA256", PASSWORD.getBytes(StandardCharsets.UTF_8),
                        "seasalt".getBytes(StandardCharsets.UTF_8), 30_000));
        TestDatabase.execute("insert into users (username, password) values ('imported', '" + hash + "')");
        // the first requests of a context pay for its warm-up, which is not what is measured; the
        // clock moved past the login throttle's window before them and after, so each test starts afresh
        clock.advance(Duration.ofHours(1));
        login("native", PASSWORD).expectStatus().isOk();
        login("imported", "wrong").expectStatus().isBadRequest();
        clock.advance(Duration.ofHours(1));
        HashingThreads.THREADS.clear();
    }

    @Test
    void loginWhenFailedForImportedNativeOrUnknownUserThenEachAnsweredNoSoonerThanFloorAndAlike() {
        List<Long> millis = new ArrayList<>();
        for (String username : List.of("imported", "native", "nobody")) {
            long started = System.nanoTime();
            login(username, "wrong " + PASSWORD).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").isEqualTo(LoginService.FAILED);
            long took = (System.nanoTime() - started) / 1_000_000;
            assertThat(took).as("failed login of %s, in ms", username).isGreaterThanOrEqualTo(FLOOR_MILLIS);
            millis.add(took);
        }
        System.out.printf("failed logins (imported, native, unknown) answered after %s ms; floor %d ms%n", millis,
                FLOOR_MILLIS);
        long spread = millis.stream().mapToLong(Long::longValue).max().orElseThrow()
                - millis.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(spread).as("spread of %s ms", millis).isLessThan(1000);
    }

    @Test
    void loginWhenSucceededThenNotHeldBackByTheFloor() {
        long started = System.nanoTime();
        login("native", PASSWORD).expectStatus().isOk();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(FLOOR_MILLIS);
    }

    @Test
    void loginWhenFailedThenHashCheckedOffTheEventLoop() {
        login("imported", "wrong").expectStatus().isBadRequest();
        login("nobody", "wrong").expectStatus().isBadRequest();
        assertThat(HashingThreads.THREADS).hasSize(2).allMatch(thread -> thread.startsWith("boundedElastic"),
                "a bounded-elastic thread");
    }

    /** Held-back failures still count: of nine at once against one user (8/min), eight fail and one is throttled at once. */
    @Test
    void loginWhenFailuresHeldBackThenLoginThrottleStillCountsThem() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(9);
        try {
            List<Future<long[]>> answers = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                answers.add(callers.submit(() -> {
                    long started = System.nanoTime();
                    int status = login("native", "wrong").expectBody(String.class).returnResult().getStatus().value();
                    return new long[] { status, (System.nanoTime() - started) / 1_000_000 };
                }));
            }
            List<Long> failed = new ArrayList<>();
            List<Long> throttled = new ArrayList<>();
            for (Future<long[]> answer : answers) {
                long[] statusAndMillis = answer.get();
                (statusAndMillis[0] == 429 ? throttled : failed).add(statusAndMillis[1]);
                assertThat(statusAndMillis[0]).isIn(400L, 429L);
            }
            assertThat(failed).hasSize(8).allMatch(ms -> ms >= FLOOR_MILLIS, "no sooner than the floor");
            assertThat(throttled).hasSize(1);
        } finally {
            callers.shutdownNow();
        }
    }

    private WebTestClient.ResponseSpec login(String username, String password) {
        return web.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password)).exchange();
    }
}
