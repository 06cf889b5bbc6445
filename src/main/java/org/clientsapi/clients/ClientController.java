package org.clientsapi.clients;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.clientsapi.auth.ApiUser;
import org.clientsapi.web.ApiException;
import org.clientsapi.web.InputFields;
import org.clientsapi.web.SecurityHeaders;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@code /clients}: pages, stream, create, fetch, update, delete. Each path is also served with a trailing slash. */
@RestController
class ClientController {

    static final String DUPLICATE_EMAIL = "Client with this email already exists.";

    private final ClientRepository clients;
    private final PageQuery pages;
    private final IdempotentCreate idempotent;
    private final JsonMapper json;
    private final Clock clock;

    ClientController(ClientRepository clients, PageQuery pages, IdempotentCreate idempotent, JsonMapper json,
            Clock clock) {
        this.clients = clients;
        this.pages = pages;
        this.idempotent = idempotent;
        this.json = json;
        this.clock = clock;
    }

    /** One page, oldest first, with a {@code Link} to the next one when there is more. */
    @GetMapping(path = { "/clients", "/clients/" }, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<byte[]>> page(ServerWebExchange exchange) {
        PageRequest page = PageRequest.from(exchange.getRequest().getQueryParams());
        return pages.page(page.after(), page.search(), page.limit()).map(shown -> {
            var response = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
            if (shown.more()) {
                String next = PageRequest.nextLink(exchange.getRequest().getURI(),
                        exchange.getRequest().getQueryParams(), shown.lastId());
                response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
            }
            return response.body(shown.json());
        });
    }

    /**
     * Every matching client, one JSON object a line, read from the database as the caller takes them.
     * The lines are written as buffers of ours, not as a {@code Flux<Client>}: for a streaming type
     * Spring's encoder hands each line to the server as a group of its own, and the groups the
     * server had taken ahead were dropped unreleased when the caller hung up (pooled buffers leaked;
     * DisconnectingCallersTest). A plain stream of buffers is released by whoever holds it.
     */
    @GetMapping(path = { "/clients", "/clients/" }, produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<DataBuffer> stream(ServerWebExchange exchange) {
        PageRequest page = PageRequest.from(exchange.getRequest().getQueryParams());
        DataBufferFactory buffers = exchange.getResponse().bufferFactory();
        return clients.stream(page.search()).map(client -> {
            byte[] line = json.writeValueAsBytes(client);
            return buffers.allocateBuffer(line.length + 1).write(line).write((byte) '\n');
        });
    }

    @PostMapping(path = { "/clients", "/clients/" }, consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<String>> createFromJson(@RequestBody(required = false) Object body,
            @AuthenticationPrincipal ApiUser user, ServerWebExchange exchange) {
        return Mono.defer(() -> create(InputFields.fromJson(body), user, exchange));
    }

    @PostMapping(path = { "/clients", "/clients/" }, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<String>> createFromForm(@AuthenticationPrincipal ApiUser user, ServerWebExchange exchange) {
        return InputFields.fromForm(exchange).flatMap(fields -> create(fields, user, exchange));
    }

    @GetMapping({ "/clients/{id}", "/clients/{id}/" })
    Mono<ResponseEntity<Client>> get(@PathVariable String id, ServerWebExchange exchange) {
        return Mono.defer(() -> clients.findById(parseId(id)))
                .switchIfEmpty(Mono.error(ApiException::notFound))
                .map(client -> IfNoneMatch.matches(exchange.getRequest().getHeaders(), client.etag())
                        // a 304 carries the Cache-Control a 200 would (RFC 9110); Spring Security leaves 304s alone
                        ? ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(client.etag())
                                .header(HttpHeaders.CACHE_CONTROL, SecurityHeaders.VALUES.get(HttpHeaders.CACHE_CONTROL))
                                .<Client>build()
                        : ResponseEntity.ok().eTag(client.etag()).body(client));
    }

    @PutMapping(path = { "/clients/{id}", "/clients/{id}/" }, consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Client>> replace(@PathVariable String id, @RequestBody(required = false) Object body,
            ServerWebExchange exchange) {
        return Mono.defer(() -> update(parseId(id), ClientInput.from(InputFields.fromJson(body)), exchange));
    }

    @PatchMapping(path = { "/clients/{id}", "/clients/{id}/" }, consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Client>> patch(@PathVariable String id, @RequestBody(required = false) Object body,
            ServerWebExchange exchange) {
        return Mono.defer(() -> update(parseId(id), ClientInput.partial(InputFields.fromJson(body)), exchange));
    }

    @DeleteMapping({ "/clients/{id}", "/clients/{id}/" })
    Mono<ResponseEntity<Void>> delete(@PathVariable String id, ServerWebExchange exchange) {
        return Mono.defer(() -> {
            long clientId = parseId(id);
            return clients.delete(clientId, IfMatch.versions(exchange.getRequest().getHeaders()))
                    .flatMap(deleted -> deleted > 0 ? Mono.just(ResponseEntity.noContent().<Void>build())
                            : missingOrStale(clientId));
        });
    }

    private Mono<ResponseEntity<String>> create(InputFields fields, ApiUser user, ServerWebExchange exchange) {
        ClientInput input = ClientInput.from(fields);
        String key = exchange.getRequest().getHeaders().getFirst(IdempotentCreate.HEADER);
        Mono<ResponseEntity<String>> created = key == null
                ? clients.insert(input, now(), user.id()).map(this::created)
                : idempotent.create(user.id(), IdempotentCreate.checkedKey(key), input);
        return created.onErrorMap(DuplicateKeyException.class, e -> duplicateEmail());
    }

    private ResponseEntity<String> created(Client client) {
        return ResponseEntity.created(URI.create("/clients/" + client.id())).eTag(client.etag())
                .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(client));
    }

    private Mono<ResponseEntity<Client>> update(long id, ClientInput input, ServerWebExchange exchange) {
        return clients.update(id, input, IfMatch.versions(exchange.getRequest().getHeaders()), now())
                .map(client -> ResponseEntity.ok().eTag(client.etag()).body(client))
                .switchIfEmpty(Mono.defer(() -> missingOrStale(id)))
                .onErrorMap(DuplicateKeyException.class, e -> duplicateEmail());
    }

    /** Nothing changed: 404 when there is no such client, else its version did not match: 412. */
    private <T> Mono<T> missingOrStale(long id) {
        return clients.findById(id)
                .flatMap(client -> Mono.<T>error(new ApiException(HttpStatus.PRECONDITION_FAILED,
                        "The client has changed since it was read; fetch it again.", "precondition_failed")))
                .switchIfEmpty(Mono.error(ApiException::notFound));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ApiException duplicateEmail() {
        return new ApiException(HttpStatus.CONFLICT, DUPLICATE_EMAIL, "unique");
    }

    /** An id that is not a positive long names no client: 404, as DRF answers for a bad lookup. */
    private static long parseId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to 404
        }
        throw ApiException.notFound();
    }
}
