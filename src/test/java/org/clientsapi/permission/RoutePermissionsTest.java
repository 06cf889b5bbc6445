package org.clientsapi.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.clientsapi.auth.ApiUser;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** A route's permissions as Spring Security's authorization manager: asked together, first denial in order wins. */
class RoutePermissionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ApiUser ALICE = new ApiUser(7, "alice", false);

    private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.delete("/clients/1"));
    private final AuthorizationContext context = new AuthorizationContext(exchange);

    private static Mono<Authentication> authenticated(ApiUser user) {
        return Mono.just(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
    }

    private static Permission denying(String message) {
        return request -> Mono.just(Decision.denied(message, "code_" + message));
    }

    @Test
    void authorizeWhenAllGrantThenGranted() {
        var permissions = RoutePermissions.of(new IsAuthenticated(), new AllowAny(), new IsAuthenticatedOrReadOnly());

        StepVerifier.create(permissions.authorize(authenticated(ALICE), context))
                .assertNext(result -> assertThat(result.isGranted()).isTrue())
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void authorizeWhenNoPermissionsThenGranted() {
        StepVerifier.create(RoutePermissions.of().authorize(Mono.empty(), context))
                .assertNext(result -> assertThat(result.isGranted()).isTrue())
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void authorizeWhenOneDeniesThenPermissionDeniedWithItsMessageAndCode() {
        var permissions = RoutePermissions.of(new AllowAny(),
                request -> Mono.just(Decision.denied("Custom message.", "custom_code")));

        StepVerifier.create(permissions.authorize(authenticated(ALICE), context))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(PermissionDeniedException.class).hasMessage("Custom message.");
                    assertThat(((PermissionDeniedException) error).code()).isEqualTo("custom_code");
                })
                .verify(TIMEOUT);
    }

    @Test
    void authorizeWhenStaffRuleAndPlainUserThenDefaultDenial() {
        var permissions = RoutePermissions.of(new IsAuthenticated(), new IsAdminUser());

        StepVerifier.create(permissions.authorize(authenticated(ALICE), context))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(PermissionDeniedException.class)
                            .hasMessage("You do not have permission to perform this action.");
                    assertThat(((PermissionDeniedException) error).code()).isEqualTo("permission_denied");
                })
                .verify(TIMEOUT);
    }

    @Test
    void authorizeWhenLaterDenialAnswersSoonerThenFirstDeclaredDenialWins() {
        Permission slowA = request -> Mono.delay(Duration.ofMillis(50)).thenReturn(Decision.denied("A", "a"));
        Permission fastB = denying("B");

        StepVerifier.create(RoutePermissions.of(slowA, fastB).authorize(authenticated(ALICE), context))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(PermissionDeniedException.class).hasMessage("A"))
                .verify(TIMEOUT);
    }

    @Test
    void authorizeWhenFirstGrantsLateAndSecondDeniesThenSecondsDenial() {
        Permission slowGrant = request -> Mono.delay(Duration.ofMillis(50)).thenReturn(Decision.GRANTED);

        StepVerifier.create(RoutePermissions.of(slowGrant, denying("B")).authorize(authenticated(ALICE), context))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(PermissionDeniedException.class).hasMessage("B"))
                .verify(TIMEOUT);
    }

    @Test
    void authorizeWhenSeveralDenyThenFirstInDeclaredOrder() {
        var permissions = RoutePermissions.of(new AllowAny(), denying("first"), denying("second"));

        StepVerifier.create(permissions.authorize(authenticated(ALICE), context))
                .expectErrorSatisfies(error -> assertThat(error).hasMessage("first"))
                .verify(TIMEOUT);
    }

    /**
     * The first permission can only answer once the second has been subscribed to and run: asked one
     * after the other, this would never complete. The second is a {@code Mono.fromSupplier}, whose
     * work a fusing operator would otherwise put off until the first has answered.
     */
    @Test
    void authorizeWhenFirstWaitsOnSecondThenBothSubscribedConcurrently() {
        Sinks.One<Decision> released = Sinks.one();
        AtomicBoolean firstSubscribedWhenSecondRan = new AtomicBoolean();
        Permission first = request -> released.asMono();
        Permission second = request -> Mono.fromSupplier(() -> {
            firstSubscribedWhenSecondRan.set(released.currentSubscriberCount() > 0);
            released.tryEmitValue(Decision.denied("released by second", "first_code"));
            return Decision.GRANTED;
        });

        StepVerifier.create(RoutePermissions.of(first, second).authorize(authenticated(ALICE), context))
                .expectErrorSatisfies(error -> assertThat(error).hasMessage("released by second"))
                .verify(TIMEOUT);
        assertThat(firstSubscribedWhenSecondRan).isTrue();
    }

    /** The same with a second permission that answers asynchronously, as one asking the database would. */
    @Test
    void authorizeWhenFirstWaitsOnAsynchronousSecondThenBothSubscribedConcurrently() {
        Sinks.One<Decision> released = Sinks.one();
        Permission first = request -> released.asMono();
        Permission second = request -> Mono.delay(Duration.ofMillis(5))
                .doOnNext(tick -> released.tryEmitValue(Decision.GRANTED))
                .thenReturn(Decision.denied("second", "second_code"));

        StepVerifier.create(RoutePermissions.of(first, second).authorize(authenticated(ALICE), context))
                .expectErrorSatisfies(error -> assertThat(error).hasMessage("second"))
                .verify(TIMEOUT);
    }

    @Test
    void authorizeWhenFirstDeniesWhileLaterPendingThenLaterCancelled() {
        AtomicBoolean subscribed = new AtomicBoolean();
        CountDownLatch cancelled = new CountDownLatch(1);
        Permission slowDenial = request -> Mono.delay(Duration.ofMillis(10)).thenReturn(Decision.denied("A", "a"));
        Permission pending = request -> Mono.<Decision>never()
                .doOnSubscribe(s -> subscribed.set(true))
                .doOnCancel(cancelled::countDown);

        StepVerifier.create(RoutePermissions.of(slowDenial, pending).authorize(authenticated(ALICE), context))
                .expectErrorSatisfies(error -> assertThat(error).hasMessage("A"))
                .verify(TIMEOUT);
        assertThat(subscribed).isTrue();
        // The cancel may reach the pending permission on the timer's thread just after the error is seen.
        try {
            assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void authorizeWhenFirstDeniesAtOnceThenLaterNeverAsked() {
        Permission mustNotBeAsked = request -> Mono.error(new AssertionError("must not be asked"));

        StepVerifier.create(RoutePermissions.of(denying("A"), mustNotBeAsked).authorize(authenticated(ALICE), context))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(PermissionDeniedException.class).hasMessage("A"))
                .verify(TIMEOUT);
    }

    @Test
    void authorizeWhenAnonymousThenRequestWithNullUserAndTheExchange() {
        AtomicReference<PermissionRequest> seen = new AtomicReference<>();
        Permission capturing = request -> {
            seen.set(request);
            return Mono.just(Decision.GRANTED);
        };

        StepVerifier.create(RoutePermissions.of(capturing).authorize(Mono.empty(), context))
                .assertNext(result -> assertThat(result.isGranted()).isTrue())
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(seen.get().user()).isNull();
        assertThat(seen.get().authenticated()).isFalse();
        assertThat(seen.get().exchange()).isSameAs(exchange);
    }

    @Test
    void authorizeWhenAnonymousAndIsAuthenticatedThenDenied() {
        StepVerifier.create(RoutePermissions.of(new IsAuthenticated()).authorize(Mono.empty(), context))
                .expectError(PermissionDeniedException.class)
                .verify(TIMEOUT);
    }

    @Test
    void authorizeWhenAuthenticatedThenRequestCarriesTheUser() {
        AtomicReference<PermissionRequest> seen = new AtomicReference<>();
        Permission capturing = request -> {
            seen.set(request);
            return Mono.just(Decision.GRANTED);
        };

        StepVerifier.create(RoutePermissions.of(capturing).authorize(authenticated(ALICE), context))
                .expectNextCount(1)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(seen.get().user()).isEqualTo(ALICE);
    }

    @Test
    void authorizeWhenAuthenticationNotAuthenticatedOrNotAnApiUserThenNullUser() {
        AtomicReference<PermissionRequest> seen = new AtomicReference<>();
        Permission capturing = request -> {
            seen.set(request);
            return Mono.just(Decision.GRANTED);
        };
        var permissions = RoutePermissions.of(capturing);
        Authentication unauthenticated = UsernamePasswordAuthenticationToken.unauthenticated(ALICE, null);
        Authentication anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

        for (Authentication authentication : List.of(unauthenticated, anonymous)) {
            seen.set(null);
            StepVerifier.create(permissions.authorize(Mono.just(authentication), context))
                    .expectNextCount(1)
                    .expectComplete()
                    .verify(TIMEOUT);
            assertThat(seen.get()).isNotNull();
            assertThat(seen.get().user()).as("user for %s", authentication).isNull();
        }
    }
}
