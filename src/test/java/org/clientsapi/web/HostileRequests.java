package org.clientsapi.web;

import static org.clientsapi.support.Properties.oneOf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.clientsapi.support.Properties;

/**
 * Generators of hostile HTTP requests for {@link HostileInputPropertyTest}: every route and method,
 * odd ids and paths, random query strings, every kind of {@code Authorization}, odd media types, and
 * bodies that are malformed, deeply nested, of the wrong types, null, huge, not UTF-8, full of control
 * characters or duplicate keys. A request built with something Netty's HTTP decoder refuses before
 * the application sees it (a control byte in a header value, a raw character not allowed in a URI, a
 * header or request line over Netty's limits) is marked {@code reachesCodecOnly}.
 */
final class HostileRequests {

    record Request(String method, String target, List<String[]> headers, byte[] body, boolean chunked,
            boolean reachesCodecOnly, String bodyKind, boolean invalidUtf8) {

        String head() {
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\n");
            headers.forEach(h -> head.append(h[0]).append(": ").append(h[1]).append("\r\n"));
            if (chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else if (body.length > 0 || !method.equals("GET") && !method.equals("HEAD")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            return head.toString();
        }

        byte[] wireBody() {
            if (!chunked) {
                return body;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int at = 0; at < body.length; at += 4096) {
                int size = Math.min(4096, body.length - at);
                out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, size);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }

        @Override
        public String toString() {
            String shown = body.length > 300 ? new String(body, 0, 300, StandardCharsets.ISO_8859_1) + "…("
                    + body.length + " bytes)" : new String(body, StandardCharsets.ISO_8859_1);
            StringBuilder text = new StringBuilder(method).append(' ')
                    .append(target.length() > 300 ? target.substring(0, 300) + "…" : target);
            headers.forEach(h -> text.append(" | ").append(h[0]).append(": ")
                    .append(h[1].length() > 200 ? h[1].substring(0, 200) + "…(" + h[1].length() + ")" : h[1]));
            return text.append(chunked ? " | chunked" : "").append(" | body ").append(bodyKind).append(": ")
                    .append(shown).toString();
        }
    }

    /** Strings that have broken services before: SQL, script, format strings, odd Unicode. */
    static final String[] NASTY = { "'); drop table clients;--", "' or '1'='1", "\" or \"\"=\"", "<script>alert(1)</script>",
            "%s%s%n", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "../../etc/passwd", "\\", "%", "_", "*", "\u202eevil",
            "\u200f\u05e9\u05dc\u05d5\u05dd", "😀👍🏽", "𝕳𝖊𝖑𝖑𝖔", "e\u0301", "\ufeff", "\u2028", "Zoë", "null", "NaN",
            "-1", "0", "99999999999999999999", "1e999", "true", "[]", "{}", "", " ", "\t" };

    private final String userToken;
    private final String staffToken;
    private final long knownId;

    HostileRequests(String userToken, String staffToken, long knownId) {
        this.userToken = userToken;
        this.staffToken = staffToken;
        this.knownId = knownId;
    }

    Request next(SplittableRandom random) {
        boolean[] codec = { false };
        boolean[] invalid = { false };
        String method = oneOf(random, "GET", "GET", "POST", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD",
                "OPTIONS", "TRACE", "PROPFIND");
        String target = path(random, codec) + query(random, codec, invalid);
        List<String[]> headers = new ArrayList<>();
        authorization(random, headers, codec, invalid);
        if (random.nextInt(3) > 0) {
            headers.add(new String[] { "Accept", accept(random) });
        }
        String bodyKind = "none";
        byte[] body = new byte[0];
        if (!method.equals("GET") && !method.equals("HEAD") || random.nextInt(10) == 0) {
            String contentType = contentType(random);
            if (contentType != null) {
                headers.add(new String[] { "Content-Type", contentType });
            }
            bodyKind = oneOf(random, "valid", "malformed", "nested", "wrong-types", "nulls", "huge-numbers",
                    "invalid-utf8", "control", "duplicate-keys", "top-level", "too-large", "empty", "form", "nasty");
            body = body(bodyKind, random);
            invalid[0] |= bodyKind.equals("invalid-utf8")
                    || bodyKind.equals("form") && !utf8(unescape(new String(body, StandardCharsets.ISO_8859_1)));
        }
        otherHeaders(random, headers, codec, invalid);
        return new Request(method, target, headers, body, random.nextInt(5) == 0, codec[0], bodyKind, invalid[0]);
    }

    /** Text of one to four bytes a character, and sequences that are no UTF-8: an overlong '/', a surrogate, cut short, F5, a stray continuation byte, past U+10FFFF, an overlong NUL. */
    static final String[] VALID_TEXT = { "Zo\u00eb", "\u20ac", "\ud83d\ude00", "plain", "\u0800\uffef" };
    static final String[] INVALID_HEX = { "c0af", "eda080", "e282", "f5808080", "ff", "80", "f4908080", "c080", "e080af" };

    /**
     * A create by a known user whose text is valid UTF-8 of every length, or with one sequence that is
     * no UTF-8 placed in one part of the request: a JSON string, a form field (escaped or raw), the
     * query or a header. {@code invalidUtf8} says which it is.
     */
    Request utf8Create(SplittableRandom random) {
        String text = oneOf(random, VALID_TEXT);
        String bad = oneOf(random, INVALID_HEX);
        String place = oneOf(random, "none", "none", "json", "form-escaped", "form-raw", "query", "header");
        boolean form = place.startsWith("form") || !place.equals("json") && random.nextBoolean();
        String email = "u" + random.nextLong(1, Long.MAX_VALUE) + "@example.com";
        byte[] name = place.equals("json") || place.equals("form-raw")
                ? concat(utf8(text), HexFormat.of().parseHex(bad)) : utf8(text);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (form) {
            body.writeBytes(utf8("first_name="));
            body.writeBytes(place.equals("form-raw") ? name : utf8(encode(text)));
            if (place.equals("form-escaped")) {
                body.writeBytes(utf8(percent(bad)));
            }
            body.writeBytes(utf8("&last_name=B&email=" + email));
        } else {
            body.writeBytes(utf8("{\"first_name\":\""));
            body.writeBytes(name);
            body.writeBytes(utf8("\",\"last_name\":\"B\",\"email\":\"" + email + "\"}"));
        }
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] { "Authorization", "Token " + userToken });
        headers.add(new String[] { "Content-Type", form ? "application/x-www-form-urlencoded" : "application/json" });
        if (place.equals("header")) {
            headers.add(new String[] { oneOf(random, "X-Request-Id", "Idempotency-Key", "X-Note"),
                    "k" + new String(HexFormat.of().parseHex(bad), StandardCharsets.ISO_8859_1) });
        }
        String target = "/clients" + (place.equals("query") ? "?search=" + percent(bad) : "");
        return new Request("POST", target, headers, body.toByteArray(), random.nextInt(4) == 0, false, place,
                !place.equals("none"));
    }

    private static String percent(String hex) {
        return hex.toUpperCase().replaceAll("(..)", "%$1");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private String path(SplittableRandom random, boolean[] codec) {
        String id = oneOf(random, String.valueOf(knownId), String.valueOf(knownId), "0", "-1", "1",
                "99999999999999999999", "9223372036854775807", "9223372036854775808", "1e999", "1.5", "abc",
                "%00", "%2F", "%zz", "%", "..%2f..", "%F0%9F%98%80", "%C3%28", "%ED%A0%80", "1;jsessionid=x",
                "9".repeat(3000), " ");
        String path = oneOf(random, "/clients", "/clients/", "/clients/" + id, "/clients/" + id + "/",
                "/clients/" + id + "/extra", "/clients//", "//clients", "/auth/token", "/auth/token/",
                "/auth/logout", "/auth/logoutall", "/auth/logout/", "/nope", "/", "/%2e%2e/clients",
                "/clients/./" + id, "/CLIENTS", "/auth/token?x", "*");
        if (path.contains(" ") || path.equals("*") || path.length() > 4000) {
            codec[0] = true;
        }
        return path;
    }

    private static String query(SplittableRandom random, boolean[] codec, boolean[] invalid) {
        int count = random.nextInt(4);
        if (count == 0) {
            return random.nextInt(8) == 0 ? "?" : "";
        }
        StringBuilder query = new StringBuilder("?");
        for (int i = 0; i < count; i++) {
            String name = oneOf(random, "limit", "cursor", "search", "search", "other", "", "limit[]");
            String value = oneOf(random, "1", "1000", "1001", "0", "-5", " 7 ", "99999999999999999999", "1e3", "abc",
                    "AAAAAAAAAAE", "AAAAAAAAAAE=", "////////////", "%", "%zz", "%00", "%FF%FE", "+", "%2B", "%25",
                    "a%20b", "%C3%28", "%C0%AF", "%ED%A0%80", "%F5%80%80%80", "a%E2%82", "%C3%A9",
                    oneOf(random, NASTY), "x".repeat(5000));
            boolean raw = random.nextInt(6) == 0;
            if (raw) {
                // characters RFC 3986 does not allow unencoded in a query: Netty or Spring may refuse the line
                value = oneOf(random, "{", "|", "\"", "<x>", "^", "`", "\\", "[1]", "a b");
                codec[0] = true;
            } else if (!value.startsWith("%") && !value.startsWith("a%") && !value.equals("+")) {
                value = encode(value);
            } else if (!utf8(unescape(value))) {
                invalid[0] = true; // an overlong '/', a surrogate, a sequence cut short, a byte UTF-8 never has
            }
            if (i > 0) {
                query.append('&');
            }
            query.append(name.equals("limit[]") ? "limit%5B%5D" : name).append('=').append(value);
        }
        if (query.length() > 4000) {
            codec[0] = true;
        }
        return query.toString();
    }

    private void authorization(SplittableRandom random, List<String[]> headers, boolean[] codec, boolean[] invalid) {
        int kind = random.nextInt(19);
        String value = switch (kind) {
            case 0, 1, 2 -> null;
            case 3, 4, 5 -> "Token " + userToken;
            case 6 -> "token " + staffToken;
            case 7 -> "";
            case 8 -> "Token";
            case 9 -> "Token  x";
            case 10 -> "Bearer x";
            case 11 -> "token " + hex(random, 40);
            case 12 -> "Token caf\u00e9";
            case 13 -> "Token " + "a".repeat(random.nextInt(2) == 0 ? 5000 : 70_000);
            case 14 -> "Token " + userToken + " extra";
            case 15 -> "Basic ZG9yYTpwdy1kb3Jh";
            case 16 -> "Token a\u0001b";
            case 17 -> "Token \u0080\u0081";
            default -> "Token \u00ff\u00fe";
        };
        if (value == null) {
            return;
        }
        invalid[0] |= !utf8(value.getBytes(StandardCharsets.ISO_8859_1));
        if (value.length() > 8000 || value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            codec[0] = true;
        }
        headers.add(new String[] { "Authorization", value });
        if (random.nextInt(8) == 0) {
            headers.add(new String[] { "Authorization", oneOf(random, "Token " + userToken, "Token nope") });
        }
    }

    private static String accept(SplittableRandom random) {
        return oneOf(random, "*/*", "application/json", "application/problem+json", "application/x-ndjson",
                "text/html", "text/plain", "image/png", ";;;", "application/json;q=abc", "*/json", "application",
                "application/json, text/html;q=0.1", "\u00e9/\u00e9", "x".repeat(3000));
    }

    private static String contentType(SplittableRandom random) {
        return oneOf(random, null, "application/json", "application/json", "application/json", "application/json",
                "application/json;charset=UTF-8", "application/json; charset=ISO-8859-1",
                "application/json; charset=nonsense", "application/json; charset=\"", "text/plain",
                "application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "multipart/form-data",
                "application/problem+json", "application/merge-patch+json", "}{", "", "application/xml", "*/*");
    }

    private void otherHeaders(SplittableRandom random, List<String[]> headers, boolean[] codec, boolean[] invalid) {
        if (random.nextInt(4) == 0) {
            headers.add(new String[] { "Idempotency-Key", oneOf(random, "k-" + random.nextLong(), "", " ",
                    "\u00e9t\u00e9", "x".repeat(300), "same-key", "a b", "k\u00c0\u00af") });
        }
        if (random.nextInt(10) == 0) {
            headers.add(new String[] { "X-Request-Id", oneOf(random, "r-1", "r\u00c0\u00af", "\u00ed\u00a0\u0080") });
        }
        if (random.nextInt(5) == 0) {
            headers.add(new String[] { oneOf(random, "If-Match", "If-None-Match"),
                    oneOf(random, "*", "\"1\"", "W/\"1\"", "\"abc\"", "\"99999999999999999999\"", "\"", "1, 2, \"3\"",
                            "\"-1\"") });
        }
        if (random.nextInt(6) == 0) {
            headers.add(new String[] { "X-Forwarded-For", oneOf(random, "1.2.3.4", "::1", "nonsense", ",,,",
                    "999.999.999.999", "1.2.3.4, 5.6.7.8") });
        }
        if (random.nextInt(12) == 0) {
            // a header past Netty's default 8 KB limit on the header block
            headers.add(new String[] { "X-Long", "v".repeat(oneOf(random, 9000, 65_536)) });
            codec[0] = true;
        }
        if (random.nextInt(15) == 0) {
            headers.add(new String[] { "X-Control", "a\u0000b\u007f" });
            codec[0] = true;
        }
        if (random.nextInt(10) == 0) {
            headers.add(new String[] { "X-Latin1", "caf\u00e9 \u00ff" });
        }
        invalid[0] |= headers.stream().filter(h -> !h[0].equals("Authorization"))
                .anyMatch(h -> !utf8(h[1].getBytes(StandardCharsets.ISO_8859_1)));
    }

    private byte[] body(String kind, SplittableRandom random) {
        String email = "p" + random.nextLong(1, Long.MAX_VALUE) + "@example.com";
        String valid = "{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"email\":\"" + email + "\"}";
        return switch (kind) {
            case "valid" -> utf8(random.nextBoolean() ? valid
                    : "{\"username\":\"" + oneOf(random, "dora", "staff", "'; drop table users;--") + "\",\"password\":\""
                            + oneOf(random, "pw-dora", "wrong", "") + "\"}");
            case "malformed" -> utf8(oneOf(random, valid.substring(0, random.nextInt(valid.length())), "{", "[", "}",
                    "{\"first_name\":}", "{'first_name':'a'}", "nul", "{}x", "{\"a\":1,}", "\"unterminated", "[1,2",
                    "{\"first_name\" \"a\"}", "0x10", "+1", "01", ".5", "NaN", "Infinity", "/* c */ {}"));
            case "nested" -> utf8(nested(random.nextBoolean() ? 10_000 : 600, random.nextBoolean()));
            case "wrong-types" -> utf8("{\"first_name\":" + oneOf(random, "1", "true", "[]", "{}", "[\"a\"]", "1.5",
                    "{\"a\":\"b\"}") + ",\"last_name\":" + oneOf(random, "false", "0", "\"ok\"") + ",\"email\":"
                    + oneOf(random, "[\"" + email + "\"]", "42", "\"" + email + "\"") + "}");
            case "nulls" -> utf8(oneOf(random, "null", "{\"first_name\":null,\"last_name\":null,\"email\":null}",
                    "{\"first_name\":\"A\",\"last_name\":\"B\",\"email\":null}", "[null]", "{\"username\":null}"));
            case "huge-numbers" -> utf8("{\"first_name\":" + oneOf(random, "1e999", "-1e999", "1e-999",
                    "99999999999999999999", "9".repeat(1500), "1" + "0".repeat(900) + ".5", "-0",
                    "123456789012345678901234567890e123456789") + ",\"last_name\":\"B\",\"email\":\"" + email + "\"}");
            case "invalid-utf8" -> invalidUtf8(random, email);
            case "control" -> utf8("{\"first_name\":\"" + oneOf(random, "a\u0001b", "\u0000", "tab\tin", "bell\u0007",
                    "\\u0000", "a\\u0000b", "\\u0007", "\\ud800", "\\udc00x", "\\ud83d\\ude00", "line\nbreak")
                    + "\",\"last_name\":\"B\",\"email\":\"" + email + "\"}");
            case "duplicate-keys" -> utf8("{\"first_name\":\"A\",\"first_name\":" + oneOf(random, "\"B\"", "null", "1")
                    + ",\"last_name\":\"C\",\"email\":\"" + email + "\",\"email\":\"" + oneOf(random, email, "bad") + "\"}");
            case "top-level" -> utf8(oneOf(random, "[]", "\"str\"", "1", "true", "[{}]", "[" + valid + "]"));
            case "too-large" -> utf8("{\"first_name\":\"" + "a".repeat(70_000) + "\",\"last_name\":\"B\",\"email\":\""
                    + email + "\"}");
            case "empty" -> new byte[0];
            case "form" -> utf8(oneOf(random, "first_name=Ada&last_name=Lovelace&email=" + email,
                    "first_name=%FF%FE&last_name=%00&email=" + email, "first_name&last_name=&email=%",
                    "first_name=A%C0%AFB&last_name=B&email=" + email, "first_name=%ED%A0%80&last_name=B&email=" + email,
                    "=&&=&first_name=%zz", "username=dora&password=pw-dora", "a=" + "b".repeat(70_000)));
            default -> utf8("{\"first_name\":\"" + json(oneOf(random, NASTY)) + "\",\"last_name\":\""
                    + json(oneOf(random, NASTY)) + "\",\"email\":\"" + oneOf(random, email, "<script>@x.y",
                            "a'--@example.com") + "\",\"search\":\"" + json(oneOf(random, NASTY)) + "\"}");
        };
    }

    private static String nested(int depth, boolean arrays) {
        StringBuilder text = new StringBuilder(depth * 8);
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "[" : "{\"a\":");
        }
        text.append("1");
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "]" : "}");
        }
        return text.toString();
    }

    private static byte[] invalidUtf8(SplittableRandom random, String email) {
        byte[] bad = oneOf(random, new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF },
                new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xC0, (byte) 0xAF },
                new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, new byte[] { (byte) 0xE2, (byte) 0x82 });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8("{\"first_name\":\"A"));
        out.writeBytes(bad);
        out.writeBytes(utf8("\",\"last_name\":\"B\",\"email\":\"" + email + "\"}"));
        return out.toByteArray();
    }

    private static String hex(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString();
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 0x80 || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String json(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the bytes are valid UTF-8, by the JDK's strict decoder (an independent judge of the service's check). */
    static boolean utf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The bytes a form body or query value stands for: its well-formed {@code %XX} escapes decoded. */
    private static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
