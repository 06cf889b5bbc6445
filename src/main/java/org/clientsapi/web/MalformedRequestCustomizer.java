package org.clientsapi.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/** Puts a {@link MalformedRequestGuard} and the {@link Http10Framing} right after the HTTP codec of every connection. */
@Component
class MalformedRequestCustomizer implements NettyServerCustomizer {

    private final JsonMapper json;

    MalformedRequestCustomizer(JsonMapper json) {
        this.json = json;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, MalformedRequestGuard.NAME,
                        new MalformedRequestGuard(json));
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, Http10Framing.NAME, new Http10Framing());
            }
        });
    }
}
