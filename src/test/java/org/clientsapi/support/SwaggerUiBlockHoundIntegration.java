package org.clientsapi.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Swagger UI's files are classpath resources inside a webjar, which Spring WebFlux's resource
 * handling finds and reads on the event loop: a look-up of the webjar's version (once, cached),
 * whether a file is readable, and its bytes (a small file, from the page cache once read). These
 * reads belong to the documentation pages only; no API route reads a classpath resource.
 */
public final class SwaggerUiBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("org.webjars.WebJarVersionLocator", "version");
        builder.allowBlockingCallsInside("org.springframework.web.reactive.resource.PathResourceResolver",
                "getResource");
        builder.allowBlockingCallsInside("org.springframework.core.io.buffer.DataBufferUtils$ReadableByteChannelGenerator",
                "accept");
        // The document is built once, at start-up, on a thread of springdoc's; a request that comes
        // in while that build runs waits for it (a lock) instead of building a second one.
        builder.allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi");
        // springdoc reads swagger-initializer.js to write the document's URL into it.
        builder.allowBlockingCallsInside("org.springdoc.ui.AbstractSwaggerIndexTransformer", "readFullyAsString");
    }
}
