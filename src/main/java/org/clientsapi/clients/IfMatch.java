package org.clientsapi.clients;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpHeaders;

/**
 * The versions an {@code If-Match} header accepts, for optimistic concurrency: null when there is
 * no header or it is {@code *} (any version will do). Weak tags never match, as RFC 9110 requires
 * for If-Match; a tag that is not one of ours matches nothing.
 */
final class IfMatch {

    private static final Long[] NOTHING = { -1L };

    private IfMatch() {
    }

    static Long[] versions(HttpHeaders headers) {
        List<String> values = headers.get(HttpHeaders.IF_MATCH);
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<Long> versions = new ArrayList<>();
        for (String value : values) {
            for (String tag : value.split(",")) {
                String t = tag.strip();
                if (t.equals("*")) {
                    return null;
                }
                if (t.length() > 2 && t.startsWith("\"") && t.endsWith("\"")) {
                    try {
                        versions.add(Long.parseLong(t.substring(1, t.length() - 1)));
                    } catch (NumberFormatException e) {
                        // not one of ours: matches nothing
                    }
                }
            }
        }
        return versions.isEmpty() ? NOTHING : versions.toArray(Long[]::new);
    }
}
