package org.clientsapi.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;


/**
 * A real PostgreSQL kept in a data directory that survives restarts.
 *
 * <p>When a server already runs on that directory (the service is up and a command-line task
 * is started beside it, or a killed JVM left its postmaster behind) that server is used and
 * left running, since two postmasters can never share one directory.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private final int port;
    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres started;

    private EmbeddedPostgres(int port, io.zonky.test.db.postgres.embedded.EmbeddedPostgres started) {
        this.port = port;
        this.started = started;
    }

    /** Starts a server on {@code dataDirectory}, or joins the one already running there. */
    public static EmbeddedPostgres startOrJoin(Path dataDirectory) {
        Optional<Integer> running = runningPort(dataDirectory);
        if (running.isPresent()) {
            return new EmbeddedPostgres(running.get(), null);
        }
        try {
            Files.createDirectories(dataDirectory);
            var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "100")
                    .start();
            return new EmbeddedPostgres(server.getPort(), server);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    public int port() {
        return port;
    }

    /** Stops the server if this JVM started it. */
    @Override
    public void close() throws IOException {
        if (started != null) {
            started.close();
        }
    }

    /** The port of a live postmaster on this directory, read from its pid file (line 1 pid, line 4 port). */
    static Optional<Integer> runningPort(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.isReadable(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            // A stale pid file may name a pid the system has since given to another program.
            boolean postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .flatMap(process -> process.info().command())
                    .map(command -> command.endsWith("postgres"))
                    .orElse(false);
            return postmaster ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
