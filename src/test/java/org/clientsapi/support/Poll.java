package org.clientsapi.support;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Reads a value every 200 ms until it is as wanted or the bound has passed; for what settles in the background. */
public final class Poll {

    private Poll() {
    }

    /** The first value {@code done} accepts, else the last one read when {@code bound} ran out. */
    public static <T> T until(Callable<T> read, Predicate<T> done, Duration bound) {
        Instant deadline = Instant.now().plus(bound);
        try {
            T value = read.call();
            while (!done.test(value) && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                value = read.call();
            }
            return value;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
