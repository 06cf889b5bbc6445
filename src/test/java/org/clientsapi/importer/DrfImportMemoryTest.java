package org.clientsapi.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.clientsapi.ClientsApiApplication;
import org.clientsapi.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import in a JVM of its own whose heap is far smaller than the dump read whole would need
 * (a parsed JSON tree takes some thirty times the file's size): only a streamed import fits.
 */
@ExtendWith(TestDatabase.class)
class DrfImportMemoryTest {

    private static final int CLIENTS = 60_000;
    private static final String HEAP = "-Xmx64m";

    @TempDir
    Path directory;

    @BeforeEach
    @AfterEach
    void emptyDatabase() {
        TestDatabase.truncateAll();
    }

    @Test
    void importWhenDumpFarLargerThanTheHeapAllowsWholeThenStreamedAndAllImported() throws Exception {
        Path dump = directory.resolve("dump.json");
        writeDump(dump);
        assertThat(Files.size(dump)).as("bytes of the dump").isGreaterThan(12_000_000L);
        Path out = directory.resolve("out");
        Path err = directory.resolve("err");
        var command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-cp", System.getProperty("java.class.path"), ClientsApiApplication.class.getName(),
                "importdrf", dump.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        for (String name : List.of("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD")) {
            command.environment().put(name, System.getProperty(name));
        }
        Process process = command.start();
        try {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the import ends").isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(process.exitValue()).as("exit code; stderr: %s", Files.readString(err)).isZero();
        assertThat(Files.readString(out)).contains("Imported: 1 users, 1 tokens, " + CLIENTS + " clients.");
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*), max(id) from clients")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(CLIENTS);
            assertThat(rows.getLong(2)).isEqualTo(CLIENTS);
        }
    }

    /** A dumpdata file as Django writes it: one user, its token, and many clients. */
    private static void writeDump(Path file) throws Exception {
        String joined = DjangoDump.django(DrfImportTest.T0);
        try (BufferedWriter writer = Files.newBufferedWriter(file)) {
            writer.write("[{\"model\": \"auth.user\", \"pk\": 1, \"fields\": {\"password\": \"!\", \"last_login\": null,"
                    + " \"is_superuser\": false, \"username\": \"bulk\", \"first_name\": \"\", \"last_name\": \"\","
                    + " \"email\": \"\", \"is_staff\": false, \"is_active\": true, \"date_joined\": \"" + joined
                    + "\", \"groups\": [], \"user_permissions\": []}},\n");
            writer.write("{\"model\": \"authtoken.token\", \"pk\": \"" + DjangoDump.drfKey(1)
                    + "\", \"fields\": {\"user\": 1, \"created\": \"" + joined + "\"}}");
            for (int i = 1; i <= CLIENTS; i++) {
                writer.write(",\n{\"model\": \"clients.client\", \"pk\": " + i + ", \"fields\": {\"first_name\": \"First"
                        + i + "\", \"last_name\": \"Lastname" + i + "\", \"email\": \"client" + i
                        + "@imported.example.com\", \"created\": \"" + joined + "\", \"updated\": \"" + joined + "\"}}");
            }
            writer.write("]\n");
        }
    }
}
