package org.clientsapi.throttle;

import java.time.Duration;

/**
 * The times of the requests admitted in the current window of one key, oldest first, in a ring
 * that grows up to the rate's count. Not thread-safe: the memory store mutates it under its map's
 * per-key lock.
 */
final class SlidingLog {

    private long[] times = new long[2];
    private int head;
    private int size;
    private Duration period = Duration.ZERO;

    Outcome decide(Rate rate, long nowMicros, boolean record) {
        period = rate.period();
        long windowMicros = rate.period().toNanos() / 1_000;
        while (size > 0 && times[head] <= nowMicros - windowMicros) {
            head = (head + 1) % times.length;
            size--;
        }
        while (size > rate.count()) {
            // the rate was lowered since these were admitted: forget the oldest
            head = (head + 1) % times.length;
            size--;
        }
        boolean admitted = size < rate.count();
        if (admitted && record) {
            append(nowMicros, rate.count());
        }
        long resetMicros = size == 0 ? 0 : times[head] + windowMicros - nowMicros;
        int remaining = rate.count() - size;
        return new Outcome(admitted, remaining, Duration.ofNanos(resetMicros * 1_000));
    }

    /** How long this log may sit idle before it is empty anyway, so it can be evicted. */
    Duration period() {
        return period;
    }

    private void append(long time, int limit) {
        if (size == times.length) {
            grow(Math.min(limit, times.length * 2));
        }
        times[(head + size) % times.length] = time;
        size++;
    }

    private void grow(int capacity) {
        long[] grown = new long[capacity];
        for (int i = 0; i < size; i++) {
            grown[i] = times[(head + i) % times.length];
        }
        times = grown;
        head = 0;
    }
}
