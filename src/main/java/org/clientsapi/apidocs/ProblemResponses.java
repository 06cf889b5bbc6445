package org.clientsapi.apidocs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * Every error the API answers, under {@code #/components/responses}, each with an example
 * {@code application/problem+json} body holding the exact texts of design.md §2.3.
 */
final class ProblemResponses {

    static final String INVALID = "Invalid";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String FORBIDDEN = "Forbidden";
    static final String NOT_FOUND = "NotFound";
    static final String NOT_ACCEPTABLE = "NotAcceptable";
    static final String CONFLICT = "Conflict";
    static final String PRECONDITION_FAILED = "PreconditionFailed";
    static final String TOO_LARGE = "PayloadTooLarge";
    static final String UNSUPPORTED = "UnsupportedMediaType";
    static final String IDEMPOTENCY_MISMATCH = "IdempotencyMismatch";
    static final String THROTTLED = "Throttled";
    static final String UNAVAILABLE = "Unavailable";

    /** Answered by authentication, permissions or content negotiation, before any throttle counts the request. */
    private static final Set<String> REFUSED_BEFORE_THROTTLES = Set.of(UNAUTHORIZED, FORBIDDEN, NOT_ACCEPTABLE);

    private ProblemResponses() {
    }

    static Map<String, ApiResponse> all() {
        Map<String, ApiResponse> all = new LinkedHashMap<>();
        all.put(INVALID, response("Invalid input: parameters, fields or a body that is not JSON.",
                example("invalid", "Fields failed validation", problem(400, "Bad Request", "Invalid input.", "/clients",
                        "invalid", Map.of("email", List.of("Enter a valid email address."),
                                "first_name", List.of("This field is required.")))),
                example("parse_error", "The body is not JSON", problem(400, "Bad Request",
                        "JSON parse error - Unexpected end-of-input: expected close marker for Object", "/clients",
                        "parse_error", null))));
        all.put(UNAUTHORIZED, withHeader(response("No credentials, or a token that is not valid.",
                example("not_authenticated", "No Authorization header", problem(401, "Unauthorized",
                        "Authentication credentials were not provided.", "/clients", "not_authenticated", null)),
                example("invalid_token", "Unknown, revoked or expired token", problem(401, "Unauthorized",
                        "Invalid token.", "/clients", "authentication_failed", null)),
                example("inactive", "The token's user is deactivated", problem(401, "Unauthorized",
                        "User inactive or deleted.", "/clients", "authentication_failed", null)),
                example("malformed", "`Token` with no key", problem(401, "Unauthorized",
                        "Invalid token header. No credentials provided.", "/clients", "authentication_failed", null))),
                ResponseHeaders.WWW_AUTHENTICATE));
        all.put(FORBIDDEN, response("Authenticated, but the route's permissions refuse this user (DELETE needs staff).",
                example("permission_denied", "Not a staff user", problem(403, "Forbidden",
                        "You do not have permission to perform this action.", "/clients/42", "permission_denied",
                        null))));
        all.put(NOT_FOUND, response("No such client (or path).",
                example("not_found", "Unknown id", problem(404, "Not Found", "Not found.", "/clients/42", "not_found",
                        null))));
        all.put(NOT_ACCEPTABLE, response("The Accept header names no type the API produces.",
                example("not_acceptable", "Accept: text/html only", problem(406, "Not Acceptable",
                        "Could not satisfy the request Accept header.", "/clients", "not_acceptable", null))));
        all.put(CONFLICT, response("The email belongs to another client, or a retry with the same Idempotency-Key "
                + "arrived while the first request was still running.",
                example("unique", "Duplicate email", problem(409, "Conflict", "Client with this email already exists.",
                        "/clients", "unique", null)),
                example("idempotency_in_progress", "Concurrent retry", problem(409, "Conflict",
                        "A request with this Idempotency-Key is still being processed.", "/clients",
                        "idempotency_in_progress", null))));
        all.put(PRECONDITION_FAILED, response("If-Match names a version the client no longer has.",
                example("precondition_failed", "Stale If-Match", problem(412, "Precondition Failed",
                        "The client has changed since it was read; fetch it again.", "/clients/42",
                        "precondition_failed", null))));
        all.put(TOO_LARGE, response("The body is over the limit (64 KiB by default); refused before it is read.",
                example("payload_too_large", "Body too large", problem(413, "Content Too Large",
                        "Request body too large.", "/clients", "payload_too_large", null))));
        all.put(UNSUPPORTED, response("The body is neither JSON nor a form.",
                example("unsupported_media_type", "text/plain body", problem(415, "Unsupported Media Type",
                        "Unsupported media type \"text/plain\" in request.", "/clients", "unsupported_media_type",
                        null))));
        all.put(IDEMPOTENCY_MISMATCH, response("The Idempotency-Key was used before with another payload.",
                example("idempotency_mismatch", "Same key, other body", problem(422, "Unprocessable Content",
                        "This Idempotency-Key was already used with another payload.", "/clients",
                        "idempotency_mismatch", null))));
        all.put(THROTTLED, withHeader(response("Too many requests in the window of one of the route's throttles.",
                example("throttled", "Throttled", problem(429, "Too Many Requests",
                        "Request was throttled. Expected available in 42 seconds.", "/clients", "throttled", null))),
                ResponseHeaders.RETRY_AFTER));
        all.put(UNAVAILABLE, withHeader(response("The database (or, failing closed, the Redis throttle store) cannot "
                + "be reached.",
                example("unavailable", "Database down", problem(503, "Service Unavailable",
                        "Service temporarily unavailable.", "/clients", "unavailable", null))),
                ResponseHeaders.RETRY_AFTER));
        all.forEach((name, response) -> {
            Map<String, Header> headers = REFUSED_BEFORE_THROTTLES.contains(name) ? ResponseHeaders.uncounted()
                    : ResponseHeaders.counted();
            if (response.getHeaders() != null) {
                headers.putAll(response.getHeaders());
            }
            response.setHeaders(headers);
        });
        return all;
    }

    static ApiResponse ref(String name) {
        return new ApiResponse().$ref("#/components/responses/" + name);
    }

    private static Map<String, Object> problem(int status, String title, String detail, String instance, String code,
            Map<String, List<String>> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        body.put("code", code);
        if (errors != null) {
            body.put("errors", errors);
        }
        return body;
    }

    private static Map.Entry<String, Example> example(String name, String summary, Map<String, Object> body) {
        return Map.entry(name, new Example().summary(summary).value(body));
    }

    @SafeVarargs
    private static ApiResponse response(String description, Map.Entry<String, Example>... examples) {
        MediaType media = new MediaType().schema(Schemas.ref(Schemas.PROBLEM));
        for (Map.Entry<String, Example> example : examples) {
            media.addExamples(example.getKey(), example.getValue());
        }
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        media));
    }

    private static ApiResponse withHeader(ApiResponse response, String name) {
        return response.addHeaderObject(name, ResponseHeaders.ref(name));
    }
}
