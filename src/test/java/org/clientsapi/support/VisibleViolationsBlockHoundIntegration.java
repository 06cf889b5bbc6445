package org.clientsapi.support;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * A blocking call on a Reactor thread raises an error where it happens, and code deep in Netty or
 * Reactor may swallow it: the test then sees a request that never completes and nothing else. Every
 * violation is therefore also written, with its stack, to stderr and to
 * {@code target/blockhound-violations.log}, before it is raised as usual.
 */
public final class VisibleViolationsBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside(VisibleViolationsBlockHoundIntegration.class.getName(), "report");
        builder.blockingMethodCallback(method -> {
            BlockingOperationError error = new BlockingOperationError(method);
            report(error);
            throw error;
        });
    }

    static void report(BlockingOperationError error) {
        String header = Instant.now() + " BlockHound violation on " + Thread.currentThread().getName();
        System.err.println(header);
        error.printStackTrace();
        try (PrintStream out = new PrintStream(new FileOutputStream("target/blockhound-violations.log", true), true,
                StandardCharsets.UTF_8)) {
            out.println(header);
            error.printStackTrace(out);
        }
        catch (IOException ignored) {
            // stderr has it
        }
    }
}
