package org.clientsapi.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What real answers carry against what the served document declares for their route and status:
 * every header an answer carries is declared there, and every header declared required is carried.
 * The guards against guessing are on (the same settings as AuthGuardApiTest, so the context is
 * shared), as in production, so their refusals are among the answers compared.
 */
@ApiTest
@TestPropertySource(properties = { "clients-api.throttle.rates.auth-failures=5/10m",
        "clients-api.throttle.rates.login=3/min", "clients-api.throttle.trusted-proxies=1" })
class ApiDocsHeadersTest {

    /** HTTP's own framing and the security headers every answer carries (SecurityHeaderChecks): not the API's. */
    private static final Set<String> NOT_THE_APIS = Set.of("content-type", "content-length", "transfer-encoding",
            "connection", "keep-alive", "date", "vary", "cache-control", "pragma", "expires",
            "x-content-type-options", "x-frame-options", "x-xss-protection", "referrer-policy",
            "content-security-policy", "strict-transport-security", "permissions-policy",
            "cross-origin-opener-policy", "cross-origin-resource-policy", "cross-origin-embedder-policy");
    private static final String PASSWORD = "correct horse battery staple";
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @Autowired
    TestUsers users;

    @Autowired
    MutableClock clock;

    JsonNode spec;
    String token;
    String staffToken;
    String address;

    @BeforeEach
    void newDayUsersAndAddress() {
        TestDatabase.truncateAll();
        clock.advance(Duration.ofDays(1));
        token = users.token(users.user("hedda", PASSWORD, false));
        staffToken = users.tokenOfNewUser("stella", true);
        address = "198.51.100.7";
        spec = json.readTree(web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void headersWhenClientsRoutesAnswerThenEachSentHeaderDeclaredForItsStatus() {
        String ada = "{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"email\":\"ada@example.com\"}";
        EntityExchangeResult<byte[]> created = declared("/clients", "post", 201, web.post().uri("/clients")
                .header(HttpHeaders.AUTHORIZATION, "Token " + token).header("Idempotency-Key", "headers-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(ada));
        EntityExchangeResult<byte[]> replayed = declared("/clients", "post", 201, web.post().uri("/clients")
                .header(HttpHeaders.AUTHORIZATION, "Token " + token).header("Idempotency-Key", "headers-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(ada));
        assertThat(replayed.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        declared("/clients", "post", 201, post(token, MediaType.APPLICATION_JSON,
                "{\"first_name\":\"Grace\",\"last_name\":\"Hopper\",\"email\":\"grace@example.com\"}"));
        String id = created.getResponseHeaders().getLocation().getPath().replace("/clients/", "");

        EntityExchangeResult<byte[]> page = declared("/clients", "get", 200, get("/clients?limit=1", token));
        assertThat(page.getResponseHeaders().getFirst(HttpHeaders.LINK)).contains("rel=\"next\"");
        declared("/clients", "get", 200, get("/clients", token).accept(MediaType.APPLICATION_NDJSON));
        declared("/clients", "get", 406, get("/clients", token).accept(MediaType.TEXT_HTML));
        declared("/clients", "get", 401, web.get().uri("/clients"));
        declared("/clients", "post", 400, post(token, MediaType.APPLICATION_JSON, "{\"first_name\":\"\"}"));
        declared("/clients", "post", 409, post(token, MediaType.APPLICATION_JSON, ada));
        declared("/clients", "post", 415, post(token, MediaType.TEXT_PLAIN, ada));

        EntityExchangeResult<byte[]> one = declared("/clients/{id}", "get", 200, get("/clients/" + id, token));
        String etag = one.getResponseHeaders().getETag();
        declared("/clients/{id}", "get", 304, get("/clients/" + id, token).header(HttpHeaders.IF_NONE_MATCH, etag));
        declared("/clients/{id}", "get", 404, get("/clients/999999", token));
        declared("/clients/{id}", "patch", 412, web.patch().uri("/clients/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Token " + token).header(HttpHeaders.IF_MATCH, "\"99\"")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"first_name\":\"Ava\"}"));
        declared("/clients/{id}", "put", 200, web.put().uri("/clients/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Token " + token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ada));
        declared("/clients/{id}", "delete", 403, web.delete().uri("/clients/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Token " + token));
        declared("/clients/{id}", "delete", 204, web.delete().uri("/clients/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Token " + staffToken));
    }

    @Test
    void headersWhenAuthRoutesAndGuardsAnswerThenEachSentHeaderDeclaredForItsStatus() {
        declared("/auth/token", "post", 200, login("hedda", PASSWORD));
        for (int i = 0; i < 2; i++) {
            declared("/auth/token", "post", 400, login("hedda", "guess-" + i));
        }
        declared("/auth/token", "post", 429, login("hedda", "guess-3"));

        for (int i = 0; i < 5; i++) {
            declared("/clients", "get", 401, get("/clients", "guess-" + UUID.randomUUID()));
        }
        declared("/clients", "get", 429, get("/clients", token));

        declared("/auth/logout", "post", 204, web.post().uri("/auth/logout")
                .header(HttpHeaders.AUTHORIZATION, "Token " + staffToken));
        declared("/auth/logoutall", "post", 401, web.post().uri("/auth/logoutall")
                .header(HttpHeaders.AUTHORIZATION, "Token " + staffToken));
    }

    private WebTestClient.RequestHeadersSpec<?> get(String uri, String key) {
        return web.get().uri(uri).header(HttpHeaders.AUTHORIZATION, "Token " + key).header(FORWARDED_FOR, address);
    }

    private WebTestClient.RequestHeadersSpec<?> post(String key, MediaType type, String body) {
        return web.post().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + key).contentType(type)
                .bodyValue(body);
    }

    private WebTestClient.RequestHeadersSpec<?> login(String username, String password) {
        return web.post().uri("/auth/token").header(FORWARDED_FOR, address).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password));
    }

    /** Sends the request, expects the status, and compares its headers with the document's. */
    private EntityExchangeResult<byte[]> declared(String path, String method, int status,
            WebTestClient.RequestHeadersSpec<?> request) {
        EntityExchangeResult<byte[]> result = request.exchange().expectStatus().isEqualTo(status)
                .expectBody().returnResult();
        String what = method.toUpperCase(Locale.ROOT) + " " + path + " " + status;
        JsonNode response = resolve(spec.path("paths").path(path).path(method).path("responses")
                .path(Integer.toString(status)));
        assertThat(response.isMissingNode()).as("%s is in the document", what).isFalse();
        Map<String, Boolean> declared = new TreeMap<>();
        response.path("headers").properties().forEach(header -> declared.put(
                header.getKey().toLowerCase(Locale.ROOT), resolve(header.getValue()).path("required").asBoolean()));
        Set<String> sent = new TreeSet<>();
        result.getResponseHeaders().headerNames().forEach(name -> sent.add(name.toLowerCase(Locale.ROOT)));
        sent.removeAll(NOT_THE_APIS);
        assertThat(sent).as("headers of %s (%s) declared in the document", what, result.getResponseHeaders())
                .isSubsetOf(declared.keySet());
        declared.forEach((name, required) -> {
            if (required) {
                assertThat(sent).as("%s declares %s required", what, name).contains(name);
            }
        });
        return result;
    }

    /** The object a {@code $ref} leads to (the document's own references only), or the node itself. */
    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asString("");
        return ref.startsWith("#/") ? spec.at(ref.substring(1)) : node;
    }
}
