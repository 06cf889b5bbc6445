package org.clientsapi.web;

import java.util.ArrayDeque;
import java.util.Queue;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * An HTTP/1.0 client knows no chunked transfer coding (RFC 9112 §6.1): a response of unknown length
 * to its request (the NDJSON export, any streamed body) is sent unframed instead, without
 * {@code Transfer-Encoding}, and the connection closed at its end, which is how such a client
 * learns where the body ends. Sits next to the HTTP codec of every connection, so every response
 * passes it; responses go out in the order of the requests, which it keeps.
 */
final class Http10Framing extends ChannelDuplexHandler {

    static final String NAME = "clientsApi.http10Framing";

    /** For each request not answered yet, in order: whether it was HTTP/1.0. */
    private final Queue<Boolean> http10 = new ArrayDeque<>();
    private boolean unframed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            http10.add(request.protocolVersion().equals(HttpVersion.HTTP_1_0));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse interim && interim.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            ctx.write(msg, promise); // a 100 Continue: the final response is still to come
            return;
        }
        if (msg instanceof HttpResponse response && Boolean.TRUE.equals(http10.peek())
                && HttpUtil.isTransferEncodingChunked(response)) {
            response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            unframed = true;
        }
        if (msg instanceof LastHttpContent) {
            http10.poll();
            if (unframed) {
                unframed = false;
                promise.addListener(ChannelFutureListener.CLOSE);
            }
        }
        ctx.write(msg, promise);
    }
}
