package org.clientsapi.importer;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import tools.jackson.databind.JsonNode;

/** Reading one field of a dump record, or saying exactly why it cannot be read. */
final class DumpFields {

    /** A field missing or of the wrong type or size: the record is malformed. */
    static final class BadField extends RuntimeException {
        BadField(String message) {
            super(message, null, false, false);
        }
    }

    private DumpFields() {
    }

    static long id(JsonNode node, String name) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
            throw new BadField("\"" + name + "\" is not a positive integer");
        }
        return node.longValue();
    }

    static String text(JsonNode fields, String name, int min, int max) {
        JsonNode node = fields.get(name);
        if (node == null || !node.isString()) {
            throw new BadField("\"" + name + "\" is missing or not a string");
        }
        String value = node.stringValue();
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            throw new BadField("\"" + name + "\" is " + length + " characters long, not " + min + " to " + max);
        }
        return value;
    }

    static boolean bool(JsonNode fields, String name) {
        JsonNode node = fields.get(name);
        if (node == null || !node.isBoolean()) {
            throw new BadField("\"" + name + "\" is missing or not true/false");
        }
        return node.booleanValue();
    }

    /** Django writes UTC times with a Z; a project with USE_TZ = False writes them naive, read here as UTC. */
    static Instant time(JsonNode fields, String name) {
        JsonNode node = fields.get(name);
        if (node == null || !node.isString()) {
            throw new BadField("\"" + name + "\" is missing or not a date-time string");
        }
        String value = node.stringValue();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException offsetMissing) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                throw new BadField("\"" + name + "\" is not an ISO 8601 date-time: " + value);
            }
        }
    }
}
