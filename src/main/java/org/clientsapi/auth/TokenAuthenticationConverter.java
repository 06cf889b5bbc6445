package org.clientsapi.auth;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: Token <key>} as DRF's TokenAuthentication does: empty for any other
 * scheme or no header (the request stays anonymous), an error with DRF's text for a malformed one.
 */
public class TokenAuthenticationConverter implements ServerAuthenticationConverter {

    static final String NO_CREDENTIALS = "Invalid token header. No credentials provided.";
    static final String SPACES = "Invalid token header. Token string should not contain spaces.";
    static final String INVALID_CHARACTERS = "Invalid token header. Token string should not contain invalid characters.";

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Mono.empty();
        }
        if (!isToken(header)) {
            return Mono.empty();
        }
        String[] words = header.strip().split("\\s+");
        if (words.length == 1) {
            return Mono.error(new BadCredentialsException(NO_CREDENTIALS));
        }
        if (words.length > 2) {
            return Mono.error(new BadCredentialsException(SPACES));
        }
        if (!visibleAscii(words[1])) {
            return Mono.error(new BadCredentialsException(INVALID_CHARACTERS));
        }
        return Mono.just(TokenAuthentication.unauthenticated(words[1]));
    }

    /**
     * Whether an {@code Authorization} value is of the {@code Token} scheme, so that this converter
     * reads it, and answers any byte in it that is no visible ASCII (DRF: that cannot be decoded) with
     * DRF's 401 {@link #INVALID_CHARACTERS}.
     */
    public static boolean isToken(String header) {
        return header.strip().split("\\s+")[0].equalsIgnoreCase("token");
    }

    /** Whether this failure is one of ours: a {@code Token} header that could not be read. */
    static boolean malformed(AuthenticationException failure) {
        String message = failure.getMessage();
        return NO_CREDENTIALS.equals(message) || SPACES.equals(message) || INVALID_CHARACTERS.equals(message);
    }

    private static boolean visibleAscii(String key) {
        return key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
