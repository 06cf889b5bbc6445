package org.clientsapi.permission;

import reactor.core.publisher.Mono;

/** DRF's IsAdminUser: staff users only. */
public final class IsAdminUser implements Permission {

    @Override
    public Mono<Decision> decide(PermissionRequest request) {
        return Mono.just(request.authenticated() && request.user().staff() ? Decision.GRANTED : Decision.DENIED);
    }
}
