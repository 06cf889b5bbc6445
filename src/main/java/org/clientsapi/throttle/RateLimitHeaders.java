package org.clientsapi.throttle;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;

/**
 * The IETF fields of draft-ietf-httpapi-ratelimit-headers, in structured-field list syntax: one
 * item per throttle consulted, named by the throttle.
 * {@code RateLimit-Policy: "user";q=1000;w=3600} and {@code RateLimit: "user";r=999;t=3600}.
 */
final class RateLimitHeaders {

    static final String POLICY = "RateLimit-Policy";
    static final String LIMIT = "RateLimit";

    private RateLimitHeaders() {
    }

    record Entry(Throttle throttle, Outcome outcome) {
    }

    static void write(HttpHeaders headers, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        headers.set(POLICY, entries.stream()
                .map(e -> name(e) + ";q=" + e.throttle().rate().count() + ";w=" + e.throttle().rate().windowSeconds())
                .collect(Collectors.joining(", ")));
        headers.set(LIMIT, entries.stream()
                .map(e -> name(e) + ";r=" + Math.max(0, e.outcome().remaining()) + ";t="
                        + (e.outcome().reset().isZero() ? 0 : Throttled.wholeSecondsUp(e.outcome().reset())))
                .collect(Collectors.joining(", ")));
    }

    /** An sf-string; throttle names are plain ASCII, but quotes and backslashes are escaped all the same. */
    private static String name(Entry entry) {
        return "\"" + entry.throttle().name().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
