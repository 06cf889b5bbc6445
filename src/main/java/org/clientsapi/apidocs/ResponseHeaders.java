package org.clientsapi.apidocs;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.headers.Header;
import org.clientsapi.web.RequestIds;
import org.springframework.http.HttpHeaders;

/**
 * The response headers of the API, under {@code #/components/headers}, and which answers carry
 * them. A header marked required is on every answer it is declared on; the others only when
 * their condition holds (a throttle configured, a next page, a replay).
 */
final class ResponseHeaders {

    static final String REQUEST_ID = RequestIds.HEADER;
    static final String RATE_LIMIT = "RateLimit";
    static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    static final String ETAG = HttpHeaders.ETAG;
    static final String LOCATION = HttpHeaders.LOCATION;
    static final String LINK = HttpHeaders.LINK;
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    static final String RETRY_AFTER = HttpHeaders.RETRY_AFTER;
    static final String WWW_AUTHENTICATE = HttpHeaders.WWW_AUTHENTICATE;

    private ResponseHeaders() {
    }

    static Map<String, Header> all() {
        Map<String, Header> all = new LinkedHashMap<>();
        all.put(REQUEST_ID, header("The request's id, also in the service's log lines: the caller's own when it sent "
                + "a valid one (1 to 128 visible ASCII characters), else a new one.", true, "5c2a9d0e41b7f3a8"));
        all.put(RATE_LIMIT_POLICY, header("The throttles that counted this request (draft-ietf-httpapi-ratelimit-"
                + "headers): one item per throttle, its quota `q` in a window of `w` seconds. Sent once the route's "
                + "throttles have been consulted, which happens after authentication and permissions; absent when "
                + "every throttle of the route is off.", false, "\"user\";q=30000;w=1"));
        all.put(RATE_LIMIT, header("What is left of each throttle of `RateLimit-Policy`: `r` requests remaining, "
                + "`t` seconds until the window frees one. Sent with `RateLimit-Policy`.", false,
                "\"user\";r=29999;t=1"));
        all.put(ETAG, header("The client's version, for If-Match and If-None-Match.", false, "\"3\""));
        all.put(LOCATION, header("`/clients/{id}` of the new client.", false, "/clients/42"));
        all.put(LINK, header("The next page, `<url>; rel=\"next\"`, while there is one.", false,
                "<http://localhost:8080/clients?limit=100&cursor=AAAAAAAAAGQ>; rel=\"next\""));
        all.put(IDEMPOTENT_REPLAYED, header("`true` when this is the stored answer to an earlier request with the "
                + "same Idempotency-Key.", false, "true"));
        all.put(RETRY_AFTER, header("Whole seconds to wait before trying again.", true, "42"));
        all.put(WWW_AUTHENTICATE, header("Always `Token`.", true, "Token"));
        return all;
    }

    static Header ref(String name) {
        return new Header().$ref("#/components/headers/" + name);
    }

    /** The headers of an answer the throttles have counted: its id and the RateLimit pair. */
    static Map<String, Header> counted() {
        Map<String, Header> headers = new LinkedHashMap<>();
        headers.put(REQUEST_ID, ref(REQUEST_ID));
        headers.put(RATE_LIMIT_POLICY, ref(RATE_LIMIT_POLICY));
        headers.put(RATE_LIMIT, ref(RATE_LIMIT));
        return headers;
    }

    /** The headers of an answer refused before the throttles were asked (401, 403, 406): its id only. */
    static Map<String, Header> uncounted() {
        Map<String, Header> headers = new LinkedHashMap<>();
        headers.put(REQUEST_ID, ref(REQUEST_ID));
        return headers;
    }

    private static Header header(String description, boolean required, String example) {
        Header header = new Header().description(description).schema(Schemas.string(null)).example(example);
        return required ? header.required(true) : header;
    }
}
