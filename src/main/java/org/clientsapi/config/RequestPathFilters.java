package org.clientsapi.config;

import java.util.Optional;

import org.clientsapi.auth.TokenAuthentication;
import org.clientsapi.throttle.AuthFailureGuard;
import org.clientsapi.throttle.Throttling;
import org.clientsapi.web.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.WebFilter;

/**
 * The two throttling steps of the security chain, as filters that are not beans (a WebFilter bean
 * would run a second time outside the chain).
 */
final class RequestPathFilters {

    private final AuthFailureGuard guard;
    private final Throttling throttling;
    private final ProblemWriter problems;

    RequestPathFilters(AuthFailureGuard guard, Throttling throttling, ProblemWriter problems) {
        this.guard = guard;
        this.throttling = throttling;
        this.problems = problems;
    }

    /** Before authentication: an address that failed too often is refused before its token is looked up. */
    WebFilter authFailureGuard() {
        return (exchange, chain) -> {
            if (!exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
                return chain.filter(exchange);
            }
            return guard.check(exchange.getRequest()).flatMap(refusal -> refusal.isPresent()
                    ? problems.write(exchange, refusal.get())
                    : chain.filter(exchange));
        };
    }

    /** After authorization: the route's throttles, keyed by the authenticated user or the address. */
    WebFilter throttles() {
        return (exchange, chain) -> ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .ofType(TokenAuthentication.class)
                .map(authentication -> Optional.of(authentication.getPrincipal().id()))
                .defaultIfEmpty(Optional.empty())
                .flatMap(userId -> throttling.check(exchange, userId.orElse(null)))
                .flatMap(refusal -> refusal.isPresent()
                        ? problems.write(exchange, refusal.get())
                        : chain.filter(exchange));
    }
}
