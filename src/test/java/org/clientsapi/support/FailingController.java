package org.clientsapi.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Test-only routes that fail on purpose, so that the 500 and 503 answers can be checked on the
 * wire. The security rules permit unknown paths, so anyone may call them.
 */
@RestController
public class FailingController {

    /** What must never reach a response body. */
    public static final String SECRET = "SECRET internals: password=hunter2 at org.clientsapi.Hidden";

    @GetMapping("/test/fail")
    Mono<String> fail() {
        return Mono.error(new IllegalStateException(SECRET));
    }

    @GetMapping("/test/fail-thrown")
    String failThrown() {
        throw new IllegalStateException(SECRET);
    }

    /**
     * How a request body was framed on the wire and how many bytes arrived, so a test can show that
     * what it means to send chunked really is sent without {@code Content-Length}.
     */
    @PostMapping("/test/framing")
    Mono<Map<String, Object>> framing(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return exchange.getRequest().getBody()
                .map(buffer -> {
                    int count = buffer.readableByteCount();
                    DataBufferUtils.release(buffer);
                    return (long) count;
                })
                .reduce(0L, Long::sum)
                .map(bytes -> {
                    Map<String, Object> framing = new LinkedHashMap<>();
                    framing.put("content_length", headers.getFirst(HttpHeaders.CONTENT_LENGTH));
                    framing.put("transfer_encoding", headers.getFirst(HttpHeaders.TRANSFER_ENCODING));
                    framing.put("bytes", bytes);
                    return framing;
                });
    }

    @GetMapping("/test/db-down")
    Mono<String> databaseDown() {
        return Mono.error(new R2dbcNonTransientResourceException(SECRET));
    }
}
