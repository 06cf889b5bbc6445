package org.clientsapi.importer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.clientsapi.auth.TokenSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code importdrf FILE [--skip-conflicts]} task. Checking and writing happen in one
 * transaction, after locking the tables: with a conflict and no {@code --skip-conflicts} it is
 * rolled back, so a run that exits non-zero has changed nothing. Runs on the task's main thread,
 * blocking on the reactive pipeline as the other tasks do. The dump is streamed, never held whole:
 * its clients go to the database a batch at a time, and are checked there. Exit codes: 0 imported (or nothing
 * left to import), 1 conflicts or a failed write, 2 misuse or a file that is no dump.
 */
@Component
public class DrfImport {

    static final String USAGE = "Usage: importdrf FILE [--skip-conflicts]";
    private static final Duration WAIT = Duration.ofMinutes(30);
    /** Clients read from the file and sent to the database at a time: what the import holds in memory. */
    private static final int BATCH = 5000;

    private final DumpReader reader;
    private final ImportStore store;
    private final StagedClients staged;
    private final TransactionalOperator tx;
    private final Duration ttl;
    private final Clock clock;

    @Autowired
    DrfImport(JsonMapper json, ImportStore store, StagedClients staged, TransactionalOperator tx,
            TokenSettings settings, Clock clock) {
        this(json, store, staged, tx, settings.ttl(), clock);
    }

    DrfImport(JsonMapper json, ImportStore store, StagedClients staged, TransactionalOperator tx,
            Duration ttl, Clock clock) {
        this.reader = new DumpReader(json);
        this.store = store;
        this.staged = staged;
        this.tx = tx;
        this.ttl = ttl;
        this.clock = clock;
    }

    public int run(List<String> args, PrintStream out, PrintStream err) {
        boolean skip = args.contains("--skip-conflicts");
        List<String> files = args.stream().filter(arg -> !arg.equals("--skip-conflicts")).toList();
        if (files.size() != 1 || files.get(0).startsWith("-")) {
            err.println(USAGE);
            return 2;
        }
        Path file = Path.of(files.get(0));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            err.println("Cannot read " + file + ".");
            return 2;
        }
        DrfDump dump;
        try {
            dump = reader.read(file);
        } catch (DumpReader.UnreadableDump e) {
            err.println(file + ": " + e.getMessage());
            return 2;
        }
        Applied applied;
        try {
            applied = tx.execute(status -> store.lock()
                    .then(staged.stage(reader.clients(file, BATCH)))
                    .then(store.existing(dump))
                    .flatMap(existing -> staged.check().map(clients -> ConflictCheck.plan(dump, existing, clients)))
                    .flatMap(plan -> {
                        if (!plan.rejections().isEmpty() && !skip) {
                            status.setRollbackOnly();
                            return Mono.just(new Applied(plan, false));
                        }
                        return store.write(plan, tokenExpiry()).thenReturn(new Applied(plan, true));
                    }))
                    .single().block(WAIT);
        } catch (RuntimeException e) {
            err.println("The import failed and changed nothing: " + describe(e));
            return 1;
        }
        ImportReport.print(applied.plan(), applied.written(), out);
        if (applied.written() && applied.plan().clients() > 0) {
            try {
                store.vacuum().block(WAIT);
            } catch (RuntimeException e) {
                err.println("Imported, but VACUUM ANALYZE clients failed (run it by hand for fast searches): "
                        + describe(e));
            }
        }
        if (!applied.written()) {
            err.println("Nothing was imported: resolve the conflicts above (in Django, then dump again),"
                    + " or run again with --skip-conflicts to import the rest.");
            return 1;
        }
        return 0;
    }

    /**
     * DRF tokens never expire. With a token lifetime configured here, imported ones get it from the
     * import on, as if issued then: none dies at once for having been made long ago, none outlives the policy.
     */
    private Instant tokenExpiry() {
        return ttl == null || ttl.isZero() ? null : clock.instant().truncatedTo(ChronoUnit.MICROS).plus(ttl);
    }

    private static String describe(RuntimeException e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        return e.getMessage() + (cause == e ? "" : " (" + cause.getMessage() + ")");
    }

    private record Applied(ImportPlan plan, boolean written) {
    }
}
