package org.clientsapi.support;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A test-only route that logs on three threads of one request: the event loop, a timer thread and
 * a worker thread, so a test can see whether each log line carries the request id.
 */
@RestController
public class LoggingController {

    private static final Logger log = LoggerFactory.getLogger(LoggingController.class);

    @GetMapping("/test/log-hops")
    Mono<String> logHops() {
        log.info("hop 1 on {}", Thread.currentThread().getName());
        return Mono.delay(Duration.ofMillis(5))
                .doOnNext(tick -> log.info("hop 2 on {}", Thread.currentThread().getName()))
                .publishOn(Schedulers.boundedElastic())
                .map(tick -> {
                    log.info("hop 3 on {}", Thread.currentThread().getName());
                    return "logged";
                });
    }
}
