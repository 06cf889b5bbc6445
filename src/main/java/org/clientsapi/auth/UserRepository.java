package org.clientsapi.auth;

import java.time.Instant;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Users over R2DBC; usernames match without regard to case. */
@Repository
class UserRepository {

    record User(long id, String username, String password, boolean active, boolean staff) {
    }

    private final DatabaseClient db;

    UserRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<User> findByUsername(String username) {
        return db.sql("select id, username, password, is_active, is_staff from users where lower(username) = lower($1)")
                .bind(0, username)
                .map(UserRepository::user)
                .one();
    }

    /** The new user's id, or empty when the name is taken. */
    Mono<Long> insert(String username, String passwordHash, boolean staff, Instant created) {
        return db.sql("""
                insert into users (username, password, is_staff, created) values ($1, $2, $3, $4)
                on conflict do nothing returning id""")
                .bind(0, username).bind(1, passwordHash).bind(2, staff).bind(3, created)
                .map(row -> row.get("id", Long.class))
                .one();
    }

    /** Like {@link #insert} but only on a database with no user at all; safe when instances race. */
    Mono<Long> insertIfNoUsers(String username, String passwordHash, boolean staff, Instant created) {
        return db.sql("""
                insert into users (username, password, is_staff, created)
                select $1, $2, $3, $4 where not exists (select 1 from users)
                on conflict do nothing returning id""")
                .bind(0, username).bind(1, passwordHash).bind(2, staff).bind(3, created)
                .map(row -> row.get("id", Long.class))
                .one();
    }

    Mono<Long> setActive(long userId, boolean active) {
        return db.sql("update users set is_active = $1 where id = $2")
                .bind(0, active).bind(1, userId).fetch().rowsUpdated();
    }

    /** Replaces the hash only if it is still the one that was checked; the rows updated. */
    Mono<Long> replacePassword(long userId, String checkedHash, String newHash) {
        return db.sql("update users set password = $1 where id = $2 and password = $3")
                .bind(0, newHash).bind(1, userId).bind(2, checkedHash).fetch().rowsUpdated();
    }

    private static User user(Readable row) {
        return new User(row.get("id", Long.class), row.get("username", String.class), row.get("password", String.class),
                row.get("is_active", Boolean.class), row.get("is_staff", Boolean.class));
    }
}
