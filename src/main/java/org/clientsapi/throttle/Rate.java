package org.clientsapi.throttle;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code count} requests in any sliding window of {@code period}. Written as in DRF,
 * {@code <count>/<period>} where only the period's first letter counts ({@code s}, {@code m},
 * {@code h}, {@code d}: {@code 100/day}, {@code 10/min}), and also with a multiple, {@code 5/10m},
 * which DRF lacks.
 */
public record Rate(int count, Duration period) {

    /** The longest period the stores can count: its length in nanoseconds must fit in a long (292 years). */
    private static final Duration MAX_PERIOD = Duration.ofNanos(Long.MAX_VALUE);

    private static final Pattern SYNTAX = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{0,9})\\s*([smhd])[a-z]*\\s*");

    public Rate {
        if (count < 1 || period.isNegative() || period.isZero() || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException(
                    "A rate needs a count of at least 1 and a positive period of at most 292 years");
        }
    }

    /** The rate, or an {@link IllegalArgumentException} whose message quotes the bad value. */
    public static Rate parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate such as 100/day, 10/min or 5/10m");
        }
        long multiple = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        if (multiple < 1 || Integer.parseInt(m.group(1)) < 1) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: count and period must be at least 1");
        }
        Duration unit = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        try {
            return new Rate(Integer.parseInt(m.group(1)), unit.multipliedBy(multiple));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: " + e.getMessage(), e);
        }
    }

    /** The window in whole seconds, as the {@code RateLimit-Policy} header states it. */
    long windowSeconds() {
        return period.toSeconds();
    }
}
