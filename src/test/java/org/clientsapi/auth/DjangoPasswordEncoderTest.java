package org.clientsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;

/**
 * Django's hashes checked against vectors computed by Django itself (3.2, Debian's python3-django):
 * {@code PBKDF2PasswordHasher().encode("lètmein", "seasalt", 260000)} and the like, and the raw
 * PBKDF2 against Python's {@code hashlib.pbkdf2_hmac}.
 */
class DjangoPasswordEncoderTest {

    private final DjangoPasswordEncoder encoder = new DjangoPasswordEncoder();

    @Test
    void pbkdf2WhenPythonVectorsThenSameBytes() {
        // python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.pbkdf2_hmac('sha256',b'pw',b'salt',1000)).decode())"
        assertThat(pbkdf2("pw", "salt", 1000)).isEqualTo("CjglNVXON/XHKmtwP5loFOvyQfIDrxRuk9zesDHFVn4=");
        // ... b'' as the password: an empty HMAC key
        assertThat(pbkdf2("", "salt", 1000)).isEqualTo("lPtWrz6iLl0+0bBUCFsTbKMBt12LQGyALEiUefJzh8Y=");
    }

    @Test
    void matchesWhenDjangoVectorsThenRightPasswordOnly() {
        String[] hashes = {
            "pbkdf2_sha256$260000$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo=",
            "pbkdf2_sha1$260000$seasalt$XXHk2gQ7tjWIyrS320RXXsGqkUg=",
            "bcrypt_sha256$$2b$04$wYtjcKFi1RRxHu.9X2OZXuSOia6x8DLdCYGGmrCHmIRW4H/oJeR16",
            "bcrypt$$2b$04$LCqvwsBl.weE30sqjfuvouhvLx/g70fRsqC1SlN9vZ3q44AOQWUmO" };
        for (String hash : hashes) {
            assertThat(encoder.matches("lètmein", hash)).as(hash).isTrue();
            assertThat(encoder.matches("letmein", hash)).as(hash).isFalse();
            assertThat(encoder.matches("lètmein ", hash)).as(hash).isFalse();
            assertThat(DjangoPasswordEncoder.canVerify(hash)).isTrue();
        }
    }

    @Test
    void matchesWhenHashFromTheDjangoDumpFixtureThenItsPassword() {
        assertThat(encoder.matches("alice-django-pw",
                "pbkdf2_sha256$260000$3pySWkd9SKZifcZzvXf2wJ$OWF6PLq8I2euHo+aeXY/DzZUdFPFStEb7UCqTJkUIaM=")).isTrue();
        assertThat(encoder.matches("bob-django-pw",
                "bcrypt_sha256$$2b$12$F/GY0QeH/ZR2dmmawk6D8e1aafq.utaqCH6KXUjFcbn1dfixY5jXK")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "!5ugQrYmPGaconbbin8wu352i19AvAtBxXcJyNYco", // Django's unusable password
        "!", "", "lètmein", "argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA",
        "pbkdf2_sha256$x$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo=",
        "pbkdf2_sha256$0$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo=",
        "pbkdf2_sha256$260000$seasalt$not base64!",
        "pbkdf2_sha256$260000$seasalt$",
        "pbkdf2_sha256$260000$seasalt",
        "bcrypt_sha256$$2b$04$short",
        "bcrypt_sha256$" })
    void matchesWhenUnusableUnknownOrDamagedThenNeverAndNoException(String hash) {
        assertThat(encoder.matches("lètmein", hash)).isFalse();
        assertThat(encoder.matches(hash, hash)).isFalse();
    }

    @Test
    void encodeWhenCalledThenRefused() {
        assertThatThrownBy(() -> encoder.encode("pw")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void delegatingEncoderWhenDjangoHashThenMatchedAndDueForUpgradeWhileOwnHashesAreNot() {
        var delegating = (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();
        delegating.setDefaultPasswordEncoderForMatches(encoder);
        String django = "pbkdf2_sha256$260000$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo=";
        String own = delegating.encode("lètmein");

        assertThat(delegating.matches("lètmein", django)).isTrue();
        assertThat(delegating.upgradeEncoding(django)).isTrue();
        assertThat(delegating.matches("lètmein", own)).isTrue();
        assertThat(delegating.upgradeEncoding(own)).isFalse();
        assertThat(delegating.matches("lètmein", "!unusable")).isFalse();
    }

    private static String pbkdf2(String password, String salt, int iterations) {
        return Base64.getEncoder().encodeToString(DjangoPasswordEncoder.Pbkdf2.derive("HmacSHA256",
                password.getBytes(StandardCharsets.UTF_8), salt.getBytes(StandardCharsets.UTF_8), iterations));
    }
}
