package org.clientsapi.web;

import java.net.URI;
import java.net.URISyntaxException;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sits between Netty's HTTP decoder and Reactor Netty's request handling, on one connection. A
 * request the decoder could not read (a control byte in a header value, a header block or request
 * line over the limits), of another major version (an HTTP/2 prior-knowledge preface, {@code PRI *
 * HTTP/2.0}) or whose target is no URI (a raw {@code {} or {@code |}, which Spring's adapter
 * refuses with an empty 400) is answered here as problem+json, with the security headers and a new
 * request id, and the connection closed. Only when no earlier request of the connection is still
 * being answered: a response must not overtake another, so then Netty's own empty answer stands.
 */
final class MalformedRequestGuard extends ChannelDuplexHandler {

    static final String NAME = "clientsApi.malformedRequestGuard";

    private final JsonMapper json;
    private int unanswered;
    private boolean refusing;

    MalformedRequestGuard(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refusing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            HttpStatus status = refusal(request);
            if (status != null && unanswered == 0) {
                refusing = true;
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(response(status)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            unanswered++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent && unanswered > 0) {
            unanswered--;
        }
        ctx.write(msg, promise);
    }

    private static HttpStatus refusal(HttpRequest request) {
        if (request.protocolVersion().majorVersion() != 1) {
            // an HTTP/2 prior-knowledge preface (PRI * HTTP/2.0) on this HTTP/1.1 port: Reactor Netty's answer is an empty 400
            return HttpStatus.BAD_REQUEST;
        }
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpHeaderException) {
                return HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            }
            if (cause instanceof TooLongHttpLineException) {
                return HttpStatus.URI_TOO_LONG;
            }
            return cause instanceof TooLongFrameException ? HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : HttpStatus.BAD_REQUEST;
        }
        try {
            // what Spring's adapter builds from the same target (the host part it adds is always valid)
            new URI("http://localhost" + pathAndQuery(request.uri()));
            return null;
        } catch (URISyntaxException e) {
            return HttpStatus.BAD_REQUEST;
        }
    }

    /** The part of a request target Spring's adapter keeps: from the first '/', '?' or '#' after any scheme and authority. */
    static String pathAndQuery(String uri) {
        int start = 0;
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return uri.substring(i);
            }
            if (c == ':' && uri.startsWith("//", i + 1)) {
                start = i + 3;
                break;
            }
        }
        for (int i = start; start > 0 && i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return uri.substring(i);
            }
        }
        return start > 0 ? "" : uri.substring(uri.length());
    }

    private FullHttpResponse response(HttpStatus status) {
        String detail = switch (status) {
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "Request header fields too large.";
            case URI_TOO_LONG -> "Request line too long.";
            default -> ApiException.MALFORMED;
        };
        byte[] body = json.writeValueAsBytes(new Problem("about:blank", status.getReasonPhrase(), status.value(),
                detail, null, "malformed_request", null));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status.value()), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(RequestIds.HEADER, RequestIds.generate());
        SecurityHeaders.VALUES.forEach((name, value) -> response.headers().set(name, value));
        return response;
    }
}
