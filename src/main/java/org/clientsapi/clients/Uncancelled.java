package org.clientsapi.clients;

import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * Database work that runs to its end even when the caller hangs up. A cancel that reaches
 * r2dbc-postgresql and r2dbc-pool while a connection is being lent or a result read can leave the
 * connection lent out for good (r2dbc/r2dbc-pool#140); DisconnectingCallersTest, which cuts
 * thousands of requests at random moments, found it. Finishing a short query costs less than a
 * connection lost; the result is then simply dropped.
 */
final class Uncancelled {

    private Uncancelled() {
    }

    static <T> Mono<T> mono(Supplier<Mono<T>> work) {
        return Mono.fromFuture(() -> work.get().toFuture(), true);
    }
}
