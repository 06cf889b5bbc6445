package org.clientsapi.apidocs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.media.Schema;

/** The bodies of the API as JSON Schema (OpenAPI 3.1), under {@code #/components/schemas}. */
final class Schemas {

    static final String CLIENT = "Client";
    static final String CLIENT_INPUT = "ClientInput";
    static final String CLIENT_PATCH = "ClientPatch";
    static final String LOGIN = "LoginRequest";
    static final String TOKEN = "IssuedToken";
    static final String PROBLEM = "Problem";

    private Schemas() {
    }

    @SuppressWarnings("rawtypes")
    static Map<String, Schema> all() {
        Map<String, Schema> all = new LinkedHashMap<>();
        for (Map.Entry<String, Schema<?>> entry : fields(
                CLIENT, object("A client, as the API shows it. Its version is its ETag, not a field.",
                        fields("id", integer("Assigned by the service.").example(42),
                                "first_name", string("At most 30 characters.").example("Ada"),
                                "last_name", string("At most 30 characters.").example("Lovelace"),
                                "email", string("Unique without regard to case.").format("email")
                                        .example("ada@example.com"),
                                "created", string("UTC, ISO-8601, never moves.").format("date-time")
                                        .example("2025-01-01T12:00:00Z"),
                                "updated", string("UTC, ISO-8601, moves on each change.").format("date-time")
                                        .example("2025-01-02T08:30:00Z")),
                        List.of("id", "first_name", "last_name", "email", "created", "updated")),
                CLIENT_INPUT, object("A new or replaced client. Strings are trimmed; unknown fields are ignored.",
                        inputFields(), List.of("first_name", "last_name", "email")),
                CLIENT_PATCH, object("The fields to change; the others keep their values.", inputFields(), List.of()),
                LOGIN, object("Credentials for a new token.",
                        fields("username", string("Compared without regard to case.").example("alice"),
                                "password", string(null).format("password").example("s3cret")),
                        List.of("username", "password")),
                TOKEN, object("A new token: shown once, only its digest is kept.",
                        fields("token", string("Send as `Authorization: Token <token>`.")
                                        .example("9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"),
                                "expires", string("null when the token does not expire.").format("date-time")
                                        .types(Set.of("string", "null"))),
                        List.of("token", "expires")),
                PROBLEM, object("RFC 9457 problem details. `detail` carries DRF's text, `code` DRF's error code.",
                        fields("type", string("Always about:blank.").example("about:blank"),
                                "title", string("The status's reason phrase.").example("Not Found"),
                                "status", integer("The HTTP status.").example(404),
                                "detail", string("What went wrong, in DRF's words.").example("Not found."),
                                "instance", string("The request's path.").example("/clients/42"),
                                "code", string("DRF's error code.").example("not_found"),
                                // No additionalProperties schema: springdoc 3.0.3 fails to copy one at start-up
                                // (a warning each start); the shape is told in words and in the 400 example.
                                "errors", new Schema<>().types(Set.of("object"))
                                        .description("Input errors (400 `invalid` only): each key a field name, "
                                                + "each value an array of messages.")),
                        List.of("type", "title", "status", "detail", "instance", "code"))).entrySet()) {
            all.put(entry.getKey(), entry.getValue());
        }
        return all;
    }

    static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    static Schema<?> arrayOf(Schema<?> items) {
        return new Schema<>().types(Set.of("array")).items(items);
    }

    static Schema<?> string(String description) {
        return new Schema<>().types(Set.of("string")).description(description);
    }

    static Schema<?> integer(String description) {
        return new Schema<>().types(Set.of("integer")).format("int64").description(description);
    }

    private static Map<String, Schema<?>> inputFields() {
        return fields(
                "first_name", string("Required, not blank, at most 30 characters.").maxLength(30).example("Ada"),
                "last_name", string("Required, not blank, at most 30 characters.").maxLength(30).example("Lovelace"),
                "email", string("Required, a valid address of at most 254 characters.").format("email")
                        .maxLength(254).example("ada@example.com"));
    }

    /** Names and schemas, in the order a reader should see them. */
    private static Map<String, Schema<?>> fields(Object... namesAndSchemas) {
        Map<String, Schema<?>> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSchemas.length; i += 2) {
            fields.put((String) namesAndSchemas[i], (Schema<?>) namesAndSchemas[i + 1]);
        }
        return fields;
    }

    @SuppressWarnings("rawtypes")
    private static Schema object(String description, Map<String, Schema<?>> properties, List<String> required) {
        Schema<?> schema = new Schema<>().types(Set.of("object")).description(description);
        properties.forEach(schema::addProperty);
        if (!required.isEmpty()) {
            schema.required(required);
        }
        return schema;
    }
}
