package org.clientsapi.auth;

import java.time.Instant;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Tokens over R2DBC, looked up by the digest of their key. */
@Repository
class TokenRepository {

    /** A token together with its owner: what authenticating a request needs, in one query. */
    record TokenOwner(long tokenId, Instant expires, Instant lastUsed, long userId, String username,
            boolean active, boolean staff) {

        TokenOwner usedAt(Instant now) {
            return new TokenOwner(tokenId, expires, now, userId, username, active, staff);
        }
    }

    private final DatabaseClient db;

    TokenRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<TokenOwner> findByDigest(byte[] digest) {
        return db.sql("""
                select t.id, t.expires, t.last_used, u.id as user_id, u.username, u.is_active, u.is_staff
                from tokens t join users u on u.id = t.user_id
                where t.digest = $1""")
                .bind(0, digest)
                .map(TokenRepository::owner)
                .one();
    }

    Mono<Void> insert(long userId, byte[] digest, String prefix, Instant created, Instant expires) {
        var spec = db.sql("insert into tokens (digest, prefix, user_id, created, expires) values ($1, $2, $3, $4, $5)")
                .bind(0, digest).bind(1, prefix).bind(2, userId).bind(3, created);
        spec = expires == null ? spec.bindNull(4, Instant.class) : spec.bind(4, expires);
        return spec.then();
    }

    Mono<Long> touch(long tokenId, Instant now) {
        return db.sql("update tokens set last_used = $1 where id = $2")
                .bind(0, now).bind(1, tokenId).fetch().rowsUpdated();
    }

    Mono<Long> deleteById(long tokenId) {
        return db.sql("delete from tokens where id = $1").bind(0, tokenId).fetch().rowsUpdated();
    }

    Mono<Long> deleteByUser(long userId) {
        return db.sql("delete from tokens where user_id = $1").bind(0, userId).fetch().rowsUpdated();
    }

    private static TokenOwner owner(Readable row) {
        return new TokenOwner(row.get("id", Long.class), row.get("expires", Instant.class),
                row.get("last_used", Instant.class), row.get("user_id", Long.class), row.get("username", String.class),
                row.get("is_active", Boolean.class), row.get("is_staff", Boolean.class));
    }
}
