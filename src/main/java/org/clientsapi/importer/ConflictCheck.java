package org.clientsapi.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.clientsapi.auth.DjangoPasswordEncoder;
import org.clientsapi.importer.ImportPlan.Counts;
import org.clientsapi.importer.ImportPlan.NewToken;
import org.clientsapi.importer.Rejection.Kind;

/**
 * Decides, record by record, between imported, already present and rejected. "Already present"
 * means left here by an earlier import of the same data: a user with the very same username and
 * the same creation time ({@code date_joined}); a token whose key is already a token of that same
 * user; a client with the same id and the same {@code created}. Neither time changes after an
 * import, so edits made here since (an upgraded password, a new email) keep a second run a no-op,
 * while a user or client made here independently is never mistaken for an imported one. A token of
 * a user brought by an earlier import that is not here any more was revoked here (or made in Django
 * since): it is not brought back. A client deleted here since is not known as such, and comes back.
 */
final class ConflictCheck {

    private final Existing existing;
    private final List<Rejection> rejections = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Users to import or already here, by exact username. */
    private final Map<String, DrfDump.User> accepted = new HashMap<>();
    private final Set<String> present = new HashSet<>();

    private ConflictCheck(Existing existing) {
        this.existing = existing;
    }

    /** {@code clients}: the same checks for the clients, made by {@link StagedClients} in the database. */
    static ImportPlan plan(DrfDump dump, Existing existing, StagedClients.Outcome clients) {
        var check = new ConflictCheck(existing);
        check.rejections.addAll(dump.malformed());
        dump.otherModels().forEach((model, count) -> check.notes.add("Not imported: " + count + " record(s) of " + model + "."));
        List<DrfDump.User> users = check.users(dump.users());
        int presentUsers = check.present.size();
        var tokens = new ArrayList<NewToken>();
        int presentTokens = check.tokens(dump, tokens);
        check.rejections.addAll(clients.rejections());
        return new ImportPlan(users, tokens, clients.inserts(), new Counts(presentUsers, presentTokens, clients.present()),
                check.rejections, check.notes);
    }

    /** The users to insert; fills {@link #accepted} and {@link #present}. */
    private List<DrfDump.User> users(List<DrfDump.User> dumped) {
        List<DrfDump.User> users = Collisions.unique(dumped, DrfDump.User::pk, "pk", Kind.USER, DrfDump.User::label,
                rejections);
        users = Collisions.caseUnique(users, user -> existing.fold(user.username()), "username",
                DrfDump.User::username, Kind.USER, DrfDump.User::label, rejections);
        var inserts = new ArrayList<DrfDump.User>();
        for (DrfDump.User user : users) {
            Existing.User here = existing.usersByFolded().get(existing.fold(user.username()));
            if (here != null && !here.username().equals(user.username())) {
                reject(Kind.USER, user.label(), "collides with user '" + here.username() + "' here (usernames ignore case)");
                continue;
            }
            if (here != null && !here.created().equals(user.joined())) {
                reject(Kind.USER, user.label(),
                        "a user of that name was made here, not by an import of this dump (its creation time differs)");
                continue;
            }
            if (here == null) {
                inserts.add(user);
            } else {
                present.add(user.username());
            }
            accepted.put(user.username(), user);
            // Unusable ("!…") and empty hashes are deliberate in Django: no password logs in there either.
            if (!DjangoPasswordEncoder.canVerify(user.password()) && !user.password().isEmpty()
                    && !user.password().startsWith("!")) {
                notes.add(user.label() + ": its password hash ('" + DjangoPasswordEncoder.algorithm(user.password())
                        + "') cannot be checked here; its tokens work, password login does not.");
            }
        }
        return inserts;
    }

    /** Adds the tokens to insert; returns how many are already here. */
    private int tokens(DrfDump dump, List<NewToken> inserts) {
        var byPk = new HashMap<Long, DrfDump.User>();
        var byName = new HashMap<String, DrfDump.User>();
        for (DrfDump.User user : dump.users()) {
            if (user.pk() != null) {
                byPk.putIfAbsent(user.pk(), user);
            }
            byName.putIfAbsent(user.username(), user);
        }
        int alreadyHere = 0;
        for (DrfDump.Token token : Collisions.unique(dump.tokens(), DrfDump.Token::key, "key", Kind.TOKEN,
                DrfDump.Token::label, rejections)) {
            DrfDump.User user = token.userPk() != null ? byPk.get(token.userPk()) : byName.get(token.userName());
            if (user == null) {
                reject(Kind.TOKEN, token.label(), "its " + token.userLabel() + " is not in the dump");
                continue;
            }
            if (accepted.get(user.username()) != user) {
                reject(Kind.TOKEN, token.label(), "its " + user.label() + " is not imported");
                continue;
            }
            String owner = existing.tokenOwners().get(DrfDump.digestHex(token.key()));
            if (owner != null && owner.equals(user.username())) {
                alreadyHere++;
            } else if (owner != null) {
                reject(Kind.TOKEN, token.label(), "this key is already a token of user '" + owner + "' here");
            } else if (present.contains(user.username())) {
                notes.add("Not imported: " + token.label() + " of " + user.label() + ", which an earlier import"
                        + " brought: revoked here since, or made in Django after it (createtoken makes a new one).");
            } else {
                inserts.add(new NewToken(token.key(), user.username(), token.created()));
            }
        }
        return alreadyHere;
    }

    private void reject(Kind kind, String label, String reason) {
        rejections.add(new Rejection(kind, label, reason));
    }
}
