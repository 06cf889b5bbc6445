package org.clientsapi.throttle;

import java.time.Duration;

import org.clientsapi.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The 429 answer: DRF's text, and a {@code Retry-After} never earlier than the real wait. */
final class Throttled {

    private Throttled() {
    }

    static ApiException after(Duration wait) {
        long seconds = wholeSecondsUp(wait);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Request was throttled. Expected available in "
                + seconds + (seconds == 1 ? " second." : " seconds."), "throttled", null, headers);
    }

    /** Rounded up, and at least 1: a caller told 0 would retry at once and be refused again. */
    static long wholeSecondsUp(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
