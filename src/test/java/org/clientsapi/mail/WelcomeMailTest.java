package org.clientsapi.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mail.SimpleMailMessage;

class WelcomeMailTest {

    @Test
    void toWhenPlainNamesThenTemplatesFilledAndAddressedToTheClientOnly() {
        SimpleMailMessage message = WelcomeMail.to(mail("Ada", "Lovelace"), "clients-api@test.example");

        assertThat(message.getFrom()).isEqualTo("clients-api@test.example");
        assertThat(message.getTo()).containsExactly("ada@example.org");
        assertThat(message.getCc()).isNull();
        assertThat(message.getBcc()).isNull();
        assertThat(message.getSubject()).isEqualTo("Welcome, Ada!");
        assertThat(message.getText()).isEqualTo("""
                Hello Ada Lovelace,

                You have been added to our client registry. There is nothing you need to do.

                Kind regards,
                The clients-api team
                """);
    }

    @Test
    void escapedWhenControlCharactersThenEachBecomesASpace() {
        assertThat(WelcomeMail.escaped("a\r\nb\tc\u0000d\u007fe\u001bf")).isEqualTo("a  b c d e f");
        assertThat(WelcomeMail.escaped("Zoë O'Brien-Ñúñez")).isEqualTo("Zoë O'Brien-Ñúñez");
    }

    @Test
    void escapedWhenUnicodeLineBreaksThenEachBecomesASpace() {
        assertThat(WelcomeMail.escaped("a\u0085b\u2028c\u2029d")).isEqualTo("a b c d");
    }

    @Test
    void toWhenNameCarriesHeaderLinesThenSubjectIsOneLine() {
        SimpleMailMessage message = WelcomeMail.to(mail("Eve\r\nBcc: attacker@example.com", "X\nTo: b@example.com"),
                "clients-api@test.example");

        assertThat(message.getSubject()).isEqualTo("Welcome, Eve  Bcc: attacker@example.com!");
        assertThat(message.getSubject().lines()).hasSize(1);
        assertThat(message.getText()).startsWith("Hello Eve  Bcc: attacker@example.com X To: b@example.com,\n");
        assertThat(message.getTo()).containsExactly("ada@example.org");
        assertThat(message.getBcc()).isNull();
    }

    @Test
    void toWhenNameLooksLikeAPlaceholderThenItIsKeptAsWritten() {
        SimpleMailMessage message = WelcomeMail.to(mail("{last_name}", "$1 \\{first_name}"), "clients-api@test.example");

        assertThat(message.getSubject()).isEqualTo("Welcome, {last_name}!");
        assertThat(message.getText()).startsWith("Hello {last_name} $1 \\{first_name},\n");
    }

    private static OutboxMail mail(String firstName, String lastName) {
        return new OutboxMail(1, "ada@example.org", firstName, lastName, 1);
    }
}
