package org.clientsapi.clients;

import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

import org.clientsapi.web.ApiException;
import org.clientsapi.web.InputFields;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /clients}: list, create, fetch one. Each path is also served with a trailing slash. */
@RestController
class ClientController {

    static final String DUPLICATE_EMAIL = "Client with this email already exists.";

    private final ClientRepository clients;
    private final Clock clock;

    ClientController(ClientRepository clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @GetMapping(path = { "/clients", "/clients/" }, produces = MediaType.APPLICATION_JSON_VALUE)
    Flux<Client> list() {
        return clients.findAll();
    }

    @PostMapping(path = { "/clients", "/clients/" }, consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Client>> createFromJson(@RequestBody(required = false) Object body) {
        return Mono.defer(() -> create(InputFields.fromJson(body)));
    }

    @PostMapping(path = { "/clients", "/clients/" }, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<Client>> createFromForm(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> create(InputFields.fromForm(form)));
    }

    @GetMapping({ "/clients/{id}", "/clients/{id}/" })
    Mono<Client> get(@PathVariable String id) {
        return Mono.defer(() -> clients.findById(parseId(id))).switchIfEmpty(Mono.error(ApiException::notFound));
    }

    private Mono<ResponseEntity<Client>> create(InputFields fields) {
        ClientInput input = ClientInput.from(fields);
        return clients.insert(input, clock.instant().truncatedTo(ChronoUnit.MICROS))
                .onErrorMap(DuplicateKeyException.class,
                        e -> new ApiException(HttpStatus.CONFLICT, DUPLICATE_EMAIL, "unique"))
                .map(client -> ResponseEntity.created(URI.create("/clients/" + client.id())).body(client));
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
