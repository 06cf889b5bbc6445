package org.clientsapi.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Gives each request its id before anything else runs (ahead of content negotiation and of the
 * security chain), so that every response carries {@code X-Request-Id}, the errors the security
 * filters write included, and every log line written for the request has it in its MDC.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter implements WebFilter {

    RequestIdFilter() {
        RequestIds.register();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = RequestIds.accepted(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        if (id == null) {
            id = RequestIds.generate();
        }
        exchange.getAttributes().put(RequestIds.ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(RequestIds.HEADER, id);
        return chain.filter(exchange).contextWrite(Context.of(RequestIds.KEY, id));
    }
}
