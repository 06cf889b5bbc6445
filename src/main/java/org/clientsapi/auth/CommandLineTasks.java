package org.clientsapi.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The command-line tasks, as DRF's {@code manage.py} has them: run from the same jar, against the
 * configured database, without starting the web server.
 */
public final class CommandLineTasks {

    static final Set<String> NAMES = Set.of("createuser", "createtoken", "revoketokens", "deactivate", "activate",
            "retrymail", "importdrf");

    private CommandLineTasks() {
    }

    public static boolean isTask(String[] args) {
        return args.length > 0 && NAMES.contains(args[0]);
    }

    /** Runs the task named by {@code args[0]} and returns the process exit code. */
    public static int run(Class<?> application, String[] args) {
        return run(application, args, System.in, System.out, System.err, isTerminal(System.console()));
    }

    static int run(Class<?> application, String[] args, InputStream in, PrintStream out, PrintStream err,
            boolean interactive) {
        SpringApplication app = new SpringApplication(application);
        app.setWebApplicationType(WebApplicationType.NONE);
        // The token printed by createtoken must be the last line of standard output.
        app.setDefaultProperties(Map.of("logging.level.root", "warn", "spring.main.log-startup-info", "false"));
        try (ConfigurableApplicationContext context = app.run()) {
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return context.getBean(TaskRunner.class)
                    .run(Arrays.asList(args), reader, out, err, interactive);
        }
    }

    /** Java 22 made System.console() non-null even when piped; isTerminal() tells the truth there. */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
