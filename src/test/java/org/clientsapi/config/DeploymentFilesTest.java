package org.clientsapi.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker-compose.yml, the Dockerfile and nginx.conf are checked as
 * files: the services and how they depend on each other, ports, environment, health checks, the
 * build stages and the user the service runs as. That they start is not shown by this test.
 */
class DeploymentFilesTest {

    private static final List<String> INSTANCES = List.of("api-1", "api-2");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        assertThat(services).as("service " + name).containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    @Test
    void composeWhenParsedThenDatabaseRedisTwoInstancesAndLoadBalancer() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        assertThat(services.keySet()).containsExactlyInAnyOrder("postgres", "redis", "api-1", "api-2", "lb");
        assertThat((String) service("postgres").get("image")).startsWith("postgres:");
        assertThat(service("redis").get("image")).isEqualTo("redis:7");
        assertThat(service("lb").get("image")).isEqualTo("nginx:stable");
        assertThat((List<String>) service("lb").get("ports")).containsExactly("8080:80");
        assertThat((List<String>) service("lb").get("volumes"))
                .containsExactly("./deploy/nginx.conf:/etc/nginx/nginx.conf:ro");
        for (String instance : INSTANCES) {
            assertThat(service(instance).get("build")).isEqualTo(".");
            assertThat(service(instance)).doesNotContainKey("ports");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeWhenParsedThenInstancesShareRedisThrottlesBehindOneProxy() throws IOException {
        for (String instance : INSTANCES) {
            Map<String, Object> environment = (Map<String, Object>) service(instance).get("environment");
            assertThat(environment).containsKeys("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD",
                    "REDIS_HOST", "REDIS_PORT");
            assertThat(environment).containsEntry("DB_HOST", "postgres").containsEntry("REDIS_HOST", "redis")
                    .containsEntry("CLIENTS_API_THROTTLE_STORE", "redis")
                    .containsEntry("CLIENTS_API_THROTTLE_TRUSTED_PROXIES", "1");
            assertThat(environment.values()).allSatisfy(value -> assertThat(value).isInstanceOf(String.class));
        }
        Map<String, Object> postgres = (Map<String, Object>) service("postgres").get("environment");
        Map<String, Object> api = (Map<String, Object>) service("api-1").get("environment");
        assertThat(api.get("DB_NAME")).isEqualTo(postgres.get("POSTGRES_DB"));
        assertThat(api.get("DB_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(api.get("DB_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeWhenParsedThenHealthChecksAndStartOrder() throws IOException {
        assertThat(String.join(" ", (List<String>) healthcheck("postgres").get("test"))).contains("pg_isready");
        assertThat((List<String>) healthcheck("redis").get("test")).containsExactly("CMD", "redis-cli", "ping");
        for (String instance : INSTANCES) {
            assertThat((List<String>) healthcheck(instance).get("test")).contains("HealthCheck")
                    .anySatisfy(arg -> assertThat(arg).endsWith("/actuator/health/readiness"));
            assertThat(dependsOn(instance)).containsEntry("postgres", "service_healthy")
                    .containsEntry("redis", "service_healthy");
        }
        assertThat(dependsOn("api-2")).containsEntry("api-1", "service_healthy");
        assertThat(dependsOn("lb")).containsEntry("api-1", "service_healthy").containsEntry("api-2", "service_healthy");
    }

    @Test
    void nginxWhenParsedThenRoundRobinOverBothInstancesWithForwardedFor() throws IOException {
        String conf = Files.readString(Path.of("deploy/nginx.conf"));
        Matcher upstream = Pattern.compile("upstream\\s+(\\w+)\\s*\\{([^}]*)}").matcher(conf);
        assertThat(upstream.find()).isTrue();
        String name = upstream.group(1);
        String body = upstream.group(2);
        assertThat(body).containsPattern("server\\s+api-1:8080").containsPattern("server\\s+api-2:8080");
        // no balancing directive: nginx's default, round-robin
        assertThat(body).doesNotContain("ip_hash", "least_conn", "hash ", "random");
        assertThat(conf).contains("proxy_pass http://" + name + ";")
                .containsPattern("proxy_set_header\\s+X-Forwarded-For\\s+\\$proxy_add_x_forwarded_for;")
                .containsPattern("listen\\s+80;");
    }

    @Test
    void dockerfileWhenParsedThenBuildStageLayeredJarNonRootRuntimeWithHealthCheck() throws IOException {
        List<String> lines = instructions(Files.readString(Path.of("Dockerfile")));
        List<String> stages = lines.stream().filter(line -> line.startsWith("FROM ")).toList();
        assertThat(stages).containsExactly("FROM eclipse-temurin:17-jdk AS build",
                "FROM eclipse-temurin:17-jre AS runtime");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("RUN ./mvnw").contains("package"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("java -Djarmode=tools -jar /tmp/app.jar extract --layers --launcher"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("RUN javac -d /healthcheck"));

        List<String> runtime = lines.subList(lines.indexOf(stages.get(1)), lines.size());
        for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
            assertThat(runtime).contains("COPY --from=build /layers/" + layer + "/ ./");
        }
        String user = runtime.stream().filter(line -> line.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user.substring(5).strip()).doesNotStartWith("root").doesNotStartWith("0");
        assertThat(runtime.indexOf(user)).isLessThan(runtime.indexOf(runtime.stream()
                .filter(line -> line.startsWith("ENTRYPOINT")).findFirst().orElseThrow()));
        assertThat(runtime).anySatisfy(line -> assertThat(line).startsWith("HEALTHCHECK")
                .contains("HealthCheck").contains("/actuator/health/readiness"));
        assertThat(runtime).contains(
                "ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
    }

    @Test
    void dockerignoreThenBuildOutputAndLocalDataLeftOut() throws IOException {
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("target", "data", ".git");
    }

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions(String dockerfile) {
        String joined = dockerfile.replaceAll("\\\\\\n\\s*", " ");
        return joined.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> healthcheck(String service) throws IOException {
        Map<String, Object> check = (Map<String, Object>) service(service).get("healthcheck");
        assertThat(check).as(service + " healthcheck").isNotNull().containsKeys("test", "interval", "timeout",
                "retries");
        return check;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> dependsOn(String service) throws IOException {
        Map<String, Map<String, String>> depends = (Map<String, Map<String, String>>) service(service)
                .get("depends_on");
        Map<String, String> conditions = new java.util.HashMap<>();
        depends.forEach((name, spec) -> conditions.put(name, spec.get("condition")));
        return conditions;
    }
}
