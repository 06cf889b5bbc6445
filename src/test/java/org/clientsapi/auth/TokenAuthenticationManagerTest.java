package org.clientsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Token lookup against the real database, and the repositories behind it. */
@ApiTest
class TokenAuthenticationManagerTest {

    @Autowired
    TokenAuthenticationManager manager;

    @Autowired
    TokenRepository tokenRepository;

    @Autowired
    UserRepository userRepository;

    @Autowired
    TestUsers users;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void emptyDatabaseAndResetClock() {
        TestDatabase.truncateAll();
        clock.reset();
    }

    // ---- the authentication manager ----

    @Test
    void authenticateWhenValidKeyOfOrdinaryUserThenAuthenticatedWithoutStaffAuthority() {
        long id = users.user("alice", "pw-alice", false);
        String key = users.token(id);
        long tokenId = tokenIdOf(key);

        StepVerifier.create(authenticate(key))
                .assertNext(authentication -> {
                    assertThat(authentication).isInstanceOf(TokenAuthentication.class);
                    assertThat(authentication.isAuthenticated()).isTrue();
                    assertThat(authentication.getPrincipal()).isEqualTo(new ApiUser(id, "alice", false));
                    assertThat(authentication.getName()).isEqualTo("alice");
                    assertThat(authentication.getCredentials()).as("the key is not kept once authenticated").isNull();
                    assertThat(authentication.getAuthorities()).isEmpty();
                    assertThat(((TokenAuthentication) authentication).tokenId()).isEqualTo(tokenId);
                })
                .verifyComplete();
    }

    @Test
    void authenticateWhenValidKeyOfStaffUserThenAuthenticatedWithStaffAuthority() {
        long id = users.user("Boss", "pw-boss", true);
        String key = users.token(id);

        StepVerifier.create(authenticate(key))
                .assertNext(authentication -> {
                    assertThat(authentication.isAuthenticated()).isTrue();
                    assertThat(authentication.getPrincipal()).isEqualTo(new ApiUser(id, "Boss", true));
                    assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                            .containsExactly(TokenAuthentication.STAFF);
                })
                .verifyComplete();
    }

    @Test
    void authenticateWhenUnknownKeyThenInvalidToken() {
        users.tokenOfNewUser("alice", false);

        StepVerifier.create(authenticate("no-such-key-0123456789abcdefghijklmnopqrs"))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isExactlyInstanceOf(BadCredentialsException.class)
                        .hasMessage("Invalid token."))
                .verify();
    }

    @Test
    void authenticateWhenKeyDeletedElsewhereThenBelievedWithinCacheTtlThenInvalidToken() {
        String key = users.tokenOfNewUser("alice", false);
        StepVerifier.create(authenticate(key)).expectNextCount(1).verifyComplete();

        TestDatabase.execute("delete from tokens");

        StepVerifier.create(authenticate(key)).as("still in the cache").expectNextCount(1).verifyComplete();
        clock.advance(Duration.ofSeconds(5));  // the cache-ttl of application.yml

        StepVerifier.create(authenticate(key))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isExactlyInstanceOf(BadCredentialsException.class)
                        .hasMessage("Invalid token."))
                .verify();
    }

    @Test
    void authenticateWhenRowInsertedWithSha256OfKeyThenAuthenticated() throws SQLException {
        long id = users.user("alice", "pw-alice", false);
        String key = "hand-made-key-of-forty-three-characters-xyz";
        insertToken(id, key, null);

        StepVerifier.create(authenticate(key))
                .assertNext(authentication -> assertThat(authentication.getPrincipal()).isEqualTo(
                        new ApiUser(id, "alice", false)))
                .verifyComplete();
    }

    @Test
    void authenticateWhenRowExpiredBeforeClockTimeThenInvalidToken() throws SQLException {
        long id = users.user("alice", "pw-alice", false);
        String key = "expired-key-0123456789abcdefghijklmnopqrstu";
        insertToken(id, key, clock.instant().minusSeconds(1));

        StepVerifier.create(authenticate(key))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isExactlyInstanceOf(BadCredentialsException.class)
                        .hasMessage("Invalid token."))
                .verify();
    }

    @Test
    void authenticateWhenClockMovesPastExpiryThenInvalidToken() throws SQLException {
        long id = users.user("alice", "pw-alice", false);
        String key = users.token(id);
        setExpires(key, clock.instant().plusSeconds(30));

        StepVerifier.create(authenticate(key)).expectNextCount(1).verifyComplete();

        clock.advance(Duration.ofSeconds(31));

        StepVerifier.create(authenticate(key))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isExactlyInstanceOf(BadCredentialsException.class)
                        .hasMessage("Invalid token."))
                .verify();
    }

    @Test
    void authenticateWhenUserInactiveThenUserInactiveOrDeleted() {
        long id = users.user("alice", "pw-alice", false);
        String key = users.token(id);
        users.deactivate(id);

        StepVerifier.create(authenticate(key))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isExactlyInstanceOf(DisabledException.class)
                        .hasMessage("User inactive or deleted."))
                .verify();
    }

    @Test
    void authenticateWhenExpiredKeyOfInactiveUserThenInvalidToken() throws SQLException {
        long id = users.user("alice", "pw-alice", false);
        String key = users.token(id);
        setExpires(key, clock.instant().minusSeconds(1));
        users.deactivate(id);

        StepVerifier.create(authenticate(key))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isExactlyInstanceOf(BadCredentialsException.class)
                        .hasMessage("Invalid token."))
                .verify();
    }

    @Test
    void authenticateWhenUsedAgainWithinAMinuteThenLastUsedNotRewrittenButRewrittenAfterAMinute()
            throws SQLException {
        String key = users.tokenOfNewUser("alice", false);
        assertThat(lastUsed(key)).as("never used yet").isNull();

        Instant first = clock.instant();
        StepVerifier.create(authenticate(key)).expectNextCount(1).verifyComplete();
        assertThat(lastUsed(key)).isCloseTo(first, within(1, ChronoUnit.MICROS));

        clock.advance(Duration.ofSeconds(59));
        StepVerifier.create(authenticate(key)).expectNextCount(1).verifyComplete();
        assertThat(lastUsed(key)).as("not rewritten within a minute").isCloseTo(first, within(1, ChronoUnit.MICROS));

        clock.advance(Duration.ofSeconds(2));
        Instant later = clock.instant();
        StepVerifier.create(authenticate(key)).expectNextCount(1).verifyComplete();
        assertThat(lastUsed(key)).as("rewritten once a minute has passed")
                .isCloseTo(later, within(1, ChronoUnit.MICROS));
    }

    @Test
    void authenticateWhenUserInactiveThenLastUsedNotWritten() throws SQLException {
        long id = users.user("alice", "pw-alice", false);
        String key = users.token(id);
        users.deactivate(id);

        StepVerifier.create(authenticate(key)).expectError(DisabledException.class).verify();

        assertThat(lastUsed(key)).isNull();
    }

    // ---- TokenRepository ----

    @Test
    void findByDigestWhenUnknownDigestThenEmpty() {
        users.tokenOfNewUser("alice", false);

        StepVerifier.create(tokenRepository.findByDigest(new byte[32])).verifyComplete();
    }

    @Test
    void findByDigestWhenKnownThenTokenWithItsOwner() throws SQLException {
        long id = users.user("alice", "pw-alice", true);
        String key = users.token(id);
        long tokenId = tokenIdOf(key);

        StepVerifier.create(tokenRepository.findByDigest(sha256(key)))
                .assertNext(owner -> {
                    assertThat(owner.tokenId()).isEqualTo(tokenId);
                    assertThat(owner.userId()).isEqualTo(id);
                    assertThat(owner.username()).isEqualTo("alice");
                    assertThat(owner.active()).isTrue();
                    assertThat(owner.staff()).isTrue();
                    assertThat(owner.expires()).isNull();
                    assertThat(owner.lastUsed()).isNull();
                })
                .verifyComplete();
    }

    // ---- UserRepository ----

    @Test
    void findByUsernameWhenCaseDiffersThenUserFound() {
        long id = users.user("Alice", "pw-alice", false);

        for (String name : new String[] { "alice", "ALICE", "aLiCe", "Alice" }) {
            StepVerifier.create(userRepository.findByUsername(name))
                    .assertNext(user -> {
                        assertThat(user.id()).isEqualTo(id);
                        assertThat(user.username()).as("kept as created").isEqualTo("Alice");
                        assertThat(user.active()).isTrue();
                        assertThat(user.staff()).isFalse();
                    })
                    .verifyComplete();
        }
    }

    @Test
    void findByUsernameWhenUnknownThenEmpty() {
        users.user("alice", "pw-alice", false);

        StepVerifier.create(userRepository.findByUsername("bob")).verifyComplete();
    }

    @Test
    void insertWhenNameDiffersOnlyInCaseThenEmpty() {
        StepVerifier.create(userRepository.insert("Carol", "{noop}x", false, clock.instant()))
                .assertNext(id -> assertThat(id).isPositive())
                .verifyComplete();

        StepVerifier.create(userRepository.insert("cAROL", "{noop}y", true, clock.instant())).verifyComplete();

        StepVerifier.create(userRepository.findByUsername("carol"))
                .assertNext(user -> {
                    assertThat(user.username()).isEqualTo("Carol");
                    assertThat(user.staff()).isFalse();
                })
                .verifyComplete();
    }

    @Test
    void insertIfNoUsersWhenDatabaseEmptyThenInserted() {
        StepVerifier.create(userRepository.insertIfNoUsers("admin", "{noop}x", true, clock.instant()))
                .assertNext(id -> assertThat(id).isPositive())
                .verifyComplete();

        StepVerifier.create(userRepository.findByUsername("admin"))
                .assertNext(user -> assertThat(user.staff()).isTrue())
                .verifyComplete();
    }

    @Test
    void insertIfNoUsersWhenDatabaseNotEmptyThenEmpty() {
        users.user("someone", "pw", false);

        StepVerifier.create(userRepository.insertIfNoUsers("admin", "{noop}x", true, clock.instant()))
                .verifyComplete();

        StepVerifier.create(userRepository.findByUsername("admin")).verifyComplete();
    }

    // ---- helpers ----

    private Mono<Authentication> authenticate(String key) {
        return manager.authenticate(TokenAuthentication.unauthenticated(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertToken(long userId, String key, Instant expires) throws SQLException {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into tokens (digest, prefix, user_id, expires) values (?, ?, ?, ?)")) {
            insert.setBytes(1, sha256(key));
            insert.setString(2, key.substring(0, 8));
            insert.setLong(3, userId);
            insert.setObject(4, expires == null ? null : expires.atOffset(ZoneOffset.UTC));
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    private static void setExpires(String key, Instant expires) throws SQLException {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement update = connection.prepareStatement("update tokens set expires = ? where digest = ?")) {
            update.setObject(1, expires.atOffset(ZoneOffset.UTC));
            update.setBytes(2, sha256(key));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static Instant lastUsed(String key) throws SQLException {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement select = connection.prepareStatement("select last_used from tokens where digest = ?")) {
            select.setBytes(1, sha256(key));
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("token row exists").isTrue();
                OffsetDateTime lastUsed = row.getObject(1, OffsetDateTime.class);
                return lastUsed == null ? null : lastUsed.toInstant();
            }
        }
    }

    private static long tokenIdOf(String key) {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement select = connection.prepareStatement("select id from tokens where digest = ?")) {
            select.setBytes(1, sha256(key));
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("token row exists").isTrue();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
