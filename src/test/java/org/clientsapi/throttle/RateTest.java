package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rates in DRF's syntax, {@code <count>/<period>}, plus the multiples DRF lacks. */
class RateTest {

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("100/day", 100, Duration.ofDays(1)),
                Arguments.of("10/min", 10, Duration.ofMinutes(1)),
                Arguments.of("1000/hour", 1000, Duration.ofHours(1)),
                Arguments.of("3/s", 3, Duration.ofSeconds(1)),
                Arguments.of("5/10m", 5, Duration.ofMinutes(10)),
                Arguments.of("5/10min", 5, Duration.ofMinutes(10)),
                Arguments.of("7/2h", 7, Duration.ofHours(2)),
                Arguments.of("1/1d", 1, Duration.ofDays(1)),
                Arguments.of("  10/min  ", 10, Duration.ofMinutes(1)),
                Arguments.of("\t5/10m\n", 5, Duration.ofMinutes(10)));
    }

    @ParameterizedTest
    @MethodSource("wellFormed")
    void parseWhenWellFormedThenCountAndPeriod(String text, int count, Duration period) {
        Rate rate = Rate.parse(text);

        assertThat(rate.count()).isEqualTo(count);
        assertThat(rate.period()).isEqualTo(period);
    }

    @ParameterizedTest
    @ValueSource(strings = { "10", "/min", "0/min", "10/0m", "10/fortnight", "ten/min", "10/-1m", "-5/min", "",
            "10/", "10/5", "1.5/min" })
    void parseWhenMalformedThenIllegalArgumentQuotingTheValue(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Rate.parse(text))
                .withMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({ "100/day, 86400", "10/min, 60", "5/10m, 600", "7/2h, 7200", "3/s, 1" })
    void windowSecondsWhenParsedThenWholeSecondsOfThePeriod(String text, long seconds) {
        assertThat(Rate.parse(text).windowSeconds()).isEqualTo(seconds);
    }

    /** A period the stores cannot count in microseconds would pass start-up and then fail every request. */
    @ParameterizedTest
    @ValueSource(strings = { "1/999999999d", "1/999999999h" })
    void parseWhenPeriodTooLongToCountThenIllegalArgumentQuotingTheValue(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Rate.parse(text))
                .withMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1/36500d", "1/106000d", "2147483/s" })
    void parseWhenLongButCountablePeriodThenAccepted(String text) {
        Rate rate = Rate.parse(text);

        Outcome outcome = new MemoryThrottleStore(10).acquire("k", rate, Instant.parse("2025-01-01T00:00:00Z"))
                .block();

        assertThat(outcome.admitted()).isTrue();
        assertThat(outcome.reset()).isEqualTo(rate.period());
    }
}
