package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** The client's address: the peer, or X-Forwarded-For only through the configured number of proxies. */
class ClientAddressTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.10", 54321);

    private static MockServerHttpRequest request(String... forwardedFor) {
        return MockServerHttpRequest.get("/clients").remoteAddress(PEER).header("X-Forwarded-For", forwardedFor)
                .build();
    }

    @Test
    void ofWhenNoTrustedProxyThenPeerEvenWithForwardedFor() {
        ClientAddress addresses = new ClientAddress(0);

        assertThat(addresses.of(request("a", "b, c"))).isEqualTo("192.0.2.10");
        assertThat(addresses.of(request())).isEqualTo("192.0.2.10");
    }

    @ParameterizedTest(name = "{0} trusted proxies -> {1}")
    @CsvSource({ "1, c", "2, b", "3, a" })
    void ofWhenTrustedProxiesThenEntryTheOutermostTrustedProxySaw(int proxies, String expected) {
        assertThat(new ClientAddress(proxies).of(request("a, b, c"))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} trusted proxies -> {1}")
    @CsvSource({ "1, c", "2, b", "3, a" })
    void ofWhenSeveralForwardedForHeadersThenReadAsOneList(int proxies, String expected) {
        assertThat(new ClientAddress(proxies).of(request("a", "b, c"))).isEqualTo(expected);
        assertThat(new ClientAddress(proxies).of(request("a, b", "c"))).isEqualTo(expected);
    }

    @Test
    void ofWhenEntriesHaveSpacesAndEmptyPartsThenStrippedAndSkipped() {
        assertThat(new ClientAddress(1).of(request(" a ,  b ,c  "))).isEqualTo("c");
        assertThat(new ClientAddress(2).of(request("a,, b ,"))).isEqualTo("a");
    }

    @Test
    void ofWhenFewerEntriesThanProxiesThenTheFirst() {
        assertThat(new ClientAddress(5).of(request("a, b, c"))).isEqualTo("a");
        assertThat(new ClientAddress(2).of(request("only"))).isEqualTo("only");
    }

    @Test
    void ofWhenTrustedProxiesButNoForwardedForThenPeer() {
        assertThat(new ClientAddress(1).of(request())).isEqualTo("192.0.2.10");
        assertThat(new ClientAddress(1).of(request(" ", ""))).isEqualTo("192.0.2.10");
    }

    @Test
    void ofWhenIpv6PeerThenItsAddress() {
        var request = MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("2001:db8::1", 443)).build();

        assertThat(new ClientAddress(0).of(request)).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void ofWhenNoPeerThenUnknown() {
        assertThat(new ClientAddress(0).of(MockServerHttpRequest.get("/").build())).isEqualTo("unknown");
    }
}
