package org.clientsapi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;

/** The security headers every response of the service carries, whoever wrote it. */
public final class SecurityHeaderChecks {

    private SecurityHeaderChecks() {
    }

    /** {@code header} reads one response header by name (null when absent); {@code what} names the response. */
    public static void assertSecurityHeaders(Function<String, String> header, Object what) {
        assertThat(header.apply("Cache-Control")).as("Cache-Control of %s", what).contains("no-store");
        assertThat(header.apply("X-Content-Type-Options")).as("X-Content-Type-Options of %s", what)
                .isEqualTo("nosniff");
        assertThat(header.apply("X-Frame-Options")).as("X-Frame-Options of %s", what).isEqualTo("DENY");
        assertThat(header.apply("Referrer-Policy")).as("Referrer-Policy of %s", what).isEqualTo("no-referrer");
        assertThat(header.apply("Content-Security-Policy")).as("Content-Security-Policy of %s", what)
                .isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }
}
