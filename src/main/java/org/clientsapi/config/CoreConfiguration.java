package org.clientsapi.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CoreConfiguration {

    /** The one clock behind every time decision, so tests move time instead of sleeping. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Hashes tagged with their algorithm ({@code {bcrypt}…}), so stronger ones can replace them later. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
