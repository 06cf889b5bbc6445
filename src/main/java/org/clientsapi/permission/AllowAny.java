package org.clientsapi.permission;

import reactor.core.publisher.Mono;

/** DRF's AllowAny: every request. */
public final class AllowAny implements Permission {

    @Override
    public Mono<Decision> decide(PermissionRequest request) {
        return Mono.just(Decision.GRANTED);
    }
}
