package org.clientsapi.web;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Errors raised in a web filter never reach the controller advice; this answers them the same
 * way, ahead of Spring Boot's own error handler (order -1), so no HTML or stack trace leaks.
 */
@Component
@Order(-2)
class FallbackExceptionHandler implements WebExceptionHandler {

    private final ProblemWriter writer;

    FallbackExceptionHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        // Outside the request id filter's context: put the id back for the error's log line.
        return Mono.defer(() -> writer.write(exchange, Problems.from(error, exchange)))
                .contextWrite(RequestIds.context(exchange));
    }
}
