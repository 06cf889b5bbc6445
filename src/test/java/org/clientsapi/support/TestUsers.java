package org.clientsapi.support;

import java.time.Duration;

import org.clientsapi.auth.TokenService;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Users and tokens for tests, made through the real schema and the real token service. */
public final class TestUsers {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final DatabaseClient db;
    private final PasswordEncoder encoder;
    private TokenService tokens;

    TestUsers(DatabaseClient db, PasswordEncoder encoder) {
        this.db = db;
        this.encoder = encoder;
    }

    @org.springframework.beans.factory.annotation.Autowired
    void setTokens(TokenService tokens) {
        this.tokens = tokens;
    }

    /** A new active user; returns its id. */
    public long user(String username, String password, boolean staff) {
        return db.sql("insert into users (username, password, is_staff) values ($1, $2, $3) returning id")
                .bind(0, username).bind(1, encoder.encode(password)).bind(2, staff)
                .map(row -> row.get("id", Long.class)).one().block(WAIT);
    }

    /** A new token for that user; returns its key. */
    public String token(long userId) {
        return tokens.issue(userId).block(WAIT).token();
    }

    /** A new user with a token; returns the key. */
    public String tokenOfNewUser(String username, boolean staff) {
        return token(user(username, "pw-" + username, staff));
    }

    public void deactivate(long userId) {
        db.sql("update users set is_active = false where id = $1").bind(0, userId).fetch().rowsUpdated().block(WAIT);
    }
}
