package org.clientsapi.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The fields of a request body, JSON or form, read with DRF's rules and texts. Every field's
 * errors are gathered, so the caller learns all of them in one 400.
 */
public final class InputFields {

    public static final String NULL_CHARACTERS = "Null characters are not allowed.";

    private final Map<String, ?> values;
    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    private InputFields(Map<String, ?> values) {
        this.values = values;
    }

    /** A decoded JSON body: an object, or nothing (read as an empty object, as DRF does). */
    public static InputFields fromJson(Object body) {
        if (body == null) {
            return new InputFields(Map.of());
        }
        if (body instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> fields = (Map<String, ?>) map;
            return new InputFields(fields);
        }
        throw ApiException.invalid(Map.of("non_field_errors",
                List.of("Invalid data. Expected a dictionary, but got " + pythonType(body) + ".")));
    }

    /** A form body; a repeated field counts by its first value. */
    public static InputFields fromForm(MultiValueMap<String, String> form) {
        return new InputFields(form.toSingleValueMap());
    }

    /**
     * The form body of the request. A broken percent escape ({@code email=%}, {@code %zz}) makes
     * Spring's form reader throw a bare IllegalArgumentException, which would be a 500: it is the
     * caller's mistake, so a 400 parse error.
     */
    public static Mono<InputFields> fromForm(ServerWebExchange exchange) {
        return exchange.getFormData()
                .onErrorMap(IllegalArgumentException.class, e -> new ApiException(HttpStatus.BAD_REQUEST,
                        "Form parse error - " + String.valueOf(e.getMessage()).replace("URLDecoder: ", ""),
                        "parse_error"))
                .map(InputFields::fromForm);
    }

    /** A required string, stripped of surrounding white space when {@code strip}, at most {@code max} characters. */
    public String requiredString(String name, boolean strip, int max) {
        if (!values.containsKey(name)) {
            return reject(name, "This field is required.");
        }
        Object value = values.get(name);
        if (value == null) {
            return reject(name, "This field may not be null.");
        }
        if (!(value instanceof String text) || hasLoneSurrogate(text)) {
            // JSON may escape a lone surrogate (U+D800 alone); written to PostgreSQL it would become '?' unseen
            return reject(name, "Not a valid string.");
        }
        if (text.indexOf('\u0000') >= 0) {
            // DRF's rule, and PostgreSQL cannot store NUL in text: without it, a 500
            return reject(name, NULL_CHARACTERS);
        }
        String result = strip ? text.strip() : text;
        if (result.isEmpty()) {
            return reject(name, "This field may not be blank.");
        }
        if (result.codePointCount(0, result.length()) > max) {
            reject(name, "Ensure this field has no more than " + max + " characters.");
        }
        return result;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** Records an error on a field; returns null so a caller can write {@code return reject(...)}. */
    public String reject(String name, String message) {
        errors.computeIfAbsent(name, key -> new ArrayList<>()).add(message);
        return null;
    }

    /** Throws the 400 listing every error found so far, if there is any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    /** Whether a UTF-16 surrogate in the text has no partner, which makes it no Unicode text at all. */
    public static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String pythonType(Object value) {
        if (value instanceof List<?>) {
            return "list";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "int";
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return "float";
        }
        return value.getClass().getSimpleName().toLowerCase();
    }
}
