package org.clientsapi.permission;

import java.util.List;

import org.clientsapi.auth.ApiUser;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The permissions of one route as a Spring Security authorization manager. They are all asked at
 * once; the first denial in declared order decides, and the ones after it are cancelled.
 */
public final class RoutePermissions implements ReactiveAuthorizationManager<AuthorizationContext> {

    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);

    private final List<Permission> permissions;

    private RoutePermissions(List<Permission> permissions) {
        this.permissions = permissions;
    }

    public static RoutePermissions of(Permission... permissions) {
        return new RoutePermissions(List.of(permissions));
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        return authentication
                .filter(Authentication::isAuthenticated)
                .map(Authentication::getPrincipal)
                .ofType(ApiUser.class)
                .map(user -> new PermissionRequest(user, context.getExchange()))
                .defaultIfEmpty(new PermissionRequest(null, context.getExchange()))
                .flatMap(this::firstDenial)
                .flatMap(denial -> Mono.<AuthorizationResult>error(new PermissionDeniedException(denial)))
                .defaultIfEmpty(GRANTED);
    }

    private Mono<Decision> firstDenial(PermissionRequest request) {
        return Flux.fromIterable(permissions)
                // hide(): a fuseable answer (Mono.fromSupplier, Mono.just(..).map) would otherwise be
                // evaluated only when its turn comes, after the ones before it have answered.
                .flatMapSequential(permission -> permission.decided(request).hide())
                .filter(decision -> !decision.granted())
                .next();
    }
}
