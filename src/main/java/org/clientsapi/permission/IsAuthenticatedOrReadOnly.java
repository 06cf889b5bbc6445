package org.clientsapi.permission;

import reactor.core.publisher.Mono;

/** DRF's IsAuthenticatedOrReadOnly: anyone may read (GET, HEAD, OPTIONS); only callers with a token may write. */
public final class IsAuthenticatedOrReadOnly implements Permission {

    @Override
    public Mono<Decision> decide(PermissionRequest request) {
        return Mono.just(request.safeMethod() || request.authenticated() ? Decision.GRANTED : Decision.DENIED);
    }
}
