package org.clientsapi.permission;

import reactor.core.publisher.Mono;

/** DRF's IsAuthenticated: any caller with a valid token. */
public final class IsAuthenticated implements Permission {

    @Override
    public Mono<Decision> decide(PermissionRequest request) {
        return Mono.just(request.authenticated() ? Decision.GRANTED : Decision.DENIED);
    }
}
