package org.clientsapi.web;

import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Every error raised from routing or a controller becomes problem+json. */
@RestControllerAdvice
class ApiExceptionHandler {

    private final ProblemWriter writer;

    ApiExceptionHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @ExceptionHandler(Exception.class)
    Mono<Void> handle(Exception error, ServerWebExchange exchange) {
        return writer.write(exchange, Problems.from(error, exchange));
    }
}
