package org.clientsapi.config;

import java.time.Clock;

import org.clientsapi.auth.DjangoPasswordEncoder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    /** The one clock behind every time decision, so tests move time instead of sleeping. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Event loops of this application's own. With Reactor Netty's global ones, closing any other
     * application context in the same JVM (a command-line task run in-process, a test's second
     * instance) disposes them, and this server stops answering while its sockets stay open.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        return resources;
    }

    /**
     * Hashes tagged with their algorithm ({@code {bcrypt}…}), so stronger ones can replace them later.
     * Hashes imported from Django keep Django's own form, with no tag; they go to the Django encoder,
     * and the first login that matches one re-encodes the password with the default (see LoginService).
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        var encoder = (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();
        encoder.setDefaultPasswordEncoderForMatches(new DjangoPasswordEncoder());
        return encoder;
    }
}
