package org.clientsapi.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The security headers of every response. Spring Security writes them on whatever passes through
 * its chain (config/SecurityConfiguration sets it up to write exactly these); the few answers given
 * outside that chain (content negotiation ahead of it, requests refused by the HTTP decoder) add them
 * from here, so that every response carries the same set.
 */
public final class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
    public static final String REFERRER_POLICY = "no-referrer";
    /**
     * Swagger UI is a page that must load its own scripts, styles (some inline) and icons (data:
     * URLs), and call the API: the API's policy, which allows nothing, would leave it blank.
     */
    public static final String API_DOCS_CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    /** Name to value, in the order Spring Security writes them. */
    public static final Map<String, String> VALUES;

    static {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        values.put("Pragma", "no-cache");
        values.put("Expires", "0");
        values.put("X-Content-Type-Options", "nosniff");
        values.put("X-Frame-Options", "DENY");
        values.put("X-XSS-Protection", "0");
        values.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        values.put("Referrer-Policy", REFERRER_POLICY);
        VALUES = Collections.unmodifiableMap(values);
    }

    private SecurityHeaders() {
    }

    /** The Content-Security-Policy for a response to {@code path}. */
    public static String contentSecurityPolicy(String path) {
        return path.startsWith("/swagger-ui") || path.startsWith("/webjars/")
                ? API_DOCS_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
    }
}
