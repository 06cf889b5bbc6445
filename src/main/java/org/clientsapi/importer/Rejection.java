package org.clientsapi.importer;

/** A record not imported, and why: each one is printed, none is dropped in silence. */
record Rejection(Kind kind, String label, String reason) {

    enum Kind {
        USER("users"), TOKEN("tokens"), CLIENT("clients"), RECORD("other records");

        final String plural;

        Kind(String plural) {
            this.plural = plural;
        }
    }

    @Override
    public String toString() {
        return label + ": " + reason;
    }
}
