package org.clientsapi.clients;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How a client's times are written: UTC, microseconds always shown, {@code Z} as DRF writes it. One
 * fixed width, so the JSON PostgreSQL keeps for each client (migration V4, {@link PageQuery}) and a
 * client written here agree.
 */
final class Timestamps {

    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
