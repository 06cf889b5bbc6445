package org.clientsapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The guard on one connection, with Netty's own decoder in front of it and nothing behind. */
class MalformedRequestGuardTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder(),
            new MalformedRequestGuard(JsonMapper.builder().build()));

    @Test
    void requestWhenControlByteInHeaderThenProblemAndConnectionClosed() {
        send("GET /clients HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n");
        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(response.headers().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("\"code\":\"malformed_request\"");
        assertThat(response.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        response.release();
    }

    /** What {@code curl --http2-prior-knowledge} sends first: Reactor Netty would answer an empty 400. */
    @Test
    void requestWhenHttp2PrefaceThenProblemWithRequestIdAndConnectionClosed() {
        send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("\"code\":\"malformed_request\"");
        assertThat(response.headers().get("X-Request-Id")).matches("[0-9a-f]{16}");
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        response.release();
    }

    @Test
    void requestWhenTargetIsNoUriThenProblem() {
        send("GET /clients?search={ HTTP/1.1\r\nHost: x\r\n\r\n");
        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        response.release();
    }

    @Test
    void requestWhenWellFormedThenPassedOnUntouched() {
        send("GET /clients?search=%7B HTTP/1.1\r\nHost: x\r\n\r\n");
        HttpRequest request = channel.readInbound();
        assertThat(request.uri()).isEqualTo("/clients?search=%7B");
        assertThat((Object) channel.readOutbound()).isNull();
        ReferenceCountUtil.release(request);
    }

    /** A response must not overtake the one still owed on the connection: then Netty's own answer stands. */
    @Test
    void malformedWhenEarlierRequestUnansweredThenLeftToNettyUntilAnswered() {
        send("GET /clients HTTP/1.1\r\nHost: x\r\n\r\n");
        ReferenceCountUtil.release(channel.readInbound()); // the request
        ReferenceCountUtil.release(channel.readInbound()); // its empty last content
        send("GET /clients?search={ HTTP/1.1\r\nHost: x\r\n\r\n");
        HttpRequest passedOn = channel.readInbound();
        assertThat(passedOn.uri()).isEqualTo("/clients?search={");
        assertThat((Object) channel.readOutbound()).isNull();
        ReferenceCountUtil.release(passedOn);
        drainInbound();

        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER));
        ReferenceCountUtil.release(channel.readOutbound());
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER));
        ReferenceCountUtil.release(channel.readOutbound());
        send("GET /clients?search={ HTTP/1.1\r\nHost: x\r\n\r\n");
        FullHttpResponse refused = channel.readOutbound();
        assertThat(refused.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        refused.release();
    }

    private void send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
    }

    private void drainInbound() {
        Object message;
        while ((message = channel.readInbound()) != null) {
            ReferenceCountUtil.release(message);
        }
    }
}
