package org.clientsapi.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.clientsapi.auth.ApiUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.test.StepVerifier;

/** DRF's built-in permissions, for anonymous callers, users and staff, on safe and unsafe methods. */
class BuiltInPermissionsTest {

    enum Caller {
        ANONYMOUS(null), USER(new ApiUser(7, "alice", false)), STAFF(new ApiUser(1, "admin", true));

        final ApiUser user;

        Caller(ApiUser user) {
            this.user = user;
        }
    }

    private static final HttpMethod[] SAFE = { HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS };
    private static final HttpMethod[] UNSAFE = { HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE };

    static PermissionRequest request(Caller caller, HttpMethod method) {
        return new PermissionRequest(caller.user,
                MockServerWebExchange.from(MockServerHttpRequest.method(method, "/clients/1")));
    }

    /** Every caller on every method, with what each permission must answer. */
    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (Caller caller : Caller.values()) {
            for (HttpMethod method : SAFE) {
                cases.add(Arguments.of(caller, method, true));
            }
            for (HttpMethod method : UNSAFE) {
                cases.add(Arguments.of(caller, method, false));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void allowAnyWhenAnyCallerAndMethodThenGranted(Caller caller, HttpMethod method, boolean safe) {
        expect(new AllowAny(), request(caller, method), true);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void isAuthenticatedWhenCallerThenGrantedOnlyWithAUser(Caller caller, HttpMethod method, boolean safe) {
        expect(new IsAuthenticated(), request(caller, method), caller != Caller.ANONYMOUS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void isAdminUserWhenCallerThenGrantedOnlyToStaff(Caller caller, HttpMethod method, boolean safe) {
        expect(new IsAdminUser(), request(caller, method), caller == Caller.STAFF);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void isAuthenticatedOrReadOnlyWhenCallerAndMethodThenAnonymousMayOnlyRead(Caller caller, HttpMethod method,
            boolean safe) {
        expect(new IsAuthenticatedOrReadOnly(), request(caller, method), safe || caller != Caller.ANONYMOUS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void safeMethodWhenMethodThenOnlyGetHeadOptions(Caller caller, HttpMethod method, boolean safe) {
        assertThat(request(caller, method).safeMethod()).isEqualTo(safe);
        assertThat(request(caller, method).authenticated())
                .isEqualTo(caller != Caller.ANONYMOUS);
    }

    /** Granted, or denied with DRF's default message and code. */
    static void expect(Permission permission, PermissionRequest request, boolean granted) {
        StepVerifier.create(permission.decide(request))
                .expectNext(granted ? Decision.GRANTED
                        : new Decision(false, "You do not have permission to perform this action.",
                                "permission_denied"))
                .verifyComplete();
    }
}
