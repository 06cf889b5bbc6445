package org.clientsapi.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

@TestConfiguration(proxyBeanMethods = false)
public class TestSupportConfiguration {

    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock();
    }

    @Bean
    TestUsers testUsers(org.springframework.r2dbc.core.DatabaseClient db,
            org.springframework.security.crypto.password.PasswordEncoder encoder) {
        return new TestUsers(db, encoder);
    }
}
