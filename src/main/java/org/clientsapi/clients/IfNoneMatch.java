package org.clientsapi.clients;

import java.util.List;

import org.springframework.http.HttpHeaders;

/**
 * Whether an {@code If-None-Match} header of a GET or HEAD matches the current tag, so the answer
 * is 304 (RFC 9110 §13.1.2): {@code *} matches any current representation, and the comparison is
 * weak ({@code W/"1"} matches {@code "1"}). Spring's {@code checkNotModified} takes {@code *} as
 * a match only for unsafe methods.
 */
final class IfNoneMatch {

    private IfNoneMatch() {
    }

    static boolean matches(HttpHeaders headers, String currentTag) {
        List<String> values = headers.get(HttpHeaders.IF_NONE_MATCH);
        if (values == null) {
            return false;
        }
        for (String value : values) {
            for (String tag : value.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || weak(t).equals(currentTag)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String weak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
