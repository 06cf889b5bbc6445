package org.clientsapi.web;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checks JSON and form bodies as strict UTF-8 while they stream in ({@link Utf8}; a form's
 * {@code %} escapes by the bytes they stand for), so a body with an overlong form or a surrogate is
 * a 400 and never a stored character. Placed around the whole HTTP handler, not as a web filter:
 * the exchange reads a form from the request it was made with, before any filter could wrap it.
 * A form that declares another charset is decoded in that charset, as before.
 */
@Component
class StrictUtf8Bodies implements HttpHandlerDecoratorFactory {

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> {
            Utf8Kind kind = kind(request);
            return handler.handle(kind == null ? request : new Checked(request, kind), response);
        };
    }

    private enum Utf8Kind { JSON, FORM }

    private static Utf8Kind kind(ServerHttpRequest request) {
        MediaType type;
        try {
            type = request.getHeaders().getContentType();
        } catch (InvalidMediaTypeException e) {
            return null; // refused as an unsupported media type later
        }
        if (type == null) {
            return null;
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtypeSuffix())) {
            return Utf8Kind.JSON; // JSON is UTF-8 whatever the charset parameter says (RFC 8259), as Jackson reads it
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            Charset charset = charset(type);
            return charset == null || charset.equals(StandardCharsets.UTF_8) ? Utf8Kind.FORM : null;
        }
        return null;
    }

    private static Charset charset(MediaType type) {
        try {
            return type.getCharset();
        } catch (IllegalArgumentException e) {
            return null; // an unknown charset: the form reader refuses it
        }
    }

    private static final class Checked extends ServerHttpRequestDecorator {
        private final Utf8Kind kind;

        Checked(ServerHttpRequest request, Utf8Kind kind) {
            super(request);
            this.kind = kind;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                Utf8 check = kind == Utf8Kind.FORM ? Utf8.percentEscaped() : Utf8.bytes();
                return super.getBody().<DataBuffer>handle((buffer, sink) -> {
                    for (int i = buffer.readPosition(); i < buffer.writePosition(); i++) {
                        if (!check.take(buffer.getByte(i) & 0xFF)) {
                            DataBufferUtils.release(buffer);
                            sink.error(invalid());
                            return;
                        }
                    }
                    sink.next(buffer);
                }).concatWith(Mono.defer(() -> check.complete() ? Mono.empty() : Mono.error(invalid())));
            });
        }

        private ApiException invalid() {
            return ApiException.notUtf8(kind == Utf8Kind.FORM ? "The form body" : "The JSON body", "parse_error");
        }
    }
}
