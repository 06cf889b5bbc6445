# Build stage: the Maven wrapper fetches Maven; only the jar is carried over.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests && cp target/clients-api-*.jar /app.jar

# Run stage: a JRE and the jar, as a user that is not root.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 clients
COPY --from=build /app.jar /app/clients-api.jar
USER clients
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/clients-api.jar"]
