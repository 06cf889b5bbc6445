package org.clientsapi.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error the service answers on purpose: a status, DRF's {@code detail} text and code, field
 * errors for bad input, and the headers the status calls for. No stack trace is kept, since it
 * is never shown and these are raised often.
 */
public class ApiException extends RuntimeException {

    static final String MALFORMED = "Malformed request.";

    private final HttpStatus status;
    private final String code;
    private final Map<String, List<String>> errors;
    private final HttpHeaders headers;

    public ApiException(HttpStatus status, String detail, String code) {
        this(status, detail, code, null, HttpHeaders.EMPTY);
    }

    public ApiException(HttpStatus status, String detail, String code, Map<String, List<String>> errors,
            HttpHeaders headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors;
        this.headers = headers;
    }

    public static ApiException notAuthenticated() {
        return unauthorized("Authentication credentials were not provided.", "not_authenticated");
    }

    public static ApiException authenticationFailed(String detail) {
        return unauthorized(detail, "authentication_failed");
    }

    public static ApiException permissionDenied() {
        return new ApiException(HttpStatus.FORBIDDEN, "You do not have permission to perform this action.",
                "permission_denied");
    }

    public static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found.", "not_found");
    }

    public static ApiException invalid(Map<String, List<String>> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid input.", "invalid", errors, HttpHeaders.EMPTY);
    }

    public static ApiException payloadTooLarge() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Request body too large.", "payload_too_large");
    }

    public static ApiException notAcceptable() {
        return new ApiException(HttpStatus.NOT_ACCEPTABLE, "Could not satisfy the request Accept header.",
                "not_acceptable");
    }

    /** A request the HTTP layer cannot take as it is: a control byte in a header, a target that is no URI, a method or path the firewall refuses. */
    public static ApiException malformedRequest() {
        return new ApiException(HttpStatus.BAD_REQUEST, MALFORMED, "malformed_request");
    }

    /** Bytes that are no UTF-8 text: refused, never decoded into a replacement or a character they do not spell. */
    static ApiException notUtf8(String part, String code) {
        return new ApiException(HttpStatus.BAD_REQUEST, part + " is not valid UTF-8.", code);
    }

    private static ApiException unauthorized(String detail, String code) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Token");
        return new ApiException(HttpStatus.UNAUTHORIZED, detail, code, null, headers);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public HttpHeaders headers() {
        return headers;
    }

    Problem toProblem(String instance) {
        return new Problem("about:blank", status.getReasonPhrase(), status.value(), getMessage(), instance, code,
                errors);
    }
}
