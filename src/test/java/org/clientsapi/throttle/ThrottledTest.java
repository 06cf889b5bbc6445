package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.clientsapi.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The 429: DRF's text, and a Retry-After of whole seconds rounded up, never earlier than the real wait. */
class ThrottledTest {

    private static void assertThrottled(Duration wait, String retryAfter, String detail) {
        ApiException throttled = Throttled.after(wait);

        assertThat(throttled.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(throttled.code()).isEqualTo("throttled");
        assertThat(throttled.headers().get(HttpHeaders.RETRY_AFTER)).containsExactly(retryAfter);
        assertThat(throttled.getMessage()).isEqualTo(detail);
    }

    @Test
    void afterWhenOneMillisecondThenOneSecondSingular() {
        assertThrottled(Duration.ofMillis(1), "1", "Request was throttled. Expected available in 1 second.");
    }

    @Test
    void afterWhenExactlyOneSecondThenOneSecondSingular() {
        assertThrottled(Duration.ofSeconds(1), "1", "Request was throttled. Expected available in 1 second.");
    }

    @Test
    void afterWhenExactlyTwoSecondsThenTwoSecondsPlural() {
        assertThrottled(Duration.ofSeconds(2), "2", "Request was throttled. Expected available in 2 seconds.");
    }

    @Test
    void afterWhenTwoSecondsAndAMillisecondThenThree() {
        assertThrottled(Duration.ofMillis(2_001), "3", "Request was throttled. Expected available in 3 seconds.");
    }

    @Test
    void afterWhenOneNanosecondOverThenRoundedUp() {
        assertThrottled(Duration.ofSeconds(59).plusNanos(1), "60",
                "Request was throttled. Expected available in 60 seconds.");
    }

    @Test
    void afterWhenZeroThenAtLeastOneSecond() {
        assertThrottled(Duration.ZERO, "1", "Request was throttled. Expected available in 1 second.");
    }

    @Test
    void afterWhenADayThenWholeSeconds() {
        assertThrottled(Duration.ofDays(1), "86400", "Request was throttled. Expected available in 86400 seconds.");
    }
}
