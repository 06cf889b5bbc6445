package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The three throttle classes of DRF: which requests each counts, and under which key. */
class ThrottleTest {

    private static final Rate RATE = new Rate(10, Duration.ofMinutes(1));
    private static final String ADDRESS = "203.0.113.9";

    @Test
    void anonKeyWhenAnonymousThenKeyedByAddress() {
        Throttle anon = new Throttle.Anon(RATE);

        assertThat(anon.key(null, ADDRESS, null)).contains("anon:203.0.113.9");
        assertThat(anon.key(null, ADDRESS, "clients.read")).contains("anon:203.0.113.9");
        assertThat(anon.key(null, "198.51.100.1", null)).contains("anon:198.51.100.1");
    }

    @Test
    void anonKeyWhenAuthenticatedThenDoesNotApply() {
        assertThat(new Throttle.Anon(RATE).key(42L, ADDRESS, "clients.read")).isEmpty();
    }

    @Test
    void userKeyWhenAuthenticatedThenKeyedByUserIdWhateverTheAddress() {
        Throttle user = new Throttle.User(RATE);

        assertThat(user.key(42L, ADDRESS, null)).contains("user:42");
        assertThat(user.key(42L, "198.51.100.1", "clients.write")).contains("user:42");
    }

    @Test
    void userKeyWhenAnonymousThenKeyedByAddressApartFromUserIds() {
        Throttle user = new Throttle.User(RATE);

        assertThat(user.key(null, ADDRESS, null)).contains("user:ip:203.0.113.9");
        // A user id and an address never share a key.
        assertThat(user.key(null, "42", null)).isNotEqualTo(user.key(42L, ADDRESS, null));
    }

    @Test
    void scopedKeyWhenOwnScopeThenKeyedByScopeAndCaller() {
        Throttle read = new Throttle.Scoped("clients.read", RATE);

        assertThat(read.key(42L, ADDRESS, "clients.read")).contains("scope:clients.read:user:42");
        assertThat(read.key(null, ADDRESS, "clients.read")).contains("scope:clients.read:ip:203.0.113.9");
    }

    @Test
    void scopedKeyWhenOtherScopeOrNoneThenDoesNotApply() {
        Throttle read = new Throttle.Scoped("clients.read", RATE);

        assertThat(read.key(42L, ADDRESS, "clients.write")).isEmpty();
        assertThat(read.key(null, ADDRESS, "clients.write")).isEmpty();
        assertThat(read.key(42L, ADDRESS, null)).isEmpty();
    }

    @Test
    void scopedKeyWhenTwoScopesThenSeparateBudgets() {
        Throttle read = new Throttle.Scoped("clients.read", RATE);
        Throttle write = new Throttle.Scoped("clients.write", RATE);

        assertThat(read.key(42L, ADDRESS, "clients.read")).isNotEqualTo(write.key(42L, ADDRESS, "clients.write"));
    }

    @Test
    void keysWhenSameCallerThenNoClassSharesAnotherClassesKey() {
        var anon = new Throttle.Anon(RATE).key(null, ADDRESS, "clients.read").orElseThrow();
        var user = new Throttle.User(RATE).key(null, ADDRESS, "clients.read").orElseThrow();
        var scoped = new Throttle.Scoped("clients.read", RATE).key(null, ADDRESS, "clients.read").orElseThrow();

        assertThat(java.util.Set.of(anon, user, scoped)).hasSize(3);
    }

    @Test
    void nameAndRateWhenEachClassThenPolicyNameAndConfiguredRate() {
        assertThat(new Throttle.Anon(RATE).name()).isEqualTo("anon");
        assertThat(new Throttle.User(RATE).name()).isEqualTo("user");
        assertThat(new Throttle.Scoped("clients.write", RATE).name()).isEqualTo("clients.write");
        assertThat(new Throttle.Scoped("clients.write", RATE).rate()).isEqualTo(RATE);
    }
}
