package org.clientsapi.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real PostgreSQL kept in a data directory that survives restarts.
 *
 * <p>When a server already runs on that directory (the service is up and a command-line task
 * is started beside it, or a killed JVM left its postmaster behind) that server is used and
 * left running, since two postmasters can never share one directory.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** PostgreSQL's promise kept: a commit it acknowledged survives a crash of the server or the machine. */
    static final Map<String, String> DURABLE = settings("on");
    /** For a test's temporary directory only, where nothing has to outlive a crash. */
    static final Map<String, String> THROWAWAY = settings("off");

    private final Path dataDirectory;
    private final int port;
    private final AtomicBoolean running;

    private EmbeddedPostgres(Path dataDirectory, int port, boolean owner) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.running = new AtomicBoolean(owner);
    }

    /** Starts a durable server on {@code dataDirectory}, or joins the one already running there. */
    public static EmbeddedPostgres startOrJoin(Path dataDirectory) {
        return startOrJoin(dataDirectory, DURABLE);
    }

    /** Like {@link #startOrJoin(Path)}, but without fsync or synchronous commit: for test data only. */
    public static EmbeddedPostgres startOrJoinThrowaway(Path dataDirectory) {
        return startOrJoin(dataDirectory, THROWAWAY);
    }

    private static synchronized EmbeddedPostgres startOrJoin(Path dataDirectory, Map<String, String> durability) {
        Optional<Integer> running = runningPort(dataDirectory);
        if (running.isPresent()) {
            return new EmbeddedPostgres(dataDirectory, running.get(), false);
        }
        try {
            Files.createDirectories(dataDirectory);
            if (!Files.exists(dataDirectory.resolve("postgresql.conf"))) {
                // its output is kept apart: initdb wants the directory empty
                Path output = Files.createTempFile("clients-api-initdb", ".log");
                run(output, "initdb", "-A", "trust", "-U", "postgres", "-E", "UTF-8", "-D", dataDirectory.toString());
                Files.delete(output);
            }
            int port = freePort();
            List<String> options = new ArrayList<>(List.of("-p", String.valueOf(port)));
            Map<String, String> settings = new LinkedHashMap<>(Map.of("timezone", "UTC", "max_connections", "100"));
            settings.putAll(durability);
            settings.forEach((name, value) -> options.addAll(List.of("-c", name + "=" + value)));
            run(log(dataDirectory), "pg_ctl", "-D", dataDirectory.toString(), "-l", log(dataDirectory).toString(),
                    "-o", String.join(" ", options), "-w", "-t", "120", "start");
            EmbeddedPostgres server = new EmbeddedPostgres(dataDirectory, port, true);
            // A JVM ended without its context being closed (a task, a test run) still stops its server.
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly, "embedded-postgres-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    public int port() {
        return port;
    }

    /** Stops the server if this JVM started it (a fast shutdown, which checkpoints). */
    @Override
    public void close() throws IOException {
        if (running.getAndSet(false)) {
            run(log(dataDirectory), "pg_ctl", "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "60", "stop");
        }
    }

    private void stopQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            // the JVM is going away; a postmaster left behind is joined or replaced by the next start
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

    private static Map<String, String> settings(String value) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
            settings.put(name, value);
        }
        return Map.copyOf(settings);
    }

    private static Path log(Path dataDirectory) {
        return dataDirectory.resolve("postmaster.log");
    }

    /** Runs one of PostgreSQL's programs, its output appended to {@code output}, and fails on a non-zero exit. */
    private static void run(Path output, String program, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(PostgresBinaries.command(program));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(program + " did not finish within 3 minutes; see " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + program, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(program + " failed (exit " + process.exitValue() + "); see " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
