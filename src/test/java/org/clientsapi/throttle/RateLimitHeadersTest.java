package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.clientsapi.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/**
 * {@code RateLimit-Policy} and {@code RateLimit} of draft-ietf-httpapi-ratelimit-headers, read back
 * with a strict parser of the RFC 8941 structured-field grammar they are written in.
 */
class RateLimitHeadersTest {

    private static final Rate HOURLY = new Rate(1000, Duration.ofHours(1));
    private static final Rate FIVE_PER_10M = new Rate(5, Duration.ofMinutes(10));

    // ---- the produced fields ------------------------------------------------------------------

    @Test
    void writeWhenOneThrottleThenPolicyAndLimitItems() {
        HttpHeaders headers = new HttpHeaders();

        RateLimitHeaders.write(headers, List.of(entry(new Throttle.User(HOURLY), true, 999, Duration.ofHours(1))));

        assertThat(SfList.parse(headers.getFirst("RateLimit-Policy")))
                .containsExactly(new SfItem("user", params("q", 1000, "w", 3600)));
        assertThat(SfList.parse(headers.getFirst("RateLimit")))
                .containsExactly(new SfItem("user", params("r", 999, "t", 3600)));
    }

    @Test
    void writeWhenSeveralThrottlesThenOneItemEachInOrder() {
        HttpHeaders headers = new HttpHeaders();

        RateLimitHeaders.write(headers, List.of(
                entry(new Throttle.User(HOURLY), true, 998, Duration.ofMillis(3_599_500)),
                entry(new Throttle.Scoped("clients.write", FIVE_PER_10M), false, 0, Duration.ofMillis(2_500))));

        assertThat(SfList.parse(headers.getFirst("RateLimit-Policy"))).containsExactly(
                new SfItem("user", params("q", 1000, "w", 3600)),
                new SfItem("clients.write", params("q", 5, "w", 600)));
        assertThat(SfList.parse(headers.getFirst("RateLimit"))).containsExactly(
                new SfItem("user", params("r", 998, "t", 3600)),
                new SfItem("clients.write", params("r", 0, "t", 3)));
    }

    @Test
    void writeWhenResetZeroThenTZeroAndWhenRemainingNegativeThenRZero() {
        HttpHeaders headers = new HttpHeaders();

        RateLimitHeaders.write(headers, List.of(entry(new Throttle.Anon(FIVE_PER_10M), true, -3, Duration.ZERO)));

        assertThat(SfList.parse(headers.getFirst("RateLimit")))
                .containsExactly(new SfItem("anon", params("r", 0, "t", 0)));
    }

    @Test
    void writeWhenNameHasQuoteAndBackslashThenEscapedSfString() {
        HttpHeaders headers = new HttpHeaders();
        String name = "odd \"scope\" \\ name";

        RateLimitHeaders.write(headers,
                List.of(entry(new Throttle.Scoped(name, FIVE_PER_10M), true, 4, Duration.ofMinutes(10))));

        assertThat(SfList.parse(headers.getFirst("RateLimit-Policy")))
                .containsExactly(new SfItem(name, params("q", 5, "w", 600)));
    }

    @Test
    void writeWhenNoEntriesThenNoFields() {
        HttpHeaders headers = new HttpHeaders();

        RateLimitHeaders.write(headers, List.of());

        assertThat(headers.containsHeader("RateLimit-Policy")).isFalse();
        assertThat(headers.containsHeader("RateLimit")).isFalse();
    }

    /** The fields as Throttling writes them on a real exchange, with a real store and a fixed clock. */
    @Test
    void checkWhenThrottledRouteThenFieldsOnTheResponseAndLongestWaitWins() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        Throttling throttling = new Throttling(
                List.of(new Throttle.Anon(new Rate(2, Duration.ofSeconds(30))), new Throttle.User(HOURLY),
                        new Throttle.Scoped("clients.read", new Rate(1, Duration.ofMinutes(1))),
                        new Throttle.Scoped("clients.write", FIVE_PER_10M)),
                new MemoryThrottleStore(100), new ClientAddress(0), Clock.fixed(now, ZoneOffset.UTC));

        MockServerWebExchange first = exchange();
        assertThat(throttling.check(first, null).block()).isEmpty();
        assertThat(SfList.parse(first.getResponse().getHeaders().getFirst("RateLimit-Policy"))).containsExactly(
                new SfItem("anon", params("q", 2, "w", 30)),
                new SfItem("user", params("q", 1000, "w", 3600)),
                new SfItem("clients.read", params("q", 1, "w", 60)));
        assertThat(SfList.parse(first.getResponse().getHeaders().getFirst("RateLimit"))).containsExactly(
                new SfItem("anon", params("r", 1, "t", 30)),
                new SfItem("user", params("r", 999, "t", 3600)),
                new SfItem("clients.read", params("r", 0, "t", 60)));

        MockServerWebExchange second = exchange();
        Optional<ApiException> refusal = throttling.check(second, null).block();
        assertThat(refusal).isPresent();
        assertThat(refusal.get().headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
        assertThat(SfList.parse(second.getResponse().getHeaders().getFirst("RateLimit"))).containsExactly(
                new SfItem("anon", params("r", 0, "t", 30)),
                new SfItem("user", params("r", 998, "t", 3600)),
                new SfItem("clients.read", params("r", 0, "t", 60)));
    }

    @Test
    void checkWhenRouteNotThrottledThenNoFields() {
        Throttling throttling = new Throttling(List.of(new Throttle.Anon(FIVE_PER_10M)), new MemoryThrottleStore(10),
                new ClientAddress(0), Clock.systemUTC());
        MockServerWebExchange health = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health")
                .remoteAddress(new java.net.InetSocketAddress("192.0.2.1", 1000)));

        assertThat(throttling.check(health, null).block()).isEmpty();
        assertThat(health.getResponse().getHeaders().containsHeader("RateLimit")).isFalse();
    }

    private static MockServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/clients")
                .remoteAddress(new java.net.InetSocketAddress("192.0.2.1", 1000)));
    }

    private static RateLimitHeaders.Entry entry(Throttle throttle, boolean admitted, int remaining, Duration reset) {
        return new RateLimitHeaders.Entry(throttle, new Outcome(admitted, remaining, reset));
    }

    private static Map<String, Long> params(String k1, long v1, String k2, long v2) {
        Map<String, Long> params = new LinkedHashMap<>();
        params.put(k1, v1);
        params.put(k2, v2);
        return params;
    }

    // ---- the parser checks what it should -----------------------------------------------------

    @Test
    void parseWhenValidListThenItemsAndParameters() {
        assertThat(SfList.parse("\"a\";q=1;w=2,\"b\\\"c\";x=-3 ,\t\"\"; y=0"))
                .containsExactly(new SfItem("a", params("q", 1, "w", 2)),
                        new SfItem("b\"c", Map.of("x", -3L)), new SfItem("", Map.of("y", 0L)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "user;q=1", "\"user\";q=1,", ",\"user\"", "\"user\";Q=1", "\"user\";q=1.5",
            "\"user\";q=\"1\"", "\"user\";q", "\"user\";q=1;q=2", "\"user\" ;q=1", "\"user\";q=1 ", " \"user\"",
            "\"us\\er\"", "\"user", "\"user\";q=1234567890123456", "\"user\";q=-", "\"user\"\"x\"",
            "\"user\";1q=1", "\"caf\u00e9\"" })
    void parseWhenNotAStrictSfListOfStringsWithIntegerParametersThenRejected(String field) {
        assertThatIllegalArgumentException().isThrownBy(() -> SfList.parse(field));
    }

    record SfItem(String value, Map<String, Long> params) {
    }

    /**
     * RFC 8941 §4.2.1 restricted to what these fields use: an sf-list whose members are sf-items with
     * an sf-string bare item and parameters whose values are sf-integers. Strict: anything else, and a
     * repeated parameter (legal in RFC 8941, where the last wins, but never meant by these fields),
     * is rejected. Leading and trailing spaces of the whole field are not accepted either: a sender
     * must not write them, though RFC 8941 tells receivers to discard them.
     */
    static final class SfList {

        private final String input;
        private int pos;

        private SfList(String input) {
            this.input = input;
        }

        static List<SfItem> parse(String field) {
            if (field == null) {
                throw new IllegalArgumentException("field absent");
            }
            return new SfList(field).list();
        }

        // sf-list = list-member *( OWS "," OWS list-member )
        private List<SfItem> list() {
            List<SfItem> members = new ArrayList<>();
            while (true) {
                members.add(item());
                if (atEnd()) {
                    return members;
                }
                skipOws();
                if (atEnd()) {
                    throw error("trailing whitespace");
                }
                expect(',');
                skipOws();
                if (atEnd()) {
                    throw error("trailing comma");
                }
            }
        }

        // sf-item = bare-item parameters ; bare-item restricted to sf-string
        private SfItem item() {
            String value = string();
            Map<String, Long> params = new LinkedHashMap<>();
            // parameters = *( ";" *SP parameter ), parameter = param-key "=" sf-integer (here)
            while (!atEnd() && peek() == ';') {
                pos++;
                while (!atEnd() && peek() == ' ') {
                    pos++;
                }
                String key = key();
                expect('=');
                if (params.put(key, integer()) != null) {
                    throw error("repeated parameter " + key);
                }
            }
            return new SfItem(value, params);
        }

        // sf-string = DQUOTE *chr DQUOTE ; chr = unescaped / escaped ; escaped = "\" ( DQUOTE / "\" )
        private String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("unterminated string");
                }
                char c = input.charAt(pos++);
                if (c == '\\') {
                    if (atEnd() || (peek() != '"' && peek() != '\\')) {
                        throw error("bad escape");
                    }
                    value.append(input.charAt(pos++));
                } else if (c == '"') {
                    return value.toString();
                } else if (c < 0x20 || c > 0x7e) {
                    throw error("character outside visible ASCII and space");
                } else {
                    value.append(c);
                }
            }
        }

        // key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )
        private String key() {
            int start = pos;
            if (atEnd() || !(isLcalpha(peek()) || peek() == '*')) {
                throw error("key must start with a lowercase letter or *");
            }
            pos++;
            while (!atEnd() && (isLcalpha(peek()) || Character.isDigit(peek()) || "_-.*".indexOf(peek()) >= 0)) {
                pos++;
            }
            return input.substring(start, pos);
        }

        // sf-integer = [ "-" ] 1*15DIGIT
        private long integer() {
            int start = pos;
            if (!atEnd() && peek() == '-') {
                pos++;
            }
            int digits = pos;
            while (!atEnd() && peek() >= '0' && peek() <= '9') {
                pos++;
            }
            if (pos == digits || pos - digits > 15) {
                throw error("not an sf-integer");
            }
            if (!atEnd() && peek() == '.') {
                throw error("decimal where an integer is expected");
            }
            return Long.parseLong(input.substring(start, pos));
        }

        private static boolean isLcalpha(char c) {
            return c >= 'a' && c <= 'z';
        }

        // OWS = *( SP / HTAB )
        private void skipOws() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        private void expect(char c) {
            if (atEnd() || peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private boolean atEnd() {
            return pos >= input.length();
        }

        private char peek() {
            return input.charAt(pos);
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException(problem + " at " + pos + " in [" + input + "]");
        }
    }
}
