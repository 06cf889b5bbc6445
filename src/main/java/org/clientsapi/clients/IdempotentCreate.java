package org.clientsapi.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.clientsapi.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /clients} with an {@code Idempotency-Key}, per user: the first request creates the
 * client and stores its response in the same transaction, so a crash leaves either both or
 * neither; a retry with the same payload gets that response again with
 * {@code Idempotent-Replayed: true}; another payload is 422; a retry while the first still runs
 * is 409 (a transaction-scoped advisory lock tells, and dies with the transaction). Keys expire
 * after {@link #LIFETIME}.
 */
@Component
class IdempotentCreate {

    static final String HEADER = "Idempotency-Key";
    static final Duration LIFETIME = Duration.ofHours(24);
    static final int KEY_MAX = 255;

    private record Stored(byte[] fingerprint, int status, String body, String location, String etag) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ClientRepository clients;
    private final JsonMapper json;
    private final Clock clock;

    IdempotentCreate(DatabaseClient db, TransactionalOperator tx, ClientRepository clients, JsonMapper json,
            Clock clock) {
        this.db = db;
        this.tx = tx;
        this.clients = clients;
        this.json = json;
        this.clock = clock;
    }

    /** A key as a caller may send it: 1 to 255 visible ASCII characters, else a 400 naming the header. */
    static String checkedKey(String key) {
        String message = null;
        if (key.isBlank()) {
            message = "This header may not be blank.";
        } else if (key.length() > KEY_MAX) {
            message = "Ensure this header has no more than " + KEY_MAX + " characters.";
        } else if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            message = "This header may contain only visible ASCII characters.";
        }
        if (message != null) {
            throw ApiException.invalid(Map.of(HEADER, List.of(message)));
        }
        return key;
    }

    Mono<ResponseEntity<String>> create(long userId, String key, ClientInput input) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] fingerprint = fingerprint(input);
        Mono<ResponseEntity<String>> once = lockOrConflict(userId, key)
                .then(stored(userId, key, now))
                .map(stored -> replay(stored, fingerprint))
                .switchIfEmpty(Mono.defer(() -> createAndStore(userId, key, fingerprint, input, now)));
        // Not cancelled by a caller who hangs up: a transaction cut between BEGIN and COMMIT left
        // its connection lent out and the session idle in transaction, holding locks
        // (DisconnectingCallersTest). It runs to its end instead, and a retry replays it.
        return Uncancelled.mono(() -> tx.transactional(once));
    }

    private Mono<Void> lockOrConflict(long userId, String key) {
        return db.sql("select pg_try_advisory_xact_lock(hashtextextended($1, 0)) as locked")
                .bind(0, userId + ":" + key)
                .map(row -> row.get("locked", Boolean.class))
                .one()
                .flatMap(locked -> locked ? Mono.empty() : Mono.error(new ApiException(HttpStatus.CONFLICT,
                        "A request with this Idempotency-Key is still being processed.", "idempotency_in_progress")));
    }

    private Mono<Stored> stored(long userId, String key, Instant now) {
        return db.sql("select fingerprint, status, body, location, etag from idempotency_keys "
                        + "where user_id = $1 and key = $2 and created > $3")
                .bind(0, userId).bind(1, key).bind(2, now.minus(LIFETIME))
                .map(row -> new Stored(row.get("fingerprint", byte[].class), row.get("status", Integer.class),
                        row.get("body", String.class), row.get("location", String.class), row.get("etag", String.class)))
                .one();
    }

    private static ResponseEntity<String> replay(Stored stored, byte[] fingerprint) {
        if (!Arrays.equals(stored.fingerprint(), fingerprint)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                    "This Idempotency-Key was already used with another payload.", "idempotency_mismatch");
        }
        var response = response(stored.status(), stored.location()).header("Idempotent-Replayed", "true");
        if (stored.etag() != null) {
            response.eTag(stored.etag());
        }
        return response.body(stored.body());
    }

    private Mono<ResponseEntity<String>> createAndStore(long userId, String key, byte[] fingerprint,
            ClientInput input, Instant now) {
        return clients.insert(input, now, userId).flatMap(client -> {
            String body = json.writeValueAsString(client);
            String location = "/clients/" + client.id();
            return db.sql("insert into idempotency_keys (user_id, key, fingerprint, status, body, location, created, "
                            + "etag) values ($1, $2, $3, 201, $4, $5, $6, $7) on conflict (user_id, key) do update set "
                            + "fingerprint = excluded.fingerprint, status = excluded.status, body = excluded.body, "
                            + "location = excluded.location, created = excluded.created, etag = excluded.etag")
                    .bind(0, userId).bind(1, key).bind(2, fingerprint).bind(3, body).bind(4, location).bind(5, now)
                    .bind(6, client.etag())
                    .then()
                    .thenReturn(response(201, location).eTag(client.etag()).body(body));
        });
    }

    private static ResponseEntity.BodyBuilder response(int status, String location) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.LOCATION, location);
    }

    /** What "the same payload" means: the same client once its fields are read (trimmed). */
    private static byte[] fingerprint(ClientInput input) {
        String canonical = input.firstName() + '\u0000' + input.lastName() + '\u0000' + input.email();
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
