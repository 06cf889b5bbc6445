package org.clientsapi.web;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;

/** Turns whatever went wrong into the {@link ApiException} the client is told about. */
final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    /** An outage turns every request into a 503: one warning in ten seconds says as much as thousands. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final AtomicLong nextWarning = new AtomicLong(System.nanoTime());

    private static final AtomicLong unwarned = new AtomicLong();

    private Problems() {
    }

    static ApiException from(Throwable error, ServerWebExchange exchange) {
        if (error instanceof ApiException api) {
            return api;
        }
        if (causedBy(error, DataBufferLimitException.class)) {
            return ApiException.payloadTooLarge();
        }
        if (error instanceof MethodNotAllowedException e) {
            return methodNotAllowed(exchange.getRequest().getMethod(), e.getSupportedMethods());
        }
        if (error instanceof NotAcceptableStatusException) {
            return ApiException.notAcceptable();
        }
        if (error instanceof UnsupportedMediaTypeStatusException e) {
            return unsupportedMediaType(e.getContentType());
        }
        if (error instanceof ServerWebInputException e && e.getCause() instanceof DecodingException) {
            return parseError(e);
        }
        if (error instanceof ResponseStatusException e && e.getStatusCode().value() == 404) {
            return ApiException.notFound();
        }
        if (error instanceof ResponseStatusException e && e.getStatusCode().is4xxClientError()) {
            HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
            return new ApiException(status, status.getReasonPhrase() + ".", status == HttpStatus.BAD_REQUEST
                    ? "invalid" : "error");
        }
        if (databaseUnreachable(error)) {
            warnUnreachable(exchange, error);
            return unavailable();
        }
        log.error("Unhandled error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                error);
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "A server error occurred.", "error");
    }

    private static void warnUnreachable(ServerWebExchange exchange, Throwable error) {
        long now = System.nanoTime();
        long next = nextWarning.get();
        if (now - next < 0 || !nextWarning.compareAndSet(next, now + WARN_EVERY_NANOS)) {
            unwarned.incrementAndGet();
            return;
        }
        log.warn("Database unreachable on {} {}: {} ({} more 503s since the last warning)",
                exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error, unwarned.getAndSet(0));
    }

    static ApiException methodNotAllowed(HttpMethod method, Set<HttpMethod> allowed) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.ALLOW, allowed.stream().map(HttpMethod::name).sorted()
                .collect(Collectors.joining(", ")));
        return new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "Method \"" + method.name() + "\" not allowed.",
                "method_not_allowed", null, headers);
    }

    static ApiException unsupportedMediaType(MediaType contentType) {
        String type = contentType == null ? "" : contentType.toString();
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type \"" + type + "\" in request.", "unsupported_media_type");
    }

    /** DRF's text with the parser's own words, which name a position in the body and nothing of ours. */
    private static ApiException parseError(ServerWebInputException error) {
        Throwable cause = error;
        while (cause != null && !(cause instanceof JacksonException)) {
            cause = cause.getCause();
        }
        String reason = cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : "malformed body";
        return new ApiException(HttpStatus.BAD_REQUEST, "JSON parse error - " + withoutLocation(firstLine(reason)),
                "parse_error");
    }

    /**
     * Some parser messages embed a location, e.g. {@code (start marker at [Source: REDACTED
     * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ...])}, which names parser classes: cut it.
     */
    private static String withoutLocation(String reason) {
        int source = reason.indexOf("[Source:");
        if (source < 0) {
            return reason;
        }
        int open = reason.lastIndexOf('(', source);
        return reason.substring(0, open >= 0 ? open : source).strip();
    }

    private static ApiException unavailable() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service temporarily unavailable.", "unavailable",
                null, headers);
    }

    private static boolean databaseUnreachable(Throwable error) {
        return causedBy(error, DataAccessResourceFailureException.class)
                || causedBy(error, TransientDataAccessException.class)
                || causedBy(error, R2dbcTransientResourceException.class)
                || causedBy(error, R2dbcNonTransientResourceException.class)
                || causedBy(error, java.net.ConnectException.class)
                || causedBy(error, java.util.concurrent.TimeoutException.class);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
