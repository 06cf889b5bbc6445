package org.clientsapi.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts itself and binds later, or binds again after a restart. They are
 * picked below Linux's ephemeral range (32768 and up): a port from {@code new ServerSocket(0)} lies
 * in that range, and an outgoing connection (to PostgreSQL, say) may take it before the server binds.
 */
public final class FreePorts {

    private FreePorts() {
    }

    public static int belowEphemeralRange() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            }
            catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("No free port between 20000 and 31999");
    }
}
