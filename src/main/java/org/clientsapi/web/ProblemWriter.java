package org.clientsapi.web;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes every error response of the service as problem+json: the one writer behind the security
 * filters, which a controller advice never sees, and behind the advice itself. Each carries the
 * {@link SecurityHeaders}.
 */
@Component
public class ProblemWriter {

    private final JsonMapper json;

    ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, ApiException error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            // Part of a body is already on the wire: the only honest signal left is a broken connection.
            return Mono.error(error);
        }
        response.setStatusCode(error.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        // Some errors are answered before Spring Security's header writer runs (content negotiation,
        // the firewall): every error carries the security headers all the same.
        SecurityHeaders.VALUES.forEach(response.getHeaders()::set);
        error.headers().forEach((name, values) -> response.getHeaders().put(name, values));
        byte[] body = json.writeValueAsBytes(error.toProblem(exchange.getRequest().getPath().value()));
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
