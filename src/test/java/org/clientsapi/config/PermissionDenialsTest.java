package org.clientsapi.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;

import org.clientsapi.permission.Decision;
import org.clientsapi.permission.PermissionDeniedException;
import org.clientsapi.support.ApiTest;
import org.clientsapi.throttle.AuthFailureGuard;
import org.clientsapi.throttle.Throttling;
import org.clientsapi.web.ProblemWriter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A permission's denial is answered once: 403 to a known caller, 401 to an anonymous one. */
@ApiTest
class PermissionDenialsTest {

    private static final WebFilterChain DENYING = exchange -> Mono.error(new PermissionDeniedException(
            Decision.denied("Staff only.", "staff_only")));

    @Autowired
    AuthFailureGuard guard;

    @Autowired
    Throttling throttling;

    @Autowired
    ProblemWriter problems;

    @Test
    void deniedWhenCallerKnownThenOne403WithThePermissionsMessage() {
        Principal caller = () -> "dave";
        MockServerWebExchange exchange = MockServerWebExchange.builder(MockServerHttpRequest.delete("/clients/1"))
                .principal(caller).build();

        StepVerifier.create(filters().permissionDenials().filter(exchange, DENYING)).verifyComplete();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        StepVerifier.create(exchange.getResponse().getBodyAsString())
                .assertNext(body -> assertThat(body).contains("\"detail\":\"Staff only.\"", "\"code\":\"staff_only\""))
                .verifyComplete();
    }

    @Test
    void deniedWhenAnonymousThenOne401() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.delete("/clients/1"));

        StepVerifier.create(filters().permissionDenials().filter(exchange, DENYING)).verifyComplete();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        StepVerifier.create(exchange.getResponse().getBodyAsString())
                .assertNext(body -> assertThat(body).contains("\"code\":\"not_authenticated\""))
                .verifyComplete();
    }

    private RequestPathFilters filters() {
        return new RequestPathFilters(guard, throttling, problems);
    }
}
