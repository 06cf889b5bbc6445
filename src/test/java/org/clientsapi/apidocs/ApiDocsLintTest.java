package org.clientsapi.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.clientsapi.support.ApiTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The served document through third-party tools nobody here wrote: Redocly's linter (its
 * {@code recommended} rules) and openapi-typescript, the generator front ends use, followed by
 * TypeScript's compiler on what a front end would write against the generated types. The tools are
 * pinned in {@code tools/openapi} (package-lock.json) and installed by {@code npm ci} there, which
 * {@code .ci/run} does. Under {@code CI=true} a missing install fails the test; elsewhere it skips it.
 */
@ApiTest
class ApiDocsLintTest {

    private static final Path TOOLS = Path.of("tools", "openapi");
    private static final Path BIN = TOOLS.resolve(Path.of("node_modules", ".bin"));
    private static final Path OUT = Path.of("target", "openapi");

    @Autowired
    WebTestClient web;

    Path document;

    @BeforeAll
    static void toolsInstalled() {
        boolean installed = Files.isExecutable(BIN.resolve("redocly")) && Files.isExecutable(BIN.resolve("openapi-typescript"))
                && Files.isExecutable(BIN.resolve("tsc"));
        String install = "the OpenAPI tools are not installed: npm ci --prefix tools/openapi (.ci/run does)";
        if ("true".equals(System.getenv("CI"))) {
            assertThat(installed).as(install).isTrue();
        }
        assumeTrue(installed, install);
    }

    @BeforeEach
    void servedDocumentWritten() throws IOException {
        byte[] body = web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        Files.createDirectories(OUT);
        document = OUT.resolve("api-docs.json");
        Files.write(document, body);
    }

    @Test
    void apiDocsWhenLintedByRedoclyThenNoErrors() throws Exception {
        Run lint = run(BIN.resolve("redocly"), "lint", "--config", TOOLS.resolve("redocly.yaml").toString(),
                "--format", "stylish", "--max-problems", "1000", document.toString());
        assertThat(lint.exit()).as("redocly lint %s:%n%s", document, lint.output()).isZero();
    }

    /**
     * A generated client types a page of GET /clients as an array of clients, whichever media type
     * it reads, and every body the API takes or gives has a type (no reference left unresolved).
     */
    @Test
    void apiDocsWhenGeneratedByOpenapiTypescriptThenPageIsAClientArray() throws Exception {
        Path types = OUT.resolve("api-docs.d.ts");
        Run generate = run(BIN.resolve("openapi-typescript"), document.toString(), "--output", types.toString());
        assertThat(generate.exit()).as("openapi-typescript:%n%s", generate.output()).isZero();

        Path usage = OUT.resolve("usage.ts");
        Files.writeString(usage, """
                import type { components, paths } from "./api-docs";

                type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
                type Client = components["schemas"]["Client"];
                type List = paths["/clients"]["get"]["responses"][200];
                type AnyPage = List["content"][keyof List["content"]];

                export const pageIsAClientArray: Equal<AnyPage, Client[]> = true;
                export const jsonPageIsAClientArray: Equal<List["content"]["application/json"], Client[]> = true;
                export const created: Client = {} as paths["/clients"]["post"]["responses"][201]["content"]["application/json"];
                export const input: components["schemas"]["ClientInput"] = { first_name: "Ada", last_name: "Lovelace",
                        email: "ada@example.com" };
                export const patch: components["schemas"]["ClientPatch"] = { email: "ada@example.com" };
                export const login: components["schemas"]["LoginRequest"] = { username: "alice", password: "s3cret" };
                export const requestId: string = {} as List["headers"]["X-Request-Id"];
                export const notModifiedETag: string | undefined =
                        {} as paths["/clients/{id}"]["get"]["responses"][304]["headers"]["ETag"];
                """, StandardCharsets.UTF_8);
        Run compile = run(BIN.resolve("tsc"), "--noEmit", "--strict", "--target", "es2020", "--module", "es2020",
                "--moduleResolution", "bundler", usage.toString());
        assertThat(compile.exit()).as("tsc on %s against %s:%n%s", usage, types, compile.output()).isZero();
    }

    private record Run(int exit, String output) {
    }

    private static Run run(Path tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // No telemetry, update notice or colour codes from the tools: a test run talks to no one.
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("FORCE_COLOR", "0");
        // Output to a file, so a tool that hangs is stopped at the bound rather than read forever.
        Path log = Files.createTempFile(OUT, tool.getFileName().toString(), ".log");
        Process process = builder.redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("%s finished within 2 minutes:%n%s", tool, output).isTrue();
        return new Run(process.exitValue(), output);
    }
}
