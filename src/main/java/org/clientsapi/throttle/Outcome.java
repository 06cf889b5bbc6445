package org.clientsapi.throttle;

import java.time.Duration;

/**
 * One store decision for one key: whether the request was admitted, how many more the window
 * admits now, and how long until the oldest request in the window leaves it (the wait, when refused).
 * {@code known} is false for the admission a store that could not be reached grants (fail open).
 */
public record Outcome(boolean admitted, int remaining, Duration reset, boolean known) {

    public Outcome(boolean admitted, int remaining, Duration reset) {
        this(admitted, remaining, reset, true);
    }

    /** What a store that cannot be reached answers under the fail-open policy. */
    static Outcome unknown(Rate rate) {
        return new Outcome(true, rate.count(), Duration.ZERO, false);
    }
}
