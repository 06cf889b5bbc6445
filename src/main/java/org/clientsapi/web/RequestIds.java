package org.clientsapi.web;

import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;
import org.springframework.web.server.ServerWebExchange;
import reactor.util.context.Context;

/**
 * Request ids: the caller's {@code X-Request-Id} when it is a sane token, else one of ours. The id
 * travels in the Reactor context under {@link #KEY}, which Reactor's automatic context propagation
 * copies into the logging MDC on whatever thread the request's work runs.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** The MDC key (and Reactor context key) that log lines carry the id under. */
    public static final String KEY = "requestId";
    static final String ATTRIBUTE = RequestIds.class.getName();

    private static final int MAX_LENGTH = 128;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, () -> MDC.get(KEY),
                value -> MDC.put(KEY, value), () -> MDC.remove(KEY));
    }

    private RequestIds() {
    }

    /** Makes sure the MDC accessor is registered before the first request (class initialisation does it). */
    static void register() {
        // the static initialiser above is the work
    }

    /**
     * The caller's id when it is 1 to 128 characters of {@code [A-Za-z0-9._:-]}. Anything else
     * (empty, too long, spaces, quotes, CR/LF) is not echoed into our logs or headers: null, so a
     * new id is made.
     */
    static String accepted(String header) {
        if (header == null || header.isEmpty() || header.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return null;
            }
        }
        return header;
    }

    /**
     * 16 hex digits (64 random bits) from {@link ThreadLocalRandom}: unique enough to find one
     * request in the logs, and unlike {@code UUID.randomUUID()} never waits on the system's
     * entropy (SecureRandom) on an event-loop thread.
     */
    static String generate() {
        long bits = ThreadLocalRandom.current().nextLong();
        char[] id = new char[16];
        for (int i = 15; i >= 0; i--) {
            id[i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
        return new String(id);
    }

    /** The id of this exchange, once the filter has run; null before. */
    public static String of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    /** The Reactor context that puts this exchange's id in the MDC of the work it is written to. */
    static Context context(ServerWebExchange exchange) {
        String id = of(exchange);
        return id == null ? Context.empty() : Context.of(KEY, id);
    }
}
