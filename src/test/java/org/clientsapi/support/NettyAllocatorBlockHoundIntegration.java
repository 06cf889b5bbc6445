package org.clientsapi.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty 4.2's default allocator ({@code AdaptivePoolingAllocator}) takes a {@code StampedLock} write
 * lock when it frees a magazine, which it does on event-loop threads when several of them allocate
 * at once (large bodies, client and server in one JVM). The lock only guards a few fields; Netty's
 * own BlockHound integration does not list it yet, so BlockHound reported it now and then as a
 * blocking call from inside Netty. These are the only two places the allocator waits on that lock.
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "free");
    }
}
