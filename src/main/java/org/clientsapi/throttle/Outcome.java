package org.clientsapi.throttle;

import java.time.Duration;

/**
 * One store decision for one key: whether the request was admitted, how many more the window
 * admits now, and how long until the oldest request in the window leaves it (the wait, when refused).
 */
public record Outcome(boolean admitted, int remaining, Duration reset) {

    /** What a store that cannot be reached answers under the fail-open policy. */
    static Outcome unknown(Rate rate) {
        return new Outcome(true, rate.count(), Duration.ZERO);
    }
}
