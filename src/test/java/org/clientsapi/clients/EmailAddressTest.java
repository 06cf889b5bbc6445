package org.clientsapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Email syntax as Django's {@code EmailValidator} (behind DRF's {@code EmailField}) judges it. */
class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "user@example.com",
            "user+tag@example.com",
            "first.last@example.com",
            "f.i.r.s.t@example.com",
            "user@mail.example.co.uk",
            "user@ex-ample.com",
            "USER@EXAMPLE.COM",
            "o'brien@example.ie",
            "user@exämple.de",
            "user@例え.jp",
            "user@localhost",
            "user@[192.168.0.1]",
            "user@[255.255.255.255]",
            "\"john..doe\"@example.com",
            "user@example.museum",
            "user@xn--exmple-cua.de",
            "1234@example.com" })
    void isValidWhenWellFormedThenTrue(String email) {
        assertThat(EmailAddress.isValid(email)).as(email).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "plainaddress",
            "user.example.com",
            "user..name@example.com",
            ".user@example.com",
            "user.@example.com",
            "us er@example.com",
            "user@exa mple.com",
            "user@example",
            "user@example.c",
            "user@-example.com",
            "user@example-.com",
            "user@example.com-",
            "@example.com",
            "user@",
            "@",
            "",
            "user@example..com",
            "user@.example.com",
            "user@example.com.",
            "user@[256.0.0.1]",
            "user@[192.168.0]",
            "user@example.com\n",
            "user\n@example.com",
            "用户@example.com",
            "user@exa_mple.com" })
    void isValidWhenMalformedThenFalse(String email) {
        assertThat(EmailAddress.isValid(email)).as(email).isFalse();
    }
}
