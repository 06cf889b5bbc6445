package org.clientsapi.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The JDK reads {@code net.properties} once, when the first socket of the JVM is made. In the test
 * JVM that can be a channel opened on a Reactor thread (the pool warming up on {@code single-1}
 * when a test class starts the first application), and BlockHound then fails the class's static
 * initializer for good: every later socket fails with {@code NoClassDefFoundError}. A one-time
 * read at class initialization is not a blocking call worth reporting.
 * <p>
 * Netty's epoll transport reads its native library out of its jar the same way, once. Refused on a
 * Reactor thread, epoll is then unavailable for the rest of the JVM and Reactor Netty falls back to
 * NIO: the suite ran on epoll or NIO depending on which thread touched it first.
 */
public final class JdkClassInitBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("sun.net.NetProperties", "<clinit>");
        builder.allowBlockingCallsInside("io.netty.channel.epoll.Native", "<clinit>");
    }
}
