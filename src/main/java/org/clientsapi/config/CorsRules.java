package org.clientsapi.config;

import java.util.Arrays;
import java.util.List;

import org.clientsapi.web.ApiException;
import org.clientsapi.web.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * CORS for browser front ends, from {@code clients-api.cors.allowed-origins} (exact origins or
 * patterns such as {@code https://*.example.com}; none by default, and then no CORS header at all).
 * A preflight is answered here, in the security chain's CORS slot: before the failed-authentication
 * guard, authentication and throttles, so it needs no token and counts against nothing. Spring's
 * own CORS processor decides, except that a preflight asking for any header not allowed is refused
 * whole; unlike Spring Security's CORS filter, a refused request gets a problem+json 403 like every
 * other error of the service.
 */
final class CorsRules {

    /** What a front end may read of a response besides the CORS-safelisted headers. */
    static final List<String> EXPOSED = List.of(HttpHeaders.LINK, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
            "RateLimit", "RateLimit-Policy", "Idempotent-Replayed", HttpHeaders.ETAG, "X-Request-Id");
    static final List<String> ALLOWED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            "Idempotency-Key", HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH, "X-Request-Id");
    static final List<String> ALLOWED_METHODS = List.of(HttpMethod.GET.name(), HttpMethod.POST.name(),
            HttpMethod.PUT.name(), HttpMethod.PATCH.name(), HttpMethod.DELETE.name());

    private CorsRules() {
    }

    /** The configured origins, blanks dropped; empty when CORS is off. */
    static List<String> origins(String[] configured) {
        return Arrays.stream(configured).map(String::strip).filter(origin -> !origin.isEmpty()).toList();
    }

    static CorsConfiguration configuration(List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(origins);
        cors.setAllowedMethods(ALLOWED_METHODS);
        cors.setAllowedHeaders(ALLOWED_HEADERS);
        cors.setExposedHeaders(EXPOSED);
        // Tokens travel in Authorization, never in cookies: browsers need not send credentials.
        cors.setAllowCredentials(false);
        cors.setMaxAge(3600L);
        return cors;
    }

    static WebFilter filter(List<String> origins, ProblemWriter problems) {
        CorsConfiguration cors = configuration(origins);
        DefaultCorsProcessor processor = new DefaultCorsProcessor();
        return (exchange, chain) -> {
            if (!CorsUtils.isCorsRequest(exchange.getRequest())) {
                return chain.filter(exchange);
            }
            if (!allHeadersAllowed(cors, exchange.getRequest().getHeaders()) || !processor.process(cors, exchange)) {
                return problems.write(exchange, new ApiException(HttpStatus.FORBIDDEN, "Invalid CORS request.",
                        "cors_rejected"));
            }
            return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
        };
    }

    /**
     * Whether a preflight may send every header it asks for. Spring's processor answers 200 with the
     * allowed subset, which the browser then fails on its own, unexplained: refuse it here instead.
     */
    private static boolean allHeadersAllowed(CorsConfiguration cors, HttpHeaders request) {
        List<String> asked = request.getAccessControlRequestHeaders();
        if (asked.isEmpty()) {
            return true;
        }
        List<String> allowed = cors.checkHeaders(asked);
        return allowed != null && allowed.size() == asked.size();
    }
}
