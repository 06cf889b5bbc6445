package org.clientsapi.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.clientsapi.auth.UserRepository.User;
import org.clientsapi.importer.DrfImport;
import org.clientsapi.mail.MailTasks;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The body of each command-line task. It runs on the main thread of a non-web application, so it
 * may block on the reactive repositories. Exit codes: 0 done, 1 refused (unknown user, name
 * taken), 2 misused (bad arguments).
 */
@Component
class TaskRunner {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final UserRepository users;
    private final TokenService tokens;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final MailTasks mail;
    private final DrfImport drfImport;

    TaskRunner(UserRepository users, TokenService tokens, PasswordEncoder encoder, Clock clock, MailTasks mail,
            DrfImport drfImport) {
        this.users = users;
        this.tokens = tokens;
        this.encoder = encoder;
        this.clock = clock;
        this.mail = mail;
        this.drfImport = drfImport;
    }

    int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err, boolean interactive) {
        String task = args.get(0);
        if (task.equals("retrymail")) {
            if (args.size() != 1) {
                err.println("Usage: retrymail");
                return 2;
            }
            return mail.retryDead(out);
        }
        if (task.equals("importdrf")) {
            return drfImport.run(args.subList(1, args.size()), out, err);
        }
        boolean staff = task.equals("createuser") && args.contains("--staff");
        List<String> names = args.stream().skip(1).filter(arg -> !(staff && arg.equals("--staff"))).toList();
        if (names.size() != 1 || names.get(0).startsWith("-")) {
            err.println("Usage: " + task + " NAME" + (task.equals("createuser") ? " [--staff]" : ""));
            return 2;
        }
        String name = names.get(0);
        try {
            if (task.equals("createuser")) {
                return createUser(name, staff, in, out, err, interactive);
            }
            User user = users.findByUsername(name).block(WAIT);
            if (user == null) {
                err.println("No user named '" + name + "'.");
                return 1;
            }
            return switch (task) {
                case "createtoken" -> {
                    out.println(tokens.issue(user.id()).block(WAIT).token());
                    yield 0;
                }
                case "revoketokens" -> {
                    out.println("Revoked " + tokens.revokeAll(user.id()).block(WAIT) + " token(s) of " + user.username() + ".");
                    yield 0;
                }
                case "deactivate", "activate" -> {
                    boolean active = task.equals("activate");
                    users.setActive(user.id(), active).block(WAIT);
                    out.println("User " + user.username() + " is now " + (active ? "active." : "inactive."));
                    yield 0;
                }
                default -> throw new IllegalArgumentException(task);
            };
        } catch (IOException e) {
            err.println("Could not read the password: " + e.getMessage());
            return 2;
        }
    }

    private int createUser(String name, boolean staff, BufferedReader in, PrintStream out, PrintStream err,
            boolean interactive) throws IOException {
        if (name.isBlank() || name.length() > 150) {
            err.println("A username is 1 to 150 characters.");
            return 2;
        }
        String piped = interactive ? null : in.readLine();
        String password = piped == null ? Tokens.generate() : piped;
        if (password.isEmpty()) {
            err.println("The password read from standard input is empty.");
            return 2;
        }
        Long id = users.insert(name, encoder.encode(password), staff, clock.instant()).block(WAIT);
        if (id == null) {
            err.println("A user named '" + name + "' already exists.");
            return 1;
        }
        out.println("Created " + (staff ? "staff " : "") + "user " + name + ".");
        if (piped == null) {
            out.println("Password: " + password);
        }
        return 0;
    }
}
