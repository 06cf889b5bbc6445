package org.clientsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The {@code Authorization} header read as DRF's TokenAuthentication reads it. */
class TokenAuthenticationConverterTest {

    private static final String KEY = "k3y_Abc-123.xyz~";

    private final TokenAuthenticationConverter converter = new TokenAuthenticationConverter();

    @Test
    void convertWhenNoAuthorizationHeaderThenEmpty() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/clients"));
        StepVerifier.create(converter.convert(exchange)).verifyComplete();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Basic xyz", "Bearer x", "Bearer", "Tokens abc", "Tok abc", "" })
    void convertWhenSchemeIsNotTokenThenEmpty(String header) {
        StepVerifier.create(convert(header)).verifyComplete();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Token", "token", "  Token  " })
    void convertWhenTokenSchemeWithoutKeyThenNoCredentialsError(String header) {
        StepVerifier.create(convert(header))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(BadCredentialsException.class)
                        .hasMessage("Invalid token header. No credentials provided."))
                .verify();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Token a b", "Token a\tb", "Token a b c" })
    void convertWhenKeyContainsSpacesThenSpacesError(String header) {
        StepVerifier.create(convert(header))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(BadCredentialsException.class)
                        .hasMessage("Invalid token header. Token string should not contain spaces."))
                .verify();
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc\u00e9def", "abc\u007fdef", "abc\u0001def", "abc\u00a0def", "\u20ac" })
    void convertWhenKeyHasCharacterOutsideVisibleAsciiThenInvalidCharactersError(String key) {
        StepVerifier.create(convert("Token " + key))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(BadCredentialsException.class)
                        .hasMessage("Invalid token header. Token string should not contain invalid characters."))
                .verify();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Token ", "token ", "TOKEN ", "tOkEn " })
    void convertWhenTokenSchemeInAnyCaseThenUnauthenticatedTokenWithKey(String scheme) {
        StepVerifier.create(convert(scheme + KEY))
                .assertNext(authentication -> {
                    assertThat(authentication).isInstanceOf(TokenAuthentication.class);
                    assertThat(authentication.isAuthenticated()).isFalse();
                    assertThat(authentication.getCredentials()).isEqualTo(KEY);
                    assertThat(authentication.getPrincipal()).isNull();
                    assertThat(authentication.getAuthorities()).isEmpty();
                })
                .verifyComplete();
    }

    @Test
    void convertWhenHeaderHasSurroundingWhitespaceThenKeyWithoutIt() {
        StepVerifier.create(convert("  Token   " + KEY + "  "))
                .assertNext(authentication -> assertThat(authentication.getCredentials()).isEqualTo(KEY))
                .verifyComplete();
    }

    private Mono<Authentication> convert(String header) {
        var exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/clients").header(HttpHeaders.AUTHORIZATION, header));
        return converter.convert(exchange);
    }
}
