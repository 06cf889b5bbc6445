package org.clientsapi.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.MultiValueMap;

/**
 * The fields of a request body, JSON or form, read with DRF's rules and texts. Every field's
 * errors are gathered, so the caller learns all of them in one 400.
 */
public final class InputFields {

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

    /** A required string, stripped of surrounding white space when {@code strip}, at most {@code max} characters. */
    public String requiredString(String name, boolean strip, int max) {
        if (!values.containsKey(name)) {
            return reject(name, "This field is required.");
        }
        Object value = values.get(name);
        if (value == null) {
            return reject(name, "This field may not be null.");
        }
        if (!(value instanceof String text)) {
            return reject(name, "Not a valid string.");
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
