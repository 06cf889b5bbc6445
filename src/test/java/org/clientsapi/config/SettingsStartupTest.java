package org.clientsapi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clientsapi.ClientsApiApplication;
import org.clientsapi.support.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A setting with a value the service cannot use stops start-up, and what start-up reports (Spring
 * Boot's failure analysis, the part an operator reads) names the property and the value, whatever
 * the setting: a rate, a choice, a number, a duration, a size.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsStartupTest {

    @ParameterizedTest
    @CsvSource({
            "clients-api.throttle.rates.user, abc",
            "clients-api.throttle.rates.clients.read, 0/min",
            "clients-api.throttle.store, disk",
            "clients-api.throttle.trusted-proxies, -1",
            "clients-api.throttle.redis-timeout, soon",
            "clients-api.mail.max-attempts, many",
            "clients-api.token.ttl, forever",
            "clients-api.token.cache-ttl, abc",
            "clients-api.token.cache-ttl, -5s",
            "clients-api.max-body-size, huge" })
    void startWhenSettingInvalidThenFailureReportNamesPropertyAndValue(String property, String value,
            CapturedOutput output) {
        TestDatabase.start();

        assertThatThrownBy(() -> new SpringApplicationBuilder(ClientsApiApplication.class)
                .web(WebApplicationType.NONE)
                .run("--" + property + "=" + value)).isNotNull();

        String out = output.getAll();
        int report = out.lastIndexOf("APPLICATION FAILED TO START");
        assertThat(report).as("a failure analysis in %s", out).isGreaterThanOrEqualTo(0);
        assertThat(out.substring(report)).as("the failure report").contains(property).containsIgnoringCase(value);
    }
}
