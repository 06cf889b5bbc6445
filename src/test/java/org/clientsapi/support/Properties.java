package org.clientsapi.support;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small property runner: {@code tries} inputs drawn from a seeded generator, each checked by the
 * property; the first failure names the seed, the try and the input, so that
 * {@code -Dclients-api.property.seed=<seed>} replays the same run exactly. Kept in-house rather than
 * jqwik: jqwik 1.10 still runs on JUnit Platform 1.x (the suite is on 6) and its authors ask that it
 * not be used by coding agents, which wrote these tests.
 */
public final class Properties {

    private static final String SEED_PROPERTY = "clients-api.property.seed";

    private Properties() {
    }

    /** Checks the property on {@code tries} generated inputs; throws on the first that fails it. */
    public static <T> void check(int tries, Function<SplittableRandom, T> generator, Consumer<T> property) {
        long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random);
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("Falsified at try " + (i + 1) + " of " + tries + " (replay with -D"
                        + SEED_PROPERTY + "=" + seed + ") by " + describe(input) + ": " + e.getMessage(), e);
            }
        }
    }

    /** The input with anything outside printable ASCII escaped, and very long inputs cut. */
    public static String describe(Object input) {
        String text = String.valueOf(input);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 2000; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (out.length() >= 2000) {
            out.append("… (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    /** One of the values, chosen uniformly. */
    @SafeVarargs
    public static <T> T oneOf(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
