package org.clientsapi.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.clientsapi.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class ApiDocsTest {

    private static final Map<String, Set<String>> ROUTES = Map.of(
            "/clients", Set.of("get", "post"),
            "/clients/{id}", Set.of("get", "put", "patch", "delete"),
            "/auth/token", Set.of("post"),
            "/auth/logout", Set.of("post"),
            "/auth/logoutall", Set.of("post"));

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private JsonNode spec() {
        String body = web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return json.readTree(body);
    }

    @Test
    void apiDocsWhenAnonymousThenOpenApi31WithEveryRouteAndMethod() {
        JsonNode spec = spec();
        assertThat(spec.path("openapi").asString()).startsWith("3.1");
        assertThat(fieldNames(spec.path("paths"))).isEqualTo(new TreeSet<>(ROUTES.keySet()));
        ROUTES.forEach((path, methods) -> methods.forEach(method -> assertThat(spec.path("paths").path(path)
                .path(method).path("operationId").asString()).as(method + " " + path).isNotBlank()));
    }

    /** A route added to a controller and not to ApiPaths fails here. */
    @Test
    void apiDocsWhenComparedWithTheControllersThenEveryMappedRouteDescribed() {
        Map<String, Set<String>> mapped = new java.util.TreeMap<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (!method.getBeanType().getPackageName().startsWith("org.clientsapi")
                    || method.getBeanType().getPackageName().startsWith("org.clientsapi.support")) {
                return;
            }
            info.getPatternsCondition().getPatterns().forEach(pattern -> {
                String path = pattern.getPatternString();
                if (path.endsWith("/")) {
                    return;
                }
                Set<HttpMethod> methods = new java.util.HashSet<>();
                info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.asHttpMethod()));
                methods.forEach(m -> mapped.computeIfAbsent(path, key -> new TreeSet<>())
                        .add(m.name().toLowerCase()));
            });
        });
        JsonNode paths = spec().path("paths");
        mapped.forEach((path, methods) -> methods.forEach(method -> assertThat(paths.path(path).has(method))
                .as(method + " " + path + " is mapped but not described").isTrue()));
        assertThat(mapped.keySet()).containsExactlyInAnyOrderElementsOf(ROUTES.keySet());
    }

    /** Generators and linters refuse a document whose references lead nowhere. */
    @Test
    void apiDocsWhenEveryRefFollowedThenEachLeadsToADefinition() {
        JsonNode spec = spec();
        List<String> refs = new ArrayList<>();
        collectRefs(spec, refs);
        assertThat(refs).as("references in the served document").isNotEmpty()
                .contains("#/components/schemas/ClientInput", "#/components/schemas/ClientPatch",
                        "#/components/schemas/LoginRequest");
        for (String ref : refs) {
            assertThat(ref).as("a local reference").startsWith("#/");
            assertThat(spec.at(ref.substring(1)).isMissingNode()).as(ref + " resolves").isFalse();
        }
    }

    @Test
    void apiDocsThenEveryOperationDescribedAndItsTagDefined() {
        JsonNode spec = spec();
        Set<String> tags = new TreeSet<>();
        spec.path("tags").forEach(tag -> tags.add(tag.path("name").asString()));
        ROUTES.forEach((path, methods) -> methods.forEach(method -> {
            JsonNode operation = spec.path("paths").path(path).path(method);
            assertThat(operation.path("description").asString()).as(method + " " + path).isNotBlank();
            operation.path("tags").forEach(tag -> assertThat(tags).as(method + " " + path).contains(tag.asString()));
        }));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.path("$ref").isString()) {
            refs.add(node.path("$ref").asString());
        }
        node.forEach(child -> collectRefs(child, refs));
    }

    @Test
    void apiDocsThenTokenSchemeIsAnApiKeyInAuthorizationAndTheDefault() {
        JsonNode spec = spec();
        JsonNode scheme = spec.path("components").path("securitySchemes").path("Token");
        assertThat(scheme.path("type").asString()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asString()).isEqualTo("header");
        assertThat(scheme.path("name").asString()).isEqualTo("Authorization");
        assertThat(scheme.path("description").asString()).contains("Token <key>");
        assertThat(spec.path("security").get(0).has("Token")).isTrue();
        assertThat(spec.path("paths").path("/auth/token").path("post").path("security").isEmpty()).isTrue();
    }

    @Test
    void apiDocsThenPagingIdempotencyAndConditionalHeadersDescribed() {
        JsonNode paths = spec().path("paths");
        assertThat(parameterNames(paths.path("/clients").path("get"))).contains("limit", "cursor", "search");
        assertThat(paths.path("/clients").path("get").path("responses").path("200").path("content")
                .has("application/x-ndjson")).isTrue();
        assertThat(parameterNames(paths.path("/clients").path("post"))).contains("Idempotency-Key");
        assertThat(parameterNames(paths.path("/clients/{id}").path("get"))).contains("If-None-Match");
        for (String method : new String[] { "put", "patch", "delete" }) {
            assertThat(parameterNames(paths.path("/clients/{id}").path(method))).contains("If-Match");
        }
        assertThat(paths.path("/clients").path("post").path("requestBody").path("content").path("application/json")
                .path("schema").path("$ref").asString()).isEqualTo("#/components/schemas/ClientInput");
        assertThat(paths.path("/clients/{id}").path("get").path("responses").path("200").path("content")
                .path("application/json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/Client");
    }

    @Test
    void apiDocsThenEveryErrorHasAProblemExampleWithDrfText() {
        JsonNode spec = spec();
        JsonNode responses = spec.path("components").path("responses");
        Map<String, String> details = Map.ofEntries(
                Map.entry("400", "Invalid input."),
                Map.entry("401", "Authentication credentials were not provided."),
                Map.entry("403", "You do not have permission to perform this action."),
                Map.entry("404", "Not found."),
                Map.entry("406", "Could not satisfy the request Accept header."),
                Map.entry("409", "Client with this email already exists."),
                Map.entry("412", "The client has changed since it was read; fetch it again."),
                Map.entry("413", "Request body too large."),
                Map.entry("415", "Unsupported media type \"text/plain\" in request."),
                Map.entry("429", "Request was throttled. Expected available in 42 seconds."),
                Map.entry("503", "Service temporarily unavailable."));
        Set<String> seen = new TreeSet<>();
        responses.properties().forEach(entry -> entry.getValue().path("content").path("application/problem+json")
                .path("examples").properties().forEach(example -> {
                    JsonNode value = example.getValue().path("value");
                    String status = value.path("status").asString();
                    if (details.get(status) != null && details.get(status).equals(value.path("detail").asString())) {
                        seen.add(status);
                    }
                    assertThat(value.path("type").asString()).isEqualTo("about:blank");
                    assertThat(value.path("code").asString()).isNotBlank();
                }));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(details.keySet());
        assertThat(responses.path("Invalid").path("content").path("application/problem+json").path("examples")
                .path("invalid").path("value").path("errors").path("email").get(0).asString())
                .isEqualTo("Enter a valid email address.");
        // every operation answers its errors with these responses
        JsonNode delete = spec.path("paths").path("/clients/{id}").path("delete").path("responses");
        assertThat(delete.path("403").path("$ref").asString()).isEqualTo("#/components/responses/Forbidden");
        assertThat(delete.path("412").path("$ref").asString()).isEqualTo("#/components/responses/PreconditionFailed");
        JsonNode errors = spec.path("components").path("schemas").path("Problem").path("properties").path("errors");
        assertThat(errors.path("type").asString()).as(errors.toString()).isEqualTo("object");
        assertThat(spec.path("components").path("schemas").path("Client").path("properties").path("email")
                .path("type").asString()).isEqualTo("string");
    }

    /**
     * springdoc builds (scanning classes) and keeps one document per locale: another Accept-Language
     * must get the document already built, not a new build.
     */
    @Test
    void apiDocsWhenOtherLanguagesAskedThenNoNewBuild(CapturedOutput output) {
        spec();
        long builds = builds(output);
        for (String language : new String[] { "fr-FR", "de", "ja-JP,ja;q=0.9", "x-made-up" }) {
            web.get().uri("/v3/api-docs").header(HttpHeaders.ACCEPT_LANGUAGE, language).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.paths['/clients'].get.operationId").isEqualTo("listClients");
        }
        assertThat(builds(output)).isEqualTo(builds);
    }

    private static long builds(CapturedOutput output) {
        return output.getOut().lines().filter(line -> line.contains("Init duration for springdoc-openapi")).count();
    }

    @Test
    void swaggerUiWhenAnonymousThenServed() {
        web.get().uri("/swagger-ui.html").exchange()
                .expectStatus().is3xxRedirection();
        web.get().uri("/webjars/swagger-ui/index.html").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(html -> assertThat(html).contains("swagger-ui"));
        web.get().uri("/v3/api-docs/swagger-config").exchange()
                .expectStatus().isOk();
    }

    private static Set<String> fieldNames(JsonNode node) {
        return new TreeSet<>(node.propertyNames());
    }

    private static Set<String> parameterNames(JsonNode operation) {
        Set<String> names = new TreeSet<>();
        operation.path("parameters").forEach(parameter -> names.add(parameter.path("name").asString()));
        return names;
    }
}
