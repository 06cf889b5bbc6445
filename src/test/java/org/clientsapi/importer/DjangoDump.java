package org.clientsapi.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.springframework.security.crypto.bcrypt.BCrypt;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds what {@code manage.py dumpdata auth.user authtoken.token clients.client --format json}
 * writes, with password hashes made as Django makes them: PBKDF2 here through the JDK's own
 * {@code PBKDF2WithHmacSHA256} (not the code under test), bcrypt_sha256 as bcrypt of the hex SHA-256.
 */
final class DjangoDump {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Map<String, Object>> records = new ArrayList<>();

    static String pbkdf2(String password, String salt, int iterations) {
        try {
            var spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations, 256);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return "pbkdf2_sha256$" + iterations + "$" + salt + "$" + Base64.getEncoder().encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String bcryptSha256(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "bcrypt_sha256$" + BCrypt.hashpw(HexFormat.of().formatHex(digest), BCrypt.gensalt("$2b", 4));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DRF-shaped key: 20 bytes in lower-case hex, as {@code Token.generate_key} makes them (here not random). */
    static String drfKey(int seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(("drf key " + seed).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    DjangoDump user(long pk, String username, String password, boolean staff, Instant joined) {
        return user(pk, username, password, true, staff, joined);
    }

    DjangoDump user(Object pk, String username, String password, boolean active, boolean staff, Instant joined) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("password", password);
        fields.put("last_login", null);
        fields.put("is_superuser", false);
        fields.put("username", username);
        fields.put("first_name", "");
        fields.put("last_name", "");
        fields.put("email", "");
        fields.put("is_staff", staff);
        fields.put("is_active", active);
        fields.put("date_joined", django(joined));
        fields.put("groups", List.of());
        fields.put("user_permissions", List.of());
        return record("auth.user", pk, fields);
    }

    /** {@code user} is a pk, or a username for the {@code --natural-foreign} form. */
    DjangoDump token(String key, Object user, Instant created) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("user", user instanceof String name ? List.of(name) : user);
        fields.put("created", django(created));
        return record("authtoken.token", key, fields);
    }

    DjangoDump client(long pk, String first, String last, String email, Instant created, Instant updated) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("first_name", first);
        fields.put("last_name", last);
        fields.put("email", email);
        fields.put("created", django(created));
        fields.put("updated", django(updated));
        return record("clients.client", pk, fields);
    }

    DjangoDump record(String model, Object pk, Map<String, Object> fields) {
        var record = new LinkedHashMap<String, Object>();
        record.put("model", model);
        record.put("pk", pk);
        record.put("fields", fields);
        records.add(record);
        return this;
    }

    Path writeTo(Path directory) throws IOException {
        Path file = Files.createTempFile(directory, "dump", ".json");
        Files.writeString(file, JSON.writeValueAsString(records));
        return file;
    }

    /** DjangoJSONEncoder: milliseconds at most, and Z for UTC. */
    static String django(Instant time) {
        return time.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
