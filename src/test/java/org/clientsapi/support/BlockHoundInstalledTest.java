package org.clientsapi.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The guard every other test relies on: a blocking call on a non-blocking thread fails the test. */
class BlockHoundInstalledTest {

    @Test
    void sleepWhenOnNonBlockingThreadThenBlockHoundFails() {
        Mono<Long> blocking = Mono.delay(Duration.ofMillis(1), Schedulers.parallel())
                .doOnNext(tick -> {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        assertThatThrownBy(blocking::block).hasMessageContaining("Blocking call");
    }
}
