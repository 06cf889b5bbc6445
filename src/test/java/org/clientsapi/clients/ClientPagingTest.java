package org.clientsapi.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /clients}: keyset pages with an absolute {@code Link} to the next one, the 400s for a
 * bad {@code limit} or {@code cursor}, paging while rows are inserted, search (and its index), and
 * the NDJSON stream. Rows are seeded over JDBC.
 */
@ApiTest
class ClientPagingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    @LocalServerPort
    int port;

    WebTestClient as;

    @BeforeEach
    void signIn() {
        TestDatabase.truncateAll();
        String token = users.tokenOfNewUser("pager", false);
        as = web.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + token)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
    }

    // ---------------------------------------------------------------- pages and Link

    @Test
    void pageWhenNoLimitThenFirstHundredOldestFirstWithAbsoluteNextLink() {
        seed(101);
        Page page = get("/clients");
        assertThat(page.ids()).isEqualTo(allIds().subList(0, 100));
        assertThat(page.next()).startsWith("http://localhost:" + port + "/clients?cursor=");
    }

    @Test
    void pageWhenExactlyDefaultLimitRowsThenAllOfThemAndNoLink() {
        seed(100);
        Page page = get("/clients");
        assertThat(page.ids()).isEqualTo(allIds());
        assertThat(page.link()).isNull();
    }

    @Test
    void pageWhenEmptyTableThenEmptyArrayAndNoLink() {
        as.get().uri("/clients").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.LINK)
                .expectBody(String.class).isEqualTo("[]");
    }

    @Test
    void pageWhenFollowingLinksThenEveryRowOnceInIdOrderAndNoLinkOnLastPage() {
        seed(250);
        List<Page> pages = followAll("/clients");
        assertThat(pages).extracting(page -> page.ids().size()).containsExactly(100, 100, 50);
        assertThat(pages.get(2).link()).isNull();
        assertThat(pages.stream().flatMap(page -> page.ids().stream()).toList()).isEqualTo(allIds());
    }

    @Test
    void pageWhenExactlyLimitRowsRemainThenLastPageHasNoLink() {
        seed(20);
        Page first = get("/clients?limit=10");
        assertThat(first.ids()).hasSize(10);
        assertThat(first.next()).contains("limit=10");
        Page second = get(first.next());
        assertThat(second.ids()).hasSize(10);
        assertThat(second.link()).isNull();
        assertThat(concat(first, second)).isEqualTo(allIds());
    }

    @Test
    void pageWhenLimitGivenThenLinkIsAbsoluteAndKeepsLimit() {
        seed(5);
        Page page = get("/clients?limit=2");
        assertThat(page.next()).matches("http://localhost:" + port + "/clients\\?.+")
                .contains("limit=2").contains("cursor=");
        assertThat(URI.create(page.next()).isAbsolute()).isTrue();
    }

    @Test
    void pageWhenTrailingSlashThenPagedWithLinkOnSamePath() {
        seed(3);
        Page first = get("/clients/?limit=2");
        assertThat(first.ids()).hasSize(2);
        assertThat(first.next()).startsWith("http://localhost:" + port + "/clients/?");
        Page second = get(first.next());
        assertThat(second.ids()).hasSize(1);
        assertThat(second.link()).isNull();
        assertThat(concat(first, second)).isEqualTo(allIds());
    }

    @Test
    void pageWhenLimitOneThenOneRowAndLink() {
        seed(2);
        Page page = get("/clients?limit=1");
        assertThat(page.ids()).isEqualTo(allIds().subList(0, 1));
        assertThat(page.next()).contains("limit=1");
    }

    @Test
    void pageWhenLimitThousandThenThousandRowsAndLink() {
        seed(1001);
        Page first = get("/clients?limit=1000");
        assertThat(first.ids()).isEqualTo(allIds().subList(0, 1000));
        Page second = get(first.next());
        assertThat(second.ids()).isEqualTo(allIds().subList(1000, 1001));
        assertThat(second.link()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0    | Ensure this value is greater than or equal to 1.",
            "-1   | Ensure this value is greater than or equal to 1.",
            "1001 | Ensure this value is less than or equal to 1000.",
            "99999999999 | Ensure this value is less than or equal to 1000.",
            "abc  | A valid integer is required.",
            "1.5  | A valid integer is required." })
    void pageWhenLimitInvalidThenBadRequestWithExactLimitError(String limit, String message) {
        seed(3);
        as.get().uri(uri -> uri.path("/clients").queryParam("limit", limit).build()).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("invalid")
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors.limit").isEqualTo(List.of(message));
    }

    static Stream<Arguments> badCursors() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return Stream.of(
                Arguments.of("garbage"),
                Arguments.of("!!!not-base64!!!"),
                Arguments.of(base64.encodeToString(new byte[] { 0, 0, 0, 7 })),
                Arguments.of(base64.encodeToString(new byte[9])),
                Arguments.of(base64.encodeToString(ByteBuffer.allocate(8).putLong(-1).array())),
                Arguments.of(base64.encodeToString(ByteBuffer.allocate(8).putLong(Long.MIN_VALUE).array())));
    }

    @ParameterizedTest
    @MethodSource("badCursors")
    void pageWhenCursorInvalidThenBadRequestWithCursorError(String cursor) {
        seed(3);
        as.get().uri(uri -> uri.path("/clients").queryParam("cursor", "{c}").build(cursor)).exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("invalid")
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors.cursor").isEqualTo(List.of("Invalid cursor."));
    }

    @Test
    void pageWhenLimitAndCursorBothInvalidThenBothFieldsListed() {
        as.get().uri("/clients?limit=0&cursor=garbage").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()").isEqualTo(2)
                .jsonPath("$.errors.limit").isEqualTo(List.of("Ensure this value is greater than or equal to 1."))
                .jsonPath("$.errors.cursor").isEqualTo(List.of("Invalid cursor."));
    }

    @Test
    void pageWhenCursorFromLinkThenRowsAfterIt() {
        seed(5);
        List<Long> ids = allIds();
        String cursor = PageRequest.encode(ids.get(2));
        Page page = get("/clients?cursor=" + cursor);
        assertThat(page.ids()).isEqualTo(ids.subList(3, 5));
        assertThat(page.link()).isNull();
    }

    // ---------------------------------------------------------------- paging while rows are inserted

    @Test
    void pageWhenRowsInsertedBetweenFetchesThenEveryExistingRowSeenExactlyOnce() {
        seed(95);
        List<Long> existing = allIds();
        List<Long> seen = new ArrayList<>();
        Page page = get("/clients?limit=10");
        seen.addAll(page.ids());
        int inserted = 0;
        int pages = 1;
        while (page.link() != null) {
            if (inserted < 30) {
                seed(3);
                inserted += 3;
            }
            page = get(page.next());
            seen.addAll(page.ids());
            pages++;
            assertThat(pages).as("pages fetched").isLessThan(50);
        }
        assertThat(inserted).isEqualTo(30);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(existing);
        assertThat(seen).isSorted();
        // the rows added while paging have higher ids, so they are seen too, after every old one
        assertThat(seen).isEqualTo(allIds());
        assertThat(seen).hasSize(125);
    }

    // ---------------------------------------------------------------- search

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ADA         | ada@analytical.example.org",
            "lovel       | ada@analytical.example.org",
            "EXAMPLE.ORG | ada@analytical.example.org",
            "gRaCe       | grace@navy.example.com",
            "TURING      | alan@bletchley.example.net",
            "bletchley   | alan@bletchley.example.net",
            "%           | fifty@shop.example.com",
            "_           | under@shop.example.com",
            "\\          | back@shop.example.com" })
    void searchWhenSubstringInAnyCaseThenOnlyMatchingClients(String search, String email) {
        seedSearchable();
        as.get().uri(uri -> uri.path("/clients").queryParam("search", "{s}").build(search)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].email").isEqualTo(email);
    }

    @Test
    void searchWhenEmailDomainSharedThenEveryMatchOldestFirst() {
        seedSearchable();
        as.get().uri("/clients?search=SHOP.example").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[*].email").isEqualTo(List.of("fifty@shop.example.com", "under@shop.example.com",
                        "back@shop.example.com", "plain@shop.example.com"));
    }

    @Test
    void searchWhenNothingMatchesThenEmptyArray() {
        seedSearchable();
        as.get().uri("/clients?search=nobody-like-this").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.LINK)
                .expectBody(String.class).isEqualTo("[]");
    }

    @Test
    void searchWhenPagedThenLinkKeepsSearchAndLimitAndPagesOnlyMatches() {
        seed(10);
        insert("Jan", "Smith", "j.smith@example.com");
        seed(3);
        insert("Ann", "Smithers", "ann@example.com");
        insert("Smithy", "Jones", "sj@example.com");
        seed(2);
        insert("Bob", "Brown", "bob.SMITH@example.com");
        insert("Eve", "Goldsmith", "eve@example.com");

        List<Page> pages = followAll("/clients?search=smith&limit=2");
        assertThat(pages).extracting(page -> page.ids().size()).containsExactly(2, 2, 1);
        assertThat(pages.get(0).next()).startsWith("http://localhost:" + port + "/clients?")
                .contains("search=smith").contains("limit=2");
        assertThat(pages.get(1).next()).contains("search=smith").contains("limit=2");
        assertThat(pages.stream().flatMap(page -> page.emails().stream()).toList()).containsExactly(
                "j.smith@example.com", "ann@example.com", "sj@example.com", "bob.SMITH@example.com",
                "eve@example.com");
    }

    @Test
    void searchWhenPagedWithSpaceAndPercentThenLinkCarriesTheSameSearch() {
        insert("Maria", "de la Cruz", "m1@example.com");
        insert("Other", "Person", "o1@example.com");
        insert("Juan", "de la Cruz", "j1@example.com");
        insert("Ines", "de la Cruz", "i1@example.com");
        insert("100%", "de la Cruz", "p1@example.com");
        insert("100", "x de la Cruz 0%", "p2@example.com");

        List<Page> pages = followAll("/clients?search=de%20la%20Cruz&limit=2");
        assertThat(pages.stream().flatMap(page -> page.emails().stream()).toList())
                .containsExactly("m1@example.com", "j1@example.com", "i1@example.com", "p1@example.com",
                        "p2@example.com");

        List<Page> plus = followAll("/clients?search=de+la+Cruz&limit=4");
        assertThat(plus).hasSize(2);
        assertThat(plus.get(0).next()).contains("search=de%20la%20Cruz");
        assertThat(plus.get(1).emails()).containsExactly("p2@example.com");

        List<Page> percent = followAll("/clients?search=0%25&limit=1");
        assertThat(percent.stream().flatMap(page -> page.emails().stream()).toList())
                .containsExactly("p1@example.com", "p2@example.com");
        assertThat(percent.get(0).next()).contains("search=0%25");
    }

    @Test
    void searchWhenPagedWithNonAsciiThenLinkCarriesTheSameSearch() {
        insert("Zoë", "One", "z1@example.com");
        insert("Zoe", "Plain", "z2@example.com");
        insert("ZOË", "Two", "z3@example.com");
        List<Page> pages = followAll("/clients?search=zo%C3%AB&limit=1");
        assertThat(pages.get(0).next()).contains("search=zo%C3%AB");
        assertThat(pages.stream().flatMap(page -> page.emails().stream()).toList())
                .containsExactly("z1@example.com", "z3@example.com");
    }

    /**
     * A query sent with characters a URI may not carry raw (a client that does not encode): the
     * server reads them as it can, and the next link carries the same search, encoded.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Zo\u00eb | Zo\u00c3\u00ab",  // UTF-8 bytes sent raw are read one character a byte
            "[b]       | [b]" })
    void searchWhenQuerySentUnencodedThenPagedWithLinkNeverServerError(String sent, String stored) throws Exception {
        insert(stored + "1", "One", "u1@example.com");
        insert("Plain", "Plain", "plain@example.com");
        insert(stored + "2", "Two", "u2@example.com");
        String token = users.tokenOfNewUser("raw", false);
        String response;
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /clients?search=" + sent + "&limit=1 HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\nAuthorization: Token " + token + "\r\n"
                    + "Accept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(response).startsWith("HTTP/1.1 200 ").contains("u1@example.com");
        Matcher link = Pattern.compile("(?im)^Link: <([^>]+)>; rel=\"next\"").matcher(response);
        assertThat(link.find()).as("Link in %s", response).isTrue();
        Page next = get(link.group(1));
        assertThat(next.emails()).containsExactly("u2@example.com");
        assertThat(next.link()).isNull();
    }

    /**
     * The exact statement {@link ClientRepository#page} runs for a search page, with its parameters
     * inlined: on a large table the planner must use a trigram index, not read the whole table.
     */
    @Test
    void searchWhenTableLargeThenPlanUsesTrigramIndexNotSeqScan() throws Exception {
        seedThreeRareAmongMany();

        String sql = "select " + constant("COLUMNS") + " from clients where id > $1" + ClientRepository.matching("$2")
                + " order by id limit " + (PageRequest.DEFAULT_LIMIT + 1);
        String pattern = ClientRepository.pattern("QZXJVK");
        assertThat(pattern).doesNotContain("'");
        String explained = sql.replace("$1", "0").replace("$2", "'" + pattern + "'");

        String plan = plan("explain " + explained);
        assertThat(plan).containsAnyOf("clients_first_name_trgm", "clients_last_name_trgm", "clients_email_trgm")
                .doesNotContain("Seq Scan on clients");

        assertSearchFindsTheThreeRare();
    }

    /**
     * The exact statement {@link PageQuery} runs for a page of the JSON list with {@code ?search=},
     * prepared with typed parameters as the driver sends it: the search inside its row_number()
     * wrapping must still use a trigram index.
     */
    @Test
    void listSearchWhenTableLargeThenPlanUsesTrigramIndexNotSeqScan() throws Exception {
        seedThreeRareAmongMany();
        String pattern = ClientRepository.pattern("QZXJVK");
        assertThat(pattern).doesNotContain("'");

        String plan = plan("prepare list_page (bigint, integer, text) as " + PageQuery.sql(true),
                "explain execute list_page (0, " + PageRequest.DEFAULT_LIMIT + ", '" + pattern + "')");
        assertThat(plan).containsAnyOf("clients_first_name_trgm", "clients_last_name_trgm", "clients_email_trgm")
                .doesNotContain("Seq Scan on clients");

        assertSearchFindsTheThreeRare();
    }

    private static void seedThreeRareAmongMany() {
        seed(50_000);
        insert("Qzxjvkina", "Plain", "rare1@example.com");
        insert("Plain", "Aqzxjvk", "rare2@example.com");
        insert("Plain", "Plain", "x.qzxjvk@example.com");
        seed(100);
        // What autovacuum does to a table that grows: statistics, and the GIN pending lists merged into
        // the indexes. Right after a bulk load, before that, the pending lists (up to 4 MB an index,
        // read in full by every search) make a sequential scan the cheaper plan at this size.
        TestDatabase.execute("vacuum analyze clients");
    }

    private void assertSearchFindsTheThreeRare() {
        as.get().uri("/clients?search=QZXJVK").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[*].email").isEqualTo(List.of("rare1@example.com", "rare2@example.com",
                        "x.qzxjvk@example.com"));
    }

    /** The plan the last statement shows, the ones before it run first on the same session. */
    private static String plan(String... statements) throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < statements.length - 1; i++) {
                statement.execute(statements[i]);
            }
            List<String> lines = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(statements[statements.length - 1])) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
            return String.join("\n", lines);
        }
    }

    // ---------------------------------------------------------------- NDJSON

    @Test
    void streamWhenNdjsonAcceptedThenEveryRowOneObjectPerLineInIdOrder() {
        seed(2_500);
        String body = as.get().uri("/clients").accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_NDJSON)
                .expectHeader().doesNotExist(HttpHeaders.LINK)
                .expectBody(String.class).returnResult().getResponseBody();
        List<JsonNode> lines = ndjson(body);
        assertThat(lines).hasSize(2_500);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.isObject()).isTrue();
            assertThat(propertyNames(line))
                    .containsExactlyInAnyOrder("id", "first_name", "last_name", "email", "created", "updated");
        });
        assertThat(lines.stream().map(line -> line.get("id").asLong()).toList()).isEqualTo(allIds());
        JsonNode first = lines.get(0);
        assertThat(first.get("email").asString()).isEqualTo("client1@example.com");
        assertThat(first.get("created").asString()).endsWith("Z");
    }

    @Test
    void streamWhenSearchGivenThenOnlyMatchingRowsInIdOrder() {
        seed(1_200);
        insert("Needle", "One", "n1@example.com");
        seed(600);
        insert("Two", "NEEDLES", "n2@example.com");
        insert("Three", "Three", "three.needle@example.com");
        String body = as.get().uri("/clients/?search=needle").accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_NDJSON)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(ndjson(body).stream().map(line -> line.get("email").asString()).toList())
                .containsExactly("n1@example.com", "n2@example.com", "three.needle@example.com");
    }

    @Test
    void streamWhenNothingMatchesThenEmptyBody() {
        seed(3);
        EntityExchangeResult<byte[]> result = as.get().uri("/clients?search=nothing-here")
                .accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_NDJSON)
                .expectBody().returnResult();
        assertThat(result.getResponseBody()).isNullOrEmpty();
    }

    @Test
    void streamWhenLimitInvalidThenBadRequest() {
        as.get().uri("/clients?limit=0").accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors.limit").isEqualTo(List.of("Ensure this value is greater than or equal to 1."));
    }

    @Test
    void pageWhenJsonAcceptedThenPageNotStream() {
        seed(150);
        as.get().uri("/clients").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectHeader().exists(HttpHeaders.LINK)
                .expectBody().jsonPath("$.length()").isEqualTo(100);
    }

    // ---------------------------------------------------------------- helpers

    private record Page(List<Long> ids, List<String> emails, String link) {

        String next() {
            assertThat(link).as("Link header").isNotNull();
            Matcher matcher = NEXT.matcher(link);
            assertThat(matcher.matches()).as("Link header %s", link).isTrue();
            return matcher.group(1);
        }
    }

    private Page get(String uri) {
        // sent exactly as written (a relative path is made absolute), so that encoded characters stay as they are
        URI target = URI.create(uri.startsWith("http") ? uri : "http://localhost:" + port + uri);
        EntityExchangeResult<byte[]> result = as.get().uri(target).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().returnResult();
        JsonNode body = JSON.readTree(result.getResponseBody());
        assertThat(body.isArray()).isTrue();
        List<Long> ids = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (JsonNode client : body) {
            ids.add(client.get("id").asLong());
            emails.add(client.get("email").asString());
        }
        List<String> links = result.getResponseHeaders().get(HttpHeaders.LINK);
        assertThat(links == null ? List.of() : links).hasSizeLessThanOrEqualTo(1);
        return new Page(ids, emails, links == null ? null : links.get(0));
    }

    private List<Page> followAll(String uri) {
        List<Page> pages = new ArrayList<>();
        Page page = get(uri);
        pages.add(page);
        while (page.link() != null) {
            assertThat(pages).as("pages followed").hasSizeLessThan(100);
            page = get(page.next());
            pages.add(page);
        }
        return pages;
    }

    private static List<Long> concat(Page... pages) {
        return Stream.of(pages).flatMap(page -> page.ids().stream()).toList();
    }

    private static List<JsonNode> ndjson(String body) {
        assertThat(body).isNotNull().endsWith("\n");
        return body.lines().map(line -> {
            assertThat(line).isNotBlank();
            return JSON.readTree(line);
        }).toList();
    }

    private static Set<String> propertyNames(JsonNode node) {
        return new HashSet<>(node.propertyNames());
    }

    /** Adds {@code n} clients after the last one; their emails carry numbers above every id so far, so stay unique. */
    private static void seed(int n) {
        TestDatabase.execute("insert into clients (first_name, last_name, email, created, updated) "
                + "select 'First' || i, 'Last' || i, 'client' || i || '@example.com', now(), now() "
                + "from generate_series(coalesce((select max(id) from clients), 0) + 1, "
                + "coalesce((select max(id) from clients), 0) + " + n + ") i");
    }

    private static void insert(String firstName, String lastName, String email) {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement("insert into clients "
                        + "(first_name, last_name, email, created, updated) values (?, ?, ?, now(), now())")) {
            statement.setString(1, firstName);
            statement.setString(2, lastName);
            statement.setString(3, email);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void seedSearchable() {
        insert("Ada", "Lovelace", "ada@analytical.example.org");
        insert("Grace", "Hopper", "grace@navy.example.com");
        insert("Alan", "Turing", "alan@bletchley.example.net");
        insert("50%", "Off", "fifty@shop.example.com");
        insert("under_score", "Name", "under@shop.example.com");
        insert("Back\\slash", "Name", "back@shop.example.com");
        insert("Plain", "Name", "plain@shop.example.com");
    }

    private static List<Long> allIds() {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select id from clients order by id")) {
            List<Long> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A private SQL fragment of {@link ClientRepository}, so that the plan examined is that of its statement. */
    private static String constant(String name) throws ReflectiveOperationException {
        Field field = ClientRepository.class.getDeclaredField(name);
        field.setAccessible(true);
        return (String) field.get(null);
    }
}
