package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.assertj.core.api.Condition;
import org.clientsapi.ClientsApiApplication;
import org.clientsapi.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** {@code clients-api.throttle.*}: checked when the application starts. */
class ThrottlePropertiesTest {

    private static ThrottleProperties properties(Map<String, String> rates) {
        return properties(rates, "memory", "open");
    }

    private static ThrottleProperties properties(Map<String, String> rates, String store, String redisFailure) {
        return new ThrottleProperties(rates, store, redisFailure, 0, Duration.ofMillis(100), 1000);
    }

    @Test
    void constructorWhenRateMalformedThenNamesPropertyAndValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties(Map.of("anon", "100/min", "user", "10/fortnight")))
                .withMessageContaining("clients-api.throttle.rates.user")
                .withMessageContaining("10/fortnight");
    }

    @Test
    void constructorWhenScopeRateMalformedThenNamesThatScope() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties(Map.of("clients.write", "five/min")))
                .withMessageContaining("clients-api.throttle.rates.clients.write")
                .withMessageContaining("five/min");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "\t" })
    void rateWhenEmptyOrBlankThenThatThrottleIsOff(String value) {
        ThrottleProperties properties = properties(Map.of("anon", value, "user", "10/min"));

        assertThat(properties.rate("anon")).isEmpty();
        assertThat(properties.rate("user")).contains(new Rate(10, Duration.ofMinutes(1)));
    }

    @Test
    void rateWhenNotSetThenEmpty() {
        ThrottleProperties properties = properties(null);

        assertThat(properties.rates()).isEmpty();
        assertThat(properties.rate("login")).isEmpty();
        assertThat(properties.scopes()).isEmpty();
    }

    @Test
    void scopesWhenClassAndScopeRatesThenOnlyScopesWithARate() {
        Map<String, String> rates = new LinkedHashMap<>();
        rates.put("anon", "100/min");
        rates.put("user", "1000/s");
        rates.put("auth-failures", "20/10m");
        rates.put("login", "10/min");
        rates.put("clients.read", "50/s");
        rates.put("clients.write", "5/10s");
        rates.put("clients.off", "");

        Map<String, Rate> scopes = properties(rates).scopes();

        assertThat(scopes).containsOnlyKeys("clients.read", "clients.write");
        assertThat(scopes.get("clients.read")).isEqualTo(new Rate(50, Duration.ofSeconds(1)));
        assertThat(scopes.get("clients.write")).isEqualTo(new Rate(5, Duration.ofSeconds(10)));
    }

    @Test
    void ratesWhenCallerMapChangesAfterwardsThenPropertiesUnchanged() {
        Map<String, String> rates = new HashMap<>(Map.of("user", "10/min"));
        ThrottleProperties properties = properties(rates);

        rates.put("user", "10/fortnight");

        assertThat(properties.rate("user")).contains(new Rate(10, Duration.ofMinutes(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Memory", "redis ", "caffeine" })
    void constructorWhenStoreUnknownThenNamesPropertyAndValue(String store) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties(Map.of(), store, "open"))
                .withMessageContaining("clients-api.throttle.store")
                .withMessageContaining("'" + store + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "OPEN", "fail-open", "true" })
    void constructorWhenRedisFailureUnknownThenNamesPropertyAndValue(String policy) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties(Map.of(), "redis", policy))
                .withMessageContaining("clients-api.throttle.redis-failure")
                .withMessageContaining("'" + policy + "'");
    }

    @Test
    void constructorWhenTrustedProxiesNegativeThenRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ThrottleProperties(Map.of(), "memory", "open", -1, Duration.ofMillis(100), 10))
                .withMessageContaining("clients-api.throttle.trusted-proxies");
    }

    @Test
    void constructorWhenValidStoresAndPoliciesThenAccepted() {
        assertThat(properties(Map.of(), "memory", "closed").store()).isEqualTo("memory");
        assertThat(properties(Map.of(), "redis", "open").redisFailure()).isEqualTo("open");
        assertThat(properties(Map.of(), "redis", "closed").redisFailure()).isEqualTo("closed");
    }

    /** The one test here that starts Spring: the malformed rate must stop start-up, with a message that says why. */
    @Test
    void startWhenUserRateMalformedThenFailsNamingPropertyAndValue() {
        TestDatabase.start();

        assertThatThrownBy(() -> new SpringApplicationBuilder(ClientsApiApplication.class)
                .web(WebApplicationType.NONE)
                .run("--clients-api.throttle.rates.user=10/fortnight"))
                .satisfies(failure -> assertThat(causeChainMessages(failure))
                        .contains("clients-api.throttle.rates.user")
                        .contains("10/fortnight"))
                .has(new Condition<>(failure -> rootCause(failure) instanceof IllegalArgumentException,
                        "a root cause that is the rate's IllegalArgumentException"));
    }

    private static String causeChainMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
