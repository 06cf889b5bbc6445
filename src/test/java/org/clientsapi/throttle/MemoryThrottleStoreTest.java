package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The in-memory sliding log: exact windows, exact under concurrency, bounded memory. Time is passed in. */
class MemoryThrottleStoreTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Rate THREE_PER_10S = new Rate(3, Duration.ofSeconds(10));

    private final MemoryThrottleStore store = new MemoryThrottleStore(10_000);

    private Outcome acquire(String key, Rate rate, Instant now) {
        return store.acquire(key, rate, now).block();
    }

    private Outcome peek(String key, Rate rate, Instant now) {
        return store.peek(key, rate, now).block();
    }

    @Test
    void acquireWhenWindowFullThenFourthRefusedWithWaitUntilOldestLeaves() {
        assertThat(acquire("k", THREE_PER_10S, T0).admitted()).isTrue();
        assertThat(acquire("k", THREE_PER_10S, T0.plusSeconds(1)).admitted()).isTrue();
        assertThat(acquire("k", THREE_PER_10S, T0.plusSeconds(2)).admitted()).isTrue();

        Outcome fourth = acquire("k", THREE_PER_10S, T0.plusMillis(3_250));

        assertThat(fourth.admitted()).isFalse();
        assertThat(fourth.remaining()).isZero();
        assertThat(fourth.reset()).isEqualTo(Duration.ofMillis(6_750));
    }

    @Test
    void acquireWhenRefusedThenNothingRecorded() {
        for (int i = 0; i < 3; i++) {
            acquire("k", THREE_PER_10S, T0.plusSeconds(i));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(acquire("k", THREE_PER_10S, T0.plusSeconds(5)).admitted()).isFalse();
        }

        // Refusals did not extend the window: once the oldest leaves, one is admitted again.
        assertThat(acquire("k", THREE_PER_10S, T0.plusSeconds(10)).admitted()).isTrue();
    }

    @Test
    void acquireWhenOldestLeavesWindowThenExactlyOneMoreAdmitted() {
        acquire("k", THREE_PER_10S, T0);
        acquire("k", THREE_PER_10S, T0.plusSeconds(1));
        acquire("k", THREE_PER_10S, T0.plusSeconds(2));
        Instant afterOldest = T0.plusSeconds(10).plusMillis(1);

        Outcome admitted = acquire("k", THREE_PER_10S, afterOldest);
        Outcome refused = acquire("k", THREE_PER_10S, afterOldest);

        assertThat(admitted.admitted()).isTrue();
        assertThat(admitted.remaining()).isZero();
        assertThat(refused.admitted()).isFalse();
        // The oldest left is the one at T0+1s.
        assertThat(refused.reset()).isEqualTo(Duration.ofSeconds(11).minus(Duration.ofSeconds(10).plusMillis(1)));
    }

    @Test
    void acquireWhenJustBeforeOldestLeavesThenStillRefused() {
        acquire("k", THREE_PER_10S, T0);
        acquire("k", THREE_PER_10S, T0);
        acquire("k", THREE_PER_10S, T0);

        Outcome refused = acquire("k", THREE_PER_10S, T0.plusSeconds(10).minusNanos(1_000));

        assertThat(refused.admitted()).isFalse();
        assertThat(refused.reset()).isEqualTo(Duration.ofNanos(1_000));
    }

    @Test
    void acquireWhenEntryIsExactlyOnePeriodOldThenItIsOutsideTheWindow() {
        acquire("k", THREE_PER_10S, T0);
        acquire("k", THREE_PER_10S, T0);
        acquire("k", THREE_PER_10S, T0);

        Outcome atBoundary = acquire("k", THREE_PER_10S, T0.plusSeconds(10));

        assertThat(atBoundary.admitted()).isTrue();
        assertThat(atBoundary.remaining()).isEqualTo(2);
    }

    @Test
    void acquireWhenAnyWindowThenNeverMoreThanCountAdmitted() {
        // One attempt every 700 ms for two minutes: count what each sliding window of 10 s admitted.
        List<Instant> admitted = new ArrayList<>();
        for (int i = 0; i < 172; i++) {
            Instant now = T0.plusMillis(700L * i);
            if (acquire("k", THREE_PER_10S, now).admitted()) {
                admitted.add(now);
            }
        }

        for (Instant start : admitted) {
            long inWindow = admitted.stream()
                    .filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(10)))
                    .count();
            assertThat(inWindow).as("admitted in [%s, +10s)", start).isLessThanOrEqualTo(3);
        }
        // And the limit is reached, not merely respected: 3 per 10 s over 120 s.
        assertThat(admitted).hasSizeGreaterThanOrEqualTo(36);
    }

    @Test
    void remainingWhenAcquiringThenCountsDown() {
        Rate rate = new Rate(5, Duration.ofMinutes(1));

        assertThat(peek("k", rate, T0).remaining()).isEqualTo(5);
        for (int expected = 4; expected >= 0; expected--) {
            Outcome outcome = acquire("k", rate, T0.plusSeconds(1));
            assertThat(outcome.admitted()).isTrue();
            assertThat(outcome.remaining()).isEqualTo(expected);
        }
        Outcome refused = acquire("k", rate, T0.plusSeconds(2));
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.remaining()).isZero();
    }

    @Test
    void acquireWhenFirstOfWindowThenResetIsTheWholePeriod() {
        Outcome first = acquire("k", THREE_PER_10S, T0);

        assertThat(first.reset()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void peekWhenCalledRepeatedlyThenRecordsNothing() {
        for (int i = 0; i < 10; i++) {
            Outcome peeked = peek("k", THREE_PER_10S, T0);
            assertThat(peeked.admitted()).isTrue();
            assertThat(peeked.remaining()).isEqualTo(3);
            assertThat(peeked.reset()).isZero();
        }

        for (int i = 0; i < 3; i++) {
            assertThat(acquire("k", THREE_PER_10S, T0).admitted()).isTrue();
        }
        Outcome full = peek("k", THREE_PER_10S, T0.plusSeconds(4));
        assertThat(full.admitted()).isFalse();
        assertThat(full.remaining()).isZero();
        assertThat(full.reset()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void peekWhenKeyUnknownThenKeepsNoKey() {
        for (int i = 0; i < 100; i++) {
            peek("never-failed:" + i, THREE_PER_10S, T0);
        }

        assertThat(store.size()).isZero();
    }

    @Test
    void acquireWhenRateLoweredForExistingKeyThenNeverMoreThanNewCount() {
        Rate five = new Rate(5, Duration.ofSeconds(10));
        Rate two = new Rate(2, Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            assertThat(acquire("k", five, T0.plusSeconds(i)).admitted()).isTrue();
        }

        // Five in the window under the old rate: the new one admits nothing until only one is left.
        assertThat(acquire("k", two, T0.plusSeconds(5)).admitted()).isFalse();
        assertThat(peek("k", two, T0.plusSeconds(5)).remaining()).isZero();
        assertThat(acquire("k", two, T0.plusSeconds(12)).admitted()).as("T0+3s and T0+4s still in").isFalse();
        assertThat(acquire("k", two, T0.plusSeconds(13)).admitted()).as("only T0+4s left").isTrue();
        assertThat(acquire("k", two, T0.plusSeconds(13)).admitted()).isFalse();
    }

    @Test
    void acquireWhenRateRaisedForExistingKeyThenRoomForTheNewCount() {
        Rate two = new Rate(2, Duration.ofSeconds(10));
        Rate four = new Rate(4, Duration.ofSeconds(10));
        acquire("k", two, T0);
        acquire("k", two, T0);
        assertThat(acquire("k", two, T0).admitted()).isFalse();

        assertThat(acquire("k", four, T0).admitted()).isTrue();
        assertThat(acquire("k", four, T0).admitted()).isTrue();
        assertThat(acquire("k", four, T0).admitted()).isFalse();
    }

    @Test
    void acquireWhenDifferentKeysThenIndependentBudgets() {
        for (int i = 0; i < 3; i++) {
            acquire("a", THREE_PER_10S, T0);
        }

        assertThat(acquire("a", THREE_PER_10S, T0).admitted()).isFalse();
        assertThat(acquire("b", THREE_PER_10S, T0).admitted()).isTrue();
        assertThat(acquire("b", THREE_PER_10S, T0).remaining()).isEqualTo(1);
    }

    @Test
    void acquireWhenNotSubscribedThenRecordsNothing() {
        store.acquire("k", new Rate(1, Duration.ofMinutes(1)), T0);

        StepVerifier.create(store.acquire("k", new Rate(1, Duration.ofMinutes(1)), T0))
                .assertNext(outcome -> assertThat(outcome.admitted()).isTrue())
                .verifyComplete();
    }

    @Test
    void acquireWhen200ConcurrentAgainstLimitOf50ThenExactly50Admitted() throws Exception {
        Rate fifty = new Rate(50, Duration.ofMinutes(1));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Instant now = T0.plusNanos(i * 1_000L);
                results.add(threads.submit(() -> {
                    start.await();
                    return store.acquire("shared", fifty, now).block().admitted();
                }));
            }
            start.countDown();

            int admitted = 0;
            for (Future<Boolean> result : results) {
                if (result.get(10, TimeUnit.SECONDS)) {
                    admitted++;
                }
            }

            assertThat(admitted).isEqualTo(50);
            assertThat(peek("shared", fifty, T0.plusSeconds(1)).remaining()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void sizeWhenManyMoreKeysThanMaxKeysThenBounded() {
        MemoryThrottleStore bounded = new MemoryThrottleStore(1_000);
        Rate rate = new Rate(10, Duration.ofHours(1));

        for (int i = 0; i < 20_000; i++) {
            bounded.acquire("ip:" + i, rate, T0).block();
        }

        assertThat(bounded.size()).isBetween(1L, 1_100L);
    }

    @Test
    void sizeWhenMillionDistinctKeysThenFitsWellUnder400Megabytes() {
        long before = usedHeapAfterGc();
        MemoryThrottleStore large = new MemoryThrottleStore(1_000_000);
        Rate rate = new Rate(100, Duration.ofHours(1));

        for (int i = 0; i < 1_000_000; i++) {
            large.acquire("anon:10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff), rate, T0)
                    .subscribe();
        }
        long after = usedHeapAfterGc();

        assertThat(large.size()).isGreaterThan(900_000L);
        assertThat(after - before).as("bytes held by a million keys").isLessThan(400L * 1024 * 1024);
        System.out.printf("MemoryThrottleStore: %d keys hold %d MB%n", large.size(), (after - before) >> 20);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
