package org.clientsapi.importer;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.clientsapi.auth.Tokens;

/**
 * What a Django {@code dumpdata} file holds for us, each record checked for shape only. Django's
 * user pk is only a reference for tokens (our users get ids of their own); a client keeps its pk.
 * The clients, which may be millions, are only counted here: {@link DumpReader#clients} streams them.
 */
record DrfDump(List<User> users, List<Token> tokens, int clients, List<Rejection> malformed,
        Map<String, Integer> otherModels) {

    /** {@code pk} is null in a {@code --natural-primary} dump. */
    record User(Long pk, String username, String password, boolean active, boolean staff, Instant joined) {

        String label() {
            return "user " + (pk == null ? "" : "#" + pk + " ") + "'" + username + "'";
        }
    }

    /** The user is referred to by pk, or by username in a {@code --natural-foreign} dump. */
    record Token(String key, Long userPk, String userName, Instant created) {

        /** Never the whole key in any output: it is a secret that still works. */
        String label() {
            return "token " + Tokens.prefix(key) + "…";
        }

        String userLabel() {
            return userPk != null ? "user #" + userPk : "user '" + userName + "'";
        }
    }

    /** A DRF key's digest as our tokens are stored, in hex. */
    static String digestHex(String key) {
        return HexFormat.of().formatHex(Tokens.digest(key));
    }

    record Client(long id, String firstName, String lastName, String email, Instant created, Instant updated) {

        String label() {
            return "client #" + id + " <" + email + ">";
        }
    }
}
