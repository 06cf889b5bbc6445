package org.clientsapi.throttle;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address a request comes from: the socket's peer, unless {@code trustedProxies} proxies stand
 * in front of the service, in which case the address the outermost trusted proxy saw, read from
 * {@code X-Forwarded-For} as DRF's {@code NUM_PROXIES} does. Any other {@code X-Forwarded-For} is
 * ignored, since a caller can write anything there.
 */
public final class ClientAddress {

    private final int trustedProxies;

    public ClientAddress(int trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public String of(ServerHttpRequest request) {
        if (trustedProxies > 0) {
            List<String> forwarded = forwardedFor(request);
            if (!forwarded.isEmpty()) {
                return forwarded.get(forwarded.size() - Math.min(trustedProxies, forwarded.size()));
            }
        }
        InetSocketAddress peer = request.getRemoteAddress();
        if (peer == null) {
            return "unknown";
        }
        return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
    }

    private static List<String> forwardedFor(ServerHttpRequest request) {
        List<String> addresses = new ArrayList<>();
        for (String header : request.getHeaders().getOrEmpty("X-Forwarded-For")) {
            for (String address : header.split(",")) {
                if (!address.isBlank()) {
                    addresses.add(address.strip());
                }
            }
        }
        return addresses;
    }
}
