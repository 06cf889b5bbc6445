package org.clientsapi.web;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses bodies over {@code clients-api.max-body-size} with 413 before they are buffered: at once
 * when {@code Content-Length} says so, else as soon as a chunked body goes past the limit.
 * Ordered after security, so an anonymous caller is told 401 without its body being read.
 */
@Component
class BodySizeFilter implements WebFilter {

    private final long limit;
    private final ProblemWriter problems;

    BodySizeFilter(BodyLimit limit, ProblemWriter problems) {
        this.limit = limit.maxBodySize().toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > limit) {
            return problems.write(exchange, ApiException.payloadTooLarge());
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(new Counted(exchange.getRequest(), limit)).build());
    }

    private static final class Counted extends ServerHttpRequestDecorator {
        private final long limit;

        Counted(ServerHttpRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                    org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                    sink.error(ApiException.payloadTooLarge());
                } else {
                    sink.next(buffer);
                }
            });
        }
    }
}
