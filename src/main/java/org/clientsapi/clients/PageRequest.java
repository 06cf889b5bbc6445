package org.clientsapi.clients;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.clientsapi.web.ApiException;
import org.clientsapi.web.InputFields;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * One page of {@code GET /clients}: clients after a cursor (opaque to callers: the last id seen),
 * at most {@code limit} of them, matching {@code search} when given. Bad parameters are a 400
 * naming the parameter, never a 500 or an empty page.
 */
record PageRequest(long after, int limit, String search) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    static PageRequest from(MultiValueMap<String, String> query) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        int limit = limit(query.getFirst("limit"), errors);
        long after = cursor(query.getFirst("cursor"), errors);
        String search = query.getFirst("search");
        if (search != null && search.indexOf('\u0000') >= 0) {
            // no stored text holds NUL (PostgreSQL cannot): say so rather than search for something else
            errors.put("search", List.of(InputFields.NULL_CHARACTERS));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new PageRequest(after, limit, search == null || search.isBlank() ? null : search.strip());
    }

    /**
     * The link to the page after the one that ended with {@code lastId}: the request's URI with its
     * other parameters kept, as decoded, and encoded again in full (so that a {@code +}, a {@code %}
     * or a character not allowed raw in a URI means the same on the next request), then the cursor.
     */
    static String nextLink(URI current, MultiValueMap<String, String> query, long lastId) {
        StringBuilder next = new StringBuilder();
        query.forEach((name, values) -> {
            if (!name.equals("cursor")) {
                for (String value : values) {
                    next.append(UriUtils.encode(name, StandardCharsets.UTF_8));
                    if (value != null) {
                        next.append('=').append(UriUtils.encode(value, StandardCharsets.UTF_8));
                    }
                    next.append('&');
                }
            }
        });
        next.append("cursor=").append(encode(lastId));
        return UriComponentsBuilder.fromUri(current).replaceQuery(next.toString()).build(true).toUriString();
    }

    static String encode(long id) {
        return ENCODER.encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(id).array());
    }

    private static int limit(String text, Map<String, List<String>> errors) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            long limit = Long.parseLong(text.strip());
            if (limit < 1) {
                errors.put("limit", List.of("Ensure this value is greater than or equal to 1."));
            } else if (limit > MAX_LIMIT) {
                errors.put("limit", List.of("Ensure this value is less than or equal to " + MAX_LIMIT + "."));
            }
            return (int) Math.max(1, Math.min(limit, MAX_LIMIT));
        } catch (NumberFormatException e) {
            errors.put("limit", List.of("A valid integer is required."));
            return DEFAULT_LIMIT;
        }
    }

    private static long cursor(String text, Map<String, List<String>> errors) {
        if (text == null) {
            return 0;
        }
        try {
            byte[] bytes = DECODER.decode(text);
            long id = bytes.length == Long.BYTES ? ByteBuffer.wrap(bytes).getLong() : -1;
            if (id >= 0) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // not base64: falls through
        }
        errors.put("cursor", List.of("Invalid cursor."));
        return 0;
    }
}
