package org.clientsapi.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks passwords against hashes imported from Django, stored exactly as Django wrote them
 * ({@code pbkdf2_sha256$<iterations>$<salt>$<base64 hash>}, {@code bcrypt_sha256$$2b$…}). They carry no
 * {@code {id}} prefix, so the delegating encoder hands them here as its default for matches, and
 * reports them due for an upgrade: the first successful login rewrites them in our own encoding.
 * It never encodes. Unusable passwords ({@code !…}) and algorithms not listed here never match.
 */
public final class DjangoPasswordEncoder implements PasswordEncoder {

    private static final Set<String> ALGORITHMS = Set.of("pbkdf2_sha256", "pbkdf2_sha1", "bcrypt_sha256", "bcrypt");
    private static final int BCRYPT_MAX_BYTES = 72;

    /** Whether {@link #matches} can ever accept a password for this hash; false for unusable ones. */
    public static boolean canVerify(String hash) {
        return hash != null && ALGORITHMS.contains(algorithm(hash));
    }

    /** Django's name of the algorithm, the part before the first {@code $}. */
    public static String algorithm(String hash) {
        int dollar = hash.indexOf('$');
        return dollar < 0 ? "" : hash.substring(0, dollar);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        throw new UnsupportedOperationException("Django hashes are read, never written");
    }

    @Override
    public boolean matches(CharSequence rawPassword, String hash) {
        if (rawPassword == null || !canVerify(hash)) {
            return false;
        }
        byte[] password = rawPassword.toString().getBytes(StandardCharsets.UTF_8);
        String data = hash.substring(hash.indexOf('$') + 1);
        try {
            return switch (algorithm(hash)) {
                case "pbkdf2_sha256" -> pbkdf2Matches("HmacSHA256", password, data);
                case "pbkdf2_sha1" -> pbkdf2Matches("HmacSHA1", password, data);
                // Django hashes the hex digest, not the digest: 64 ASCII bytes, under bcrypt's 72.
                case "bcrypt_sha256" -> BCrypt.checkpw(
                        hex(Tokens.digest(rawPassword.toString())).getBytes(StandardCharsets.US_ASCII), data);
                // Django's plain bcrypt hasher gives the library the password, which cuts it at 72 bytes.
                case "bcrypt" -> BCrypt.checkpw(Arrays.copyOf(password, Math.min(password.length, BCRYPT_MAX_BYTES)), data);
                default -> false;
            };
        } catch (IllegalArgumentException e) {
            return false; // a damaged hash: no password matches it
        }
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return true;
    }

    private static boolean pbkdf2Matches(String hmac, byte[] password, String data) {
        String[] parts = data.split("\\$", -1);
        if (parts.length != 3) {
            return false;
        }
        int iterations = Integer.parseInt(parts[0]);
        byte[] expected = Base64.getDecoder().decode(parts[2]);
        if (iterations < 1 || expected.length == 0) {
            return false;
        }
        byte[] actual = Pbkdf2.derive(hmac, password, parts[1].getBytes(StandardCharsets.UTF_8), iterations);
        return MessageDigest.isEqual(actual, expected);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * PBKDF2 (RFC 8018) with Django's default output length, one HMAC block. Written over
     * {@link Mac} rather than {@code PBEKeySpec}, which takes the password as chars and leaves
     * their encoding to the provider: Django hashes the UTF-8 bytes, and this is byte for byte.
     */
    static final class Pbkdf2 {

        private Pbkdf2() {
        }

        static byte[] derive(String hmac, byte[] password, byte[] salt, int iterations) {
            try {
                Mac mac = Mac.getInstance(hmac);
                // An empty key is legal in HMAC but refused by SecretKeySpec: pad it as HMAC would.
                mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, hmac));
                mac.update(salt);
                mac.update(new byte[] { 0, 0, 0, 1 });
                byte[] u = mac.doFinal();
                byte[] t = u.clone();
                for (int i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < t.length; j++) {
                        t[j] ^= u[j];
                    }
                }
                return t;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Every JVM has " + hmac, e);
            }
        }
    }
}
