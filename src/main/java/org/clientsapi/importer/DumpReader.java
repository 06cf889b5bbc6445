package org.clientsapi.importer;

import static org.clientsapi.importer.DumpFields.bool;
import static org.clientsapi.importer.DumpFields.id;
import static org.clientsapi.importer.DumpFields.text;
import static org.clientsapi.importer.DumpFields.time;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.clientsapi.importer.DumpFields.BadField;
import org.clientsapi.importer.Rejection.Kind;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code manage.py dumpdata auth.user authtoken.token clients.client --format json}, with or
 * without {@code --natural-foreign}/{@code --natural-primary}. A record of the wrong shape is set
 * aside as malformed with its reason; a file that is not a JSON array of records is refused whole.
 * The file is read as a stream, record by record, in two passes: one for everything but the
 * clients, one for the clients, batch by batch as they are written.
 */
final class DumpReader {

    /** The file cannot be read as a dump at all. */
    static final class UnreadableDump extends Exception {
        UnreadableDump(String message) {
            super(message);
        }
    }

    private static final int NAME_MAX = 30;
    private static final int EMAIL_MAX = 254;
    private static final int USERNAME_MAX = 150;
    private static final int PASSWORD_MAX = 255;
    private static final int KEY_MAX = 40;

    private final JsonMapper json;

    DumpReader(JsonMapper json) {
        this.json = json;
    }

    /**
     * Every record but the clients, which may be millions: those are only checked for shape here
     * (the malformed ones set aside), then read again, a batch at a time, by {@link #clients}.
     */
    DrfDump read(Path file) throws UnreadableDump {
        var users = new ArrayList<DrfDump.User>();
        var tokens = new ArrayList<DrfDump.Token>();
        var malformed = new ArrayList<Rejection>();
        Map<String, Integer> others = new TreeMap<>();
        int clients = 0;
        try (Records records = new Records(json, file)) {
            for (JsonNode record = records.next(); record != null; record = records.next()) {
                String model = record.path("model").stringValue(null);
                JsonNode fields = record.path("fields");
                Kind kind = kind(model);
                if (model != null && kind == Kind.RECORD) {
                    others.merge(model, 1, Integer::sum);
                    continue;
                }
                try {
                    if (model == null || !fields.isObject()) {
                        throw new BadField("no \"model\" name or no \"fields\" object");
                    }
                    switch (kind) {
                        case USER -> users.add(user(record.get("pk"), fields));
                        case TOKEN -> tokens.add(token(record.get("pk"), fields));
                        default -> {
                            client(record.get("pk"), fields);
                            clients++;
                        }
                    }
                } catch (BadField e) {
                    malformed.add(new Rejection(kind, "record " + records.index() + " of the file"
                            + (model == null ? "" : " (" + model + ")"), "malformed: " + e.getMessage()));
                }
            }
        }
        return new DrfDump(users, tokens, clients, malformed, others);
    }

    /**
     * The well-formed clients of a file {@link #read} accepted, in the file's order, {@code batch}
     * at a time, each batch read from the file only when asked for.
     */
    Flux<List<DrfDump.Client>> clients(Path file, int batch) {
        return Flux.<List<DrfDump.Client>, Records>generate(() -> new Records(json, file), (records, sink) -> {
            var clients = new ArrayList<DrfDump.Client>(batch);
            try {
                for (JsonNode record = records.next(); record != null; record = records.next()) {
                    if (kind(record.path("model").stringValue(null)) == Kind.CLIENT && record.path("fields").isObject()) {
                        try {
                            clients.add(client(record.get("pk"), record.get("fields")));
                        } catch (BadField malformed) {
                            continue;
                        }
                        if (clients.size() == batch) {
                            break;
                        }
                    }
                }
            } catch (UnreadableDump e) {
                sink.error(new IllegalStateException("The file changed while it was imported: " + e.getMessage()));
                return records;
            }
            if (clients.isEmpty()) {
                sink.complete();
            } else {
                sink.next(clients);
            }
            return records;
        }, Records::close).subscribeOn(Schedulers.boundedElastic());
    }

    /** The records of a dump file one by one, never the whole file in memory. */
    private static final class Records implements AutoCloseable {

        /** One record at a time: what follows it in the array is not "trailing" here. */
        private final ObjectReader json;
        private final JsonParser parser;
        private int index;
        private boolean ended;

        Records(JsonMapper json, Path file) throws UnreadableDump {
            this.json = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            try {
                this.parser = json.createParser(file);
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    parser.close();
                    throw new UnreadableDump(
                            "Not a dumpdata file: expected a JSON array of {\"model\", \"pk\", \"fields\"} objects.");
                }
            } catch (JacksonException e) {
                throw new UnreadableDump("Not JSON: " + e.getOriginalMessage());
            }
        }

        /** The next record, or null after the last. */
        JsonNode next() throws UnreadableDump {
            if (ended) {
                return null;
            }
            try {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    if (parser.nextToken() != null) {
                        throw new UnreadableDump("Not JSON: content after the array");
                    }
                    ended = true;
                    return null;
                }
                if (token == null) {
                    throw new UnreadableDump("Not JSON: the file ends inside the array");
                }
                index++;
                return json.readTree(parser);
            } catch (JacksonException e) {
                throw new UnreadableDump("Not JSON: " + e.getOriginalMessage());
            }
        }

        /** The position of the last record read, from 1. */
        int index() {
            return index;
        }

        @Override
        public void close() {
            parser.close();
        }
    }

    private static Kind kind(String model) {
        if (model == null) {
            return Kind.RECORD;
        }
        return switch (model) {
            case "auth.user" -> Kind.USER;
            case "authtoken.token" -> Kind.TOKEN;
            case "clients.client" -> Kind.CLIENT;
            default -> Kind.RECORD;
        };
    }

    private static DrfDump.User user(JsonNode pk, JsonNode fields) {
        Long id = pk == null || pk.isNull() ? null : id(pk, "pk");
        return new DrfDump.User(id, text(fields, "username", 1, USERNAME_MAX),
                text(fields, "password", 0, PASSWORD_MAX), bool(fields, "is_active"), bool(fields, "is_staff"), time(fields, "date_joined"));
    }

    private static DrfDump.Token token(JsonNode pk, JsonNode fields) {
        if (pk == null || !pk.isString() || pk.stringValue().isEmpty() || pk.stringValue().length() > KEY_MAX
                || !pk.stringValue().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new BadField("\"pk\" is not a key of 1 to 40 visible ASCII characters");
        }
        JsonNode user = fields.get("user");
        Long userPk = null;
        String userName = null;
        if (user != null && user.isArray() && user.size() == 1 && user.get(0).isString()) {
            userName = user.get(0).stringValue();
        } else {
            userPk = id(user, "user");
        }
        return new DrfDump.Token(pk.stringValue(), userPk, userName, time(fields, "created"));
    }

    private static DrfDump.Client client(JsonNode pk, JsonNode fields) {
        return new DrfDump.Client(id(pk, "pk"), text(fields, "first_name", 0, NAME_MAX),
                text(fields, "last_name", 0, NAME_MAX), text(fields, "email", 1, EMAIL_MAX),
                time(fields, "created"), time(fields, "updated"));
    }
}
