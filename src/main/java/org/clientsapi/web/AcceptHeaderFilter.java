package org.clientsapi.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Content negotiation comes first, as in DRF: a caller that accepts none of our types gets 406
 * before its credentials are even looked at.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AcceptHeaderFilter implements WebFilter {

    private static final List<MediaType> PRODUCED = List.of(MediaType.APPLICATION_JSON,
            MediaType.APPLICATION_PROBLEM_JSON, MediaType.APPLICATION_NDJSON);

    private final ProblemWriter problems;

    AcceptHeaderFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        List<String> accept = exchange.getRequest().getHeaders().get(HttpHeaders.ACCEPT);
        if (accept == null || accept.isEmpty() || acceptable(accept)) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, ApiException.notAcceptable());
    }

    private static boolean acceptable(List<String> accept) {
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(wanted -> PRODUCED.stream().anyMatch(wanted::isCompatibleWith));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
