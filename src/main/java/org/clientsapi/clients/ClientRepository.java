package org.clientsapi.clients;

import java.time.Instant;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Clients over R2DBC. The database keeps emails unique without regard to case. */
@Repository
class ClientRepository {

    private static final String COLUMNS = "id, first_name, last_name, email, created, updated";

    private final DatabaseClient db;

    ClientRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Every client, oldest first. */
    Flux<Client> findAll() {
        return db.sql("select " + COLUMNS + " from clients order by id").map(ClientRepository::client).all();
    }

    Mono<Client> findById(long id) {
        return db.sql("select " + COLUMNS + " from clients where id = $1").bind(0, id)
                .map(ClientRepository::client).one();
    }

    /** The stored client; a duplicate email fails with Spring's {@code DuplicateKeyException}. */
    Mono<Client> insert(ClientInput input, Instant now) {
        return db.sql("insert into clients (first_name, last_name, email, created, updated) "
                        + "values ($1, $2, $3, $4, $4) returning " + COLUMNS)
                .bind(0, input.firstName()).bind(1, input.lastName()).bind(2, input.email()).bind(3, now)
                .map(ClientRepository::client).one();
    }

    private static Client client(Readable row) {
        return new Client(row.get("id", Long.class), row.get("first_name", String.class),
                row.get("last_name", String.class), row.get("email", String.class),
                row.get("created", Instant.class), row.get("updated", Instant.class));
    }
}
