package org.clientsapi.web;

import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses with 400 a request whose query or any header value is not valid UTF-8 (see {@link Utf8}),
 * before anything decodes them: Spring's decoding of a query would replace the bad bytes, and an
 * overlong form is the classic way past a filter. Runs right after the request id is given, ahead
 * of security. {@code Authorization} is left to the token converter, which answers a {@code Token}
 * header that is not visible ASCII with DRF's 401 and ignores any other scheme. Bodies are checked
 * by {@link StrictUtf8Bodies}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class StrictUtf8Filter implements WebFilter {

    private final ProblemWriter problems;

    StrictUtf8Filter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawQuery = exchange.getRequest().getURI().getRawQuery();
        if (rawQuery != null && !Utf8.validQuery(rawQuery)) {
            return problems.write(exchange, ApiException.notUtf8("The query string", "malformed_request"));
        }
        for (Map.Entry<String, List<String>> header : exchange.getRequest().getHeaders().headerSet()) {
            if (header.getKey().equalsIgnoreCase(HttpHeaders.AUTHORIZATION)) {
                continue;
            }
            for (String value : header.getValue()) {
                if (!Utf8.validHeader(value)) {
                    return problems.write(exchange,
                            ApiException.notUtf8("The " + header.getKey() + " header", "malformed_request"));
                }
            }
        }
        return chain.filter(exchange);
    }
}
