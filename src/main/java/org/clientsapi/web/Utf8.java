package org.clientsapi.web;

/**
 * Strict UTF-8 (RFC 3629), one byte at a time, so a body is checked as it streams in: no overlong
 * form ({@code C0 AF} for '/'), no surrogate ({@code ED A0 80}), nothing past U+10FFFF or from
 * {@code F5}..{@code FF}, no stray or missing continuation byte. Java's decoding into a
 * {@code String} replaces such bytes and Jackson takes some of them as characters: what is refused
 * here reaches neither. For a query string or a form body the bytes checked are those its
 * {@code %} escapes stand for.
 */
final class Utf8 {

    private final boolean escaped;
    private int remaining;
    private int lower = 0x80;
    private int upper = 0xBF;
    /** Inside an escape: the chars of it seen so far ('%' and at most one hex digit). */
    private final StringBuilder escape = new StringBuilder(2);

    private Utf8(boolean escaped) {
        this.escaped = escaped;
    }

    /** Checks raw bytes. */
    static Utf8 bytes() {
        return new Utf8(false);
    }

    /** Checks text whose {@code %XX} escapes stand for bytes ({@code application/x-www-form-urlencoded}, a query). */
    static Utf8 percentEscaped() {
        return new Utf8(true);
    }

    /** Whether a header value, as Netty reads it (one char a byte), is valid UTF-8. */
    static boolean validHeader(String value) {
        return bytes().takeAll(value);
    }

    /** Whether a raw query is valid UTF-8 once its escapes are decoded. */
    static boolean validQuery(String rawQuery) {
        return percentEscaped().takeAll(rawQuery);
    }

    /** Takes the next byte (a char up to U+00FF stands for the byte of that value); false once it cannot be valid. */
    boolean take(int b) {
        if (!escaped) {
            return accept(b);
        }
        if (escape.isEmpty() && b != '%') {
            return accept(b);
        }
        escape.append((char) b);
        if (escape.length() == 1) {
            return true;
        }
        if (Character.digit(escape.charAt(escape.length() - 1), 16) < 0) {
            // a broken escape: left to the reader that decodes the text, which refuses it with its own words
            String broken = escape.toString();
            escape.setLength(0);
            return broken.chars().allMatch(this::accept);
        }
        if (escape.length() == 3) {
            int value = Character.digit(escape.charAt(1), 16) << 4 | Character.digit(escape.charAt(2), 16);
            escape.setLength(0);
            return accept(value);
        }
        return true;
    }

    /** Whether what was taken, now at its end, ends on a character's boundary (an escape cut short counts as its chars). */
    boolean complete() {
        String broken = escape.toString();
        escape.setLength(0);
        return broken.chars().allMatch(this::accept) && remaining == 0;
    }

    private boolean takeAll(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!take(text.charAt(i))) {
                return false;
            }
        }
        return complete();
    }

    private boolean accept(int b) {
        if (b > 0xFF) {
            return false;
        }
        if (remaining > 0) {
            if (b < lower || b > upper) {
                return false;
            }
            remaining--;
            lower = 0x80;
            upper = 0xBF;
            return true;
        }
        if (b < 0x80) {
            return true;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            remaining = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            remaining = 2;
            lower = b == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
            upper = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
        } else if (b >= 0xF0 && b <= 0xF4) {
            remaining = 3;
            lower = b == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
            upper = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be past U+10FFFF
        } else {
            return false; // a continuation byte with no lead, C0 or C1 (overlong), F5..FF
        }
        return true;
    }
}
