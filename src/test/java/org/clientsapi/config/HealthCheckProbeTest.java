package org.clientsapi.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.tools.ToolProvider;

import org.clientsapi.support.ApiTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The container health check (deploy/HealthCheck.java), compiled and run as the Dockerfile runs it,
 * against the running service: 0 when ready, 1 when the answer is not 200 or nothing answers.
 */
@ApiTest
class HealthCheckProbeTest {

    private static Path classes;

    @LocalServerPort
    int port;

    @BeforeAll
    static void compile() throws IOException {
        classes = Files.createTempDirectory("healthcheck");
        int result = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "deploy/HealthCheck.java");
        assertThat(result).isZero();
    }

    @Test
    void probeWhenReadinessUpThenExitsZero() throws Exception {
        assertThat(probe("http://127.0.0.1:" + port + "/actuator/health/readiness")).isZero();
    }

    @Test
    void probeWhenNot200ThenExitsOne() throws Exception {
        assertThat(probe("http://127.0.0.1:" + port + "/actuator/health/no-such-group")).isEqualTo(1);
    }

    @Test
    void probeWhenNothingListensThenExitsOne() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(probe("http://127.0.0.1:" + closed + "/actuator/health/readiness")).isEqualTo(1);
    }

    private static int probe(String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx16m", "-cp", classes.toString(),
                "HealthCheck", url).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
