package org.clientsapi.apidocs;

import static org.clientsapi.apidocs.ProblemResponses.CONFLICT;
import static org.clientsapi.apidocs.ProblemResponses.FORBIDDEN;
import static org.clientsapi.apidocs.ProblemResponses.IDEMPOTENCY_MISMATCH;
import static org.clientsapi.apidocs.ProblemResponses.INVALID;
import static org.clientsapi.apidocs.ProblemResponses.NOT_ACCEPTABLE;
import static org.clientsapi.apidocs.ProblemResponses.NOT_FOUND;
import static org.clientsapi.apidocs.ProblemResponses.PRECONDITION_FAILED;
import static org.clientsapi.apidocs.ProblemResponses.THROTTLED;
import static org.clientsapi.apidocs.ProblemResponses.TOO_LARGE;
import static org.clientsapi.apidocs.ProblemResponses.UNAUTHORIZED;
import static org.clientsapi.apidocs.ProblemResponses.UNAVAILABLE;
import static org.clientsapi.apidocs.ProblemResponses.UNSUPPORTED;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * Every route of the API with its parameters, bodies and answers. Each path is also served with
 * a trailing slash ({@code /clients/}), which is the same resource and is not listed twice.
 */
final class ApiPaths {

    private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
    private static final String NDJSON = org.springframework.http.MediaType.APPLICATION_NDJSON_VALUE;
    private static final String FORM = org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED_VALUE;
    private static final List<SecurityRequirement> ANONYMOUS = List.of();
    private static final String CLIENTS = "clients";
    private static final String AUTH = "auth";

    private ApiPaths() {
    }

    static Paths all() {
        return new Paths()
                .addPathItem("/clients", new PathItem().get(listClients()).post(createClient()))
                .addPathItem("/clients/{id}", new PathItem()
                        .get(getClient()).put(replaceClient()).patch(patchClient()).delete(deleteClient())
                        .addParametersItem(new Parameter().in("path").name("id").required(true)
                                .description("The client's id.").schema(Schemas.integer(null))))
                .addPathItem("/auth/token", new PathItem().post(token()))
                .addPathItem("/auth/logout", new PathItem().post(logout()))
                .addPathItem("/auth/logoutall", new PathItem().post(logoutAll()));
    }

    /** The groups of operations, in the order Swagger UI shows them. */
    static List<Tag> tags() {
        return List.of(new Tag().name(CLIENTS).description("The registry of clients."),
                new Tag().name(AUTH).description("Tokens: obtain one with a password, revoke one or all."));
    }

    private static Operation listClients() {
        return operation(CLIENTS, "listClients", "List clients, a page at a time, or stream them all",
                "Oldest first. With `Accept: application/json`, at most `limit` clients and a `Link: <…>; "
                        + "rel=\"next\"` header while more exist. With `Accept: application/x-ndjson`, every "
                        + "matching client, one JSON object a line, streamed (`limit` and `cursor` do not apply).")
                .addParametersItem(query("limit", "Clients in a page: 1 to 1000.",
                        Schemas.integer(null).minimum(java.math.BigDecimal.ONE)
                                .maximum(java.math.BigDecimal.valueOf(1000))._default(100)))
                .addParametersItem(query("cursor", "Where to go on: copy it from the `next` link (opaque).",
                        Schemas.string(null)))
                .addParametersItem(query("search", "Case-insensitive match on first name, last name and email.",
                        Schemas.string(null)))
                .responses(responses(new ApiResponse().description("A page (JSON array) or every client "
                                + "(NDJSON: one Client object a line, streamed).")
                                .addHeaderObject(ResponseHeaders.LINK, ResponseHeaders.ref(ResponseHeaders.LINK))
                                .content(new Content()
                                        .addMediaType(JSON, new MediaType().schema(Schemas.arrayOf(
                                                Schemas.ref(Schemas.CLIENT))))
                                        .addMediaType(NDJSON, ndjsonOf(Schemas.CLIENT))),
                        "200", INVALID, UNAUTHORIZED, NOT_ACCEPTABLE, THROTTLED, UNAVAILABLE));
    }

    private static Operation createClient() {
        return operation(CLIENTS, "createClient", "Create a client",
                "A welcome email is queued with it. With an `Idempotency-Key`, a retry of the same request gets "
                        + "the first answer again (`Idempotent-Replayed: true`) instead of a second client.")
                .addParametersItem(new Parameter().in("header").name("Idempotency-Key")
                        .description("Any visible ASCII, at most 255 characters, scoped to the user, kept 24 hours.")
                        .schema(Schemas.string(null).maxLength(255)))
                .requestBody(body(Schemas.CLIENT_INPUT, true))
                .responses(responses(clientResponse("Created.")
                                .addHeaderObject(ResponseHeaders.LOCATION, ResponseHeaders.ref(ResponseHeaders.LOCATION))
                                .addHeaderObject(ResponseHeaders.IDEMPOTENT_REPLAYED,
                                        ResponseHeaders.ref(ResponseHeaders.IDEMPOTENT_REPLAYED)),
                        "201", INVALID, UNAUTHORIZED, NOT_ACCEPTABLE, CONFLICT, TOO_LARGE, UNSUPPORTED,
                        IDEMPOTENCY_MISMATCH, THROTTLED, UNAVAILABLE));
    }

    private static Operation getClient() {
        return operation(CLIENTS, "getClient", "Fetch a client", "Its `ETag` is its version.")
                .addParametersItem(new Parameter().in("header").name("If-None-Match")
                        .description("An ETag seen before: 304 while the client has not changed.")
                        .schema(Schemas.string(null)))
                .responses(responses(clientResponse("The client."), "200", UNAUTHORIZED, NOT_FOUND, NOT_ACCEPTABLE,
                        THROTTLED, UNAVAILABLE)
                        .addApiResponse("304", counted(new ApiResponse().description("Not modified since the given ETag.")
                                .addHeaderObject(ResponseHeaders.ETAG, ResponseHeaders.ref(ResponseHeaders.ETAG)))));
    }

    private static Operation replaceClient() {
        return operation(CLIENTS, "replaceClient", "Replace a client", "Every field is required.")
                .addParametersItem(ifMatch())
                .requestBody(body(Schemas.CLIENT_INPUT, false))
                .responses(responses(clientResponse("The updated client."), "200", INVALID, UNAUTHORIZED, NOT_FOUND,
                        NOT_ACCEPTABLE, CONFLICT, PRECONDITION_FAILED, TOO_LARGE, UNSUPPORTED, THROTTLED, UNAVAILABLE));
    }

    private static Operation patchClient() {
        return operation(CLIENTS, "patchClient", "Change some fields of a client", "Absent fields keep their values.")
                .addParametersItem(ifMatch())
                .requestBody(body(Schemas.CLIENT_PATCH, false))
                .responses(responses(clientResponse("The updated client."), "200", INVALID, UNAUTHORIZED, NOT_FOUND,
                        NOT_ACCEPTABLE, CONFLICT, PRECONDITION_FAILED, TOO_LARGE, UNSUPPORTED, THROTTLED, UNAVAILABLE));
    }

    private static Operation deleteClient() {
        return operation(CLIENTS, "deleteClient", "Delete a client (staff only)",
                "Other users get 403. With `If-Match`, only while the client is still at that version.")
                .addParametersItem(ifMatch())
                .responses(responses(new ApiResponse().description("Deleted."), "204", UNAUTHORIZED, FORBIDDEN,
                        NOT_FOUND, NOT_ACCEPTABLE, PRECONDITION_FAILED, THROTTLED, UNAVAILABLE));
    }

    private static Operation token() {
        return operation(AUTH, "obtainToken", "Exchange a username and password for a new token",
                "A new token each time. Wrong credentials are a 400, as in DRF.")
                .security(ANONYMOUS)
                .requestBody(body(Schemas.LOGIN, true))
                .responses(responses(new ApiResponse().description("The new token.").content(new Content()
                                .addMediaType(JSON, new MediaType().schema(Schemas.ref(Schemas.TOKEN)))),
                        "200", INVALID, NOT_ACCEPTABLE, TOO_LARGE, UNSUPPORTED, THROTTLED, UNAVAILABLE));
    }

    private static Operation logout() {
        return operation(AUTH, "logout", "Revoke the token that makes this call",
                "It stops working at once; the user's other tokens keep working.")
                .responses(responses(new ApiResponse().description("Revoked."), "204", UNAUTHORIZED, NOT_ACCEPTABLE,
                        THROTTLED, UNAVAILABLE));
    }

    private static Operation logoutAll() {
        return operation(AUTH, "logoutAll", "Revoke every token of the calling user",
                "The one making this call included.")
                .responses(responses(new ApiResponse().description("Revoked."), "204", UNAUTHORIZED, NOT_ACCEPTABLE,
                        THROTTLED, UNAVAILABLE));
    }

    private static Operation operation(String tag, String id, String summary, String description) {
        return new Operation().addTagsItem(tag).operationId(id).summary(summary).description(description);
    }

    private static Parameter query(String name, String description, Schema<?> schema) {
        return new Parameter().in("query").name(name).description(description).schema(schema);
    }

    private static Parameter ifMatch() {
        return new Parameter().in("header").name("If-Match")
                .description("The ETag the change is based on: 412 when the client has changed since.")
                .schema(Schemas.string(null).example("\"3\""));
    }

    /**
     * A stream of JSON texts, one a line. OpenAPI 3.1 has no schema for one item of a stream (3.2's
     * {@code itemSchema}); as 3.2 reads {@code schema} for such media types, the whole stream is an
     * array of items, so a generated client types the JSON page and the stream alike, as arrays.
     * The item's schema is in the registered {@code x-oai-itemSchema} extension.
     */
    private static MediaType ndjsonOf(String item) {
        MediaType media = new MediaType().schema(Schemas.arrayOf(Schemas.ref(item)));
        media.addExtension("x-oai-itemSchema", Schemas.ref(item));
        return media;
    }

    private static ApiResponse clientResponse(String description) {
        return new ApiResponse().description(description)
                .addHeaderObject(ResponseHeaders.ETAG, ResponseHeaders.ref(ResponseHeaders.ETAG))
                .content(new Content().addMediaType(JSON, new MediaType().schema(Schemas.ref(Schemas.CLIENT))));
    }

    /** The success answer, then each error by its name in {@link ProblemResponses}. */
    private static ApiResponses responses(ApiResponse success, String status, String... errors) {
        ApiResponses responses = new ApiResponses().addApiResponse(status, counted(success));
        for (String error : errors) {
            responses.addApiResponse(statusOf(error), ProblemResponses.ref(error));
        }
        return responses;
    }

    /** The headers of every answer the throttles counted, before the answer's own. */
    private static ApiResponse counted(ApiResponse response) {
        Map<String, Header> headers = ResponseHeaders.counted();
        if (response.getHeaders() != null) {
            headers.putAll(response.getHeaders());
        }
        return response.headers(headers);
    }

    private static String statusOf(String error) {
        return switch (error) {
            case INVALID -> "400";
            case UNAUTHORIZED -> "401";
            case FORBIDDEN -> "403";
            case NOT_FOUND -> "404";
            case NOT_ACCEPTABLE -> "406";
            case CONFLICT -> "409";
            case PRECONDITION_FAILED -> "412";
            case TOO_LARGE -> "413";
            case UNSUPPORTED -> "415";
            case IDEMPOTENCY_MISMATCH -> "422";
            case THROTTLED -> "429";
            case UNAVAILABLE -> "503";
            default -> throw new IllegalArgumentException(error);
        };
    }

    /** JSON, and a form too where the controller reads one. */
    private static RequestBody body(String schema, boolean formToo) {
        Content content = new Content().addMediaType(JSON, new MediaType().schema(Schemas.ref(schema)));
        if (formToo) {
            content.addMediaType(FORM, new MediaType().schema(Schemas.ref(schema)));
        }
        return new RequestBody().required(true).content(content);
    }

    static Set<String> documentedPaths() {
        return all().keySet();
    }
}
