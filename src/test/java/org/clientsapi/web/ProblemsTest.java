package org.clientsapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

@ExtendWith(OutputCaptureExtension.class)
class ProblemsTest {

    @Test
    void fromWhenDatabaseUnreachableManyTimesThenEach503AndAtMostOneWarning(CapturedOutput output) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/clients"));

        for (int i = 0; i < 200; i++) {
            ApiException answer = Problems.from(new DataAccessResourceFailureException("connection refused"), exchange);
            assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.headers().getFirst("Retry-After")).isEqualTo("5");
        }

        assertThat(output.getAll().split("Database unreachable on GET /clients", -1).length - 1).isLessThanOrEqualTo(1);
    }
}
