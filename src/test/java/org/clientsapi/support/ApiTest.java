package org.clientsapi.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;

/**
 * The running application on a random port against the test run's real PostgreSQL, with a
 * {@link MutableClock}. Every such test shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestDatabase.class)
// Throttles that count across tests (every test calls from 127.0.0.1) are off here; the throttle
// tests turn them on in contexts of their own.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "clients-api.throttle.rates.anon=", "clients-api.throttle.rates.login=",
        "clients-api.throttle.rates.auth-failures=",
        // failed logins answer at once here; auth/FailedLoginFloorApiTest tests the floor
        "clients-api.auth.failed-login-floor=0" })
// A generous bound: on a loaded 2-core CI machine a request once took over the default 5 s.
@AutoConfigureWebTestClient(timeout = "30s")
@Import(TestSupportConfiguration.class)
public @interface ApiTest {
}
