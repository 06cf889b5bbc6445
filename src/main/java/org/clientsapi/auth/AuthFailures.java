package org.clientsapi.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * Counts failed authentications by reason ({@code clients_api.auth.failures{reason}}), so a
 * dashboard tells token guessing (invalid_token), broken clients (malformed_header), deactivated
 * users still calling (inactive) and password guessing at {@code /auth/token} (bad_credentials) apart.
 */
@Component
public class AuthFailures {

    private final Counter invalidToken;
    private final Counter inactive;
    private final Counter malformedHeader;
    private final Counter badCredentials;

    AuthFailures(MeterRegistry meters) {
        this.invalidToken = counter(meters, "invalid_token");
        this.inactive = counter(meters, "inactive");
        this.malformedHeader = counter(meters, "malformed_header");
        this.badCredentials = counter(meters, "bad_credentials");
    }

    /** A token refused by the converter (malformed header) or the manager (unknown key, inactive user). */
    public void tokenRefused(AuthenticationException failure) {
        if (failure instanceof DisabledException) {
            inactive.increment();
        } else if (TokenAuthenticationConverter.malformed(failure)) {
            malformedHeader.increment();
        } else {
            invalidToken.increment();
        }
    }

    /** A wrong username or password at {@code /auth/token}. */
    void badCredentials() {
        badCredentials.increment();
    }

    private static Counter counter(MeterRegistry meters, String reason) {
        return Counter.builder("clients_api.auth.failures")
                .description("Failed authentications by reason")
                .tag("reason", reason)
                .register(meters);
    }
}
