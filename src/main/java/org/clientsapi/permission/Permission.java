package org.clientsapi.permission;

import reactor.core.publisher.Mono;

/**
 * DRF's {@code BasePermission.has_permission}, as a {@code Mono} so that a permission may consult
 * the database without blocking. Compose with {@link #and}, {@link #or} and {@link #not}: each
 * short-circuits and keeps the denying permission's message.
 */
@FunctionalInterface
public interface Permission {

    Mono<Decision> decide(PermissionRequest request);

    /** {@link #decide}, where a permission that answers nothing has granted nothing. */
    default Mono<Decision> decided(PermissionRequest request) {
        return decide(request).defaultIfEmpty(Decision.DENIED);
    }

    /** Granted when both are; the second is not asked when the first denies. */
    default Permission and(Permission other) {
        return request -> decided(request)
                .flatMap(first -> first.granted() ? other.decided(request) : Mono.just(first));
    }

    /** Granted when either is; the second is not asked when the first grants. Denied with the second's message. */
    default Permission or(Permission other) {
        return request -> decided(request)
                .flatMap(first -> first.granted() ? Mono.just(first) : other.decided(request));
    }

    /** Granted when this one denies; denied, with DRF's default message, when it grants. */
    static Permission not(Permission permission) {
        return request -> permission.decided(request)
                .map(decision -> decision.granted() ? Decision.DENIED : Decision.GRANTED);
    }
}
