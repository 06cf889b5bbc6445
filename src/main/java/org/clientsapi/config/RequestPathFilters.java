package org.clientsapi.config;

import java.util.Optional;

import org.clientsapi.auth.TokenAuthentication;
import org.clientsapi.permission.PermissionDeniedException;
import org.clientsapi.throttle.AuthFailureGuard;
import org.clientsapi.throttle.Throttling;
import org.clientsapi.web.ApiException;
import org.clientsapi.web.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.WebFilter;

/**
 * Our steps of the security chain (the failed-authentication guard, the answer to a permission's
 * denial, the throttles), as filters that are not beans (a WebFilter bean would run a second time
 * outside the chain).
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

    /**
     * Between exception translation and authorization: a permission's denial answered by DRF's rule
     * (401 to an anonymous caller, 403 with the permission's message to an authenticated one),
     * here rather than by Spring's translation, which builds two exceptions with stack traces for
     * every anonymous refusal (12% of the CPU of a 401, bench profile).
     */
    WebFilter permissionDenials() {
        return (exchange, chain) -> chain.filter(exchange)
                .onErrorResume(PermissionDeniedException.class, denial -> exchange.getPrincipal()
                        .map(caller -> forbidden(denial))
                        .defaultIfEmpty(ApiException.notAuthenticated())
                        .flatMap(answer -> problems.write(exchange, answer)));
    }

    static ApiException forbidden(PermissionDeniedException denial) {
        return new ApiException(HttpStatus.FORBIDDEN, denial.getMessage(), denial.code());
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
