# Multi-stage build of clients-api. Not built on the development machines (no Docker engine there):
# its structure is checked by DeploymentFilesTest, see README "Operations".

# 1. Build: the Maven wrapper fetches Maven and the dependencies (cached in their own layer), then
#    the jar is built and split into Spring Boot's layers.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
# No .git in the build context (.dockerignore): the image's /actuator/info has build.* but no git.*.
RUN ./mvnw -B -q package -DskipTests \
    && cp target/clients-api-*.jar /tmp/app.jar \
    && java -Djarmode=tools -jar /tmp/app.jar extract --layers --launcher --destination /layers
# The health check as a class: the JRE image has no curl, wget or compiler.
COPY deploy/HealthCheck.java /tmp/healthcheck/
RUN javac -d /healthcheck /tmp/healthcheck/HealthCheck.java

# 2. Run: a JRE, the layers from least to most often changed (a code change rebuilds only the last),
#    as a user that is not root.
FROM eclipse-temurin:17-jre AS runtime
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin clients
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY --from=build /healthcheck/ /app/healthcheck/
USER 10001:10001
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# Ready = database (and Redis with the Redis throttle store) reachable; see the readiness group.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["java", "-XX:TieredStopAtLevel=1", "-Xmx16m", "-cp", "/app/healthcheck", "HealthCheck", "http://127.0.0.1:8080/actuator/health/readiness"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
