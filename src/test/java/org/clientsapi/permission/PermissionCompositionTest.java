package org.clientsapi.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.clientsapi.auth.ApiUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@code and}, {@code or} and {@code not}: truth tables, short-circuits, and whose message a denial carries. */
class PermissionCompositionTest {

    private static final Decision CUSTOM = Decision.denied("Custom message.", "custom_code");
    private static final Decision OTHER = Decision.denied("Other message.", "other_code");

    private static final PermissionRequest REQUEST = new PermissionRequest(new ApiUser(7, "alice", false),
            MockServerWebExchange.from(MockServerHttpRequest.post("/clients")));

    /** A permission that answers a fixed decision and counts how often its answer is subscribed to. */
    static final class Recording implements Permission {
        final Decision decision;
        final AtomicInteger subscriptions = new AtomicInteger();

        Recording(Decision decision) {
            this.decision = decision;
        }

        @Override
        public Mono<Decision> decide(PermissionRequest request) {
            return Mono.just(decision).doOnSubscribe(s -> subscriptions.incrementAndGet());
        }
    }

    /** A permission that must never be asked: asking it fails the composition. */
    static final Permission MUST_NOT_BE_ASKED = request -> Mono.error(new AssertionError("must not be asked"));

    private static Permission fixed(boolean granted) {
        return request -> Mono.just(granted ? Decision.GRANTED : Decision.DENIED);
    }

    private static boolean granted(Permission permission) {
        Decision decision = permission.decide(REQUEST).block();
        assertThat(decision).isNotNull();
        return decision.granted();
    }

    @ParameterizedTest(name = "{0} and {1} = {2}")
    @CsvSource({ "true, true, true", "true, false, false", "false, true, false", "false, false, false" })
    void andWhenOperandsThenTruthTable(boolean first, boolean second, boolean expected) {
        assertThat(granted(fixed(first).and(fixed(second)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} or {1} = {2}")
    @CsvSource({ "true, true, true", "true, false, true", "false, true, true", "false, false, false" })
    void orWhenOperandsThenTruthTable(boolean first, boolean second, boolean expected) {
        assertThat(granted(fixed(first).or(fixed(second)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "not {0} = {1}")
    @CsvSource({ "true, false", "false, true" })
    void notWhenOperandThenTruthTable(boolean operand, boolean expected) {
        assertThat(granted(Permission.not(fixed(operand)))).isEqualTo(expected);
    }

    @Test
    void andWhenFirstDeniesThenSecondNeverSubscribed() {
        Recording second = new Recording(Decision.GRANTED);

        StepVerifier.create(new Recording(CUSTOM).and(second).decide(REQUEST)).expectNext(CUSTOM).verifyComplete();

        assertThat(second.subscriptions).hasValue(0);
    }

    @Test
    void andWhenFirstDeniesThenFailingSecondNeverAsked() {
        StepVerifier.create(fixed(false).and(MUST_NOT_BE_ASKED).decide(REQUEST))
                .expectNext(Decision.DENIED)
                .verifyComplete();
    }

    @Test
    void andWhenFirstGrantsThenSecondSubscribedOnceAndDecides() {
        Recording first = new Recording(Decision.GRANTED);
        Recording second = new Recording(CUSTOM);

        StepVerifier.create(first.and(second).decide(REQUEST)).expectNext(CUSTOM).verifyComplete();

        assertThat(first.subscriptions).hasValue(1);
        assertThat(second.subscriptions).hasValue(1);
    }

    @Test
    void orWhenFirstGrantsThenSecondNeverSubscribed() {
        Recording second = new Recording(CUSTOM);

        StepVerifier.create(new Recording(Decision.GRANTED).or(second).decide(REQUEST))
                .expectNext(Decision.GRANTED)
                .verifyComplete();

        assertThat(second.subscriptions).hasValue(0);
    }

    @Test
    void orWhenFirstGrantsThenFailingSecondNeverAsked() {
        StepVerifier.create(fixed(true).or(MUST_NOT_BE_ASKED).decide(REQUEST))
                .expectNext(Decision.GRANTED)
                .verifyComplete();
    }

    @Test
    void orWhenFirstDeniesThenSecondSubscribedOnce() {
        Recording second = new Recording(Decision.GRANTED);

        StepVerifier.create(new Recording(CUSTOM).or(second).decide(REQUEST))
                .expectNext(Decision.GRANTED)
                .verifyComplete();

        assertThat(second.subscriptions).hasValue(1);
    }

    @Test
    void andWhenFirstDeniesWithCustomMessageThenMessageAndCodeKept() {
        StepVerifier.create(new Recording(CUSTOM).and(fixed(false)).decide(REQUEST))
                .assertNext(decision -> {
                    assertThat(decision.granted()).isFalse();
                    assertThat(decision.message()).isEqualTo("Custom message.");
                    assertThat(decision.code()).isEqualTo("custom_code");
                })
                .verifyComplete();
    }

    @Test
    void andWhenSecondDeniesWithCustomMessageThenMessageAndCodeKept() {
        StepVerifier.create(fixed(true).and(new Recording(CUSTOM)).decide(REQUEST))
                .expectNext(CUSTOM)
                .verifyComplete();
    }

    @Test
    void orWhenBothDenyThenSecondsMessageAndCode() {
        StepVerifier.create(new Recording(OTHER).or(new Recording(CUSTOM)).decide(REQUEST))
                .expectNext(CUSTOM)
                .verifyComplete();
    }

    @Test
    void notWhenOperandGrantsThenDeniedWithDefaultMessageAndCode() {
        StepVerifier.create(Permission.not(fixed(true)).decide(REQUEST))
                .assertNext(decision -> {
                    assertThat(decision.granted()).isFalse();
                    assertThat(decision.message()).isEqualTo("You do not have permission to perform this action.");
                    assertThat(decision.code()).isEqualTo("permission_denied");
                })
                .verifyComplete();
    }

    @Test
    void notWhenOperandDeniesWithCustomMessageThenGranted() {
        StepVerifier.create(Permission.not(new Recording(CUSTOM)).decide(REQUEST))
                .expectNext(Decision.GRANTED)
                .verifyComplete();
    }

    @Test
    void notNotWhenOperandDeniesWithCustomMessageThenDeniedWithDefaultMessage() {
        StepVerifier.create(Permission.not(Permission.not(new Recording(CUSTOM))).decide(REQUEST))
                .expectNext(Decision.DENIED)
                .verifyComplete();
    }

    @Test
    void nestedWhenAdminOrCustomAndAuthenticatedForUserThenCustomDenialDecides() {
        // (IsAdminUser or custom) and IsAuthenticated, for a non-staff user: the custom denial decides.
        Permission composed = new IsAdminUser().or(new Recording(CUSTOM)).and(new IsAuthenticated());

        StepVerifier.create(composed.decide(REQUEST)).expectNext(CUSTOM).verifyComplete();
    }

    @Test
    void andWhenFirstFailsThenErrorPropagatesAndSecondNeverSubscribed() {
        Recording second = new Recording(Decision.GRANTED);
        Permission failing = request -> Mono.error(new IllegalStateException("database down"));

        StepVerifier.create(failing.and(second).decide(REQUEST))
                .expectErrorMessage("database down")
                .verify();

        assertThat(second.subscriptions).hasValue(0);
    }

    @Test
    void composedWhenAPermissionAnswersNothingThenDenied() {
        Permission silent = request -> Mono.empty();
        assertThat(granted(fixed(true).and(silent))).isFalse();
        assertThat(granted(silent.or(fixed(false)))).isFalse();
        assertThat(granted(fixed(false).or(silent))).isFalse();
        StepVerifier.create(silent.decided(REQUEST)).expectNext(Decision.DENIED).verifyComplete();
    }
}
