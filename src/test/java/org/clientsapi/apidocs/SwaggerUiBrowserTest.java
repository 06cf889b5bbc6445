package org.clientsapi.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.clientsapi.support.ApiTest;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Swagger UI in a real headless Chromium (Debian's chromium and chromium-driver): a person opens
 * the page, authorizes with {@code Token <key>}, runs GET /clients and reads the answer. Under
 * {@code CI=true} a missing Chromium fails the test; elsewhere it skips it.
 */
@ApiTest
class SwaggerUiBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LIST = "#operations-clients-listClients";

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient web;

    @Autowired
    TestUsers users;

    Path profile;
    ChromeDriverService service;
    WebDriver browser;

    @BeforeAll
    static void chromiumInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(installed).as("CI must have chromium and chromium-driver (.ci/run installs them)").isTrue();
        }
        assumeTrue(installed, "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
    }

    @BeforeEach
    void startChromium() throws IOException {
        TestDatabase.truncateAll();
        profile = Files.createTempDirectory("clients-api-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,2400", "--user-data-dir=" + profile);
        // The driver named here: Selenium Manager, which would download one, never runs.
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Test
    void swaggerUiWhenAuthorizedWithTokenThenGetClientsShows200AndTheClient() {
        String key = users.tokenOfNewUser("browser", false);
        web.post().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("first_name", "Grace", "last_name", "Hopper", "email", "grace.hopper@example.com"))
                .exchange().expectStatus().isCreated();
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        try {
            browser.get("http://localhost:" + port + "/swagger-ui.html");
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".auth-wrapper .btn.authorize"))).click();

            WebElement value = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".modal-ux .auth-container input")));
            value.sendKeys("Token " + key);
            browser.findElement(By.cssSelector(".modal-ux .auth-btn-wrapper .authorize")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".modal-ux .btn-done"))).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));

            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(LIST + " .opblock-summary"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(LIST + " .try-out__btn"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(LIST + " .execute"))).click();

            By status = By.cssSelector(LIST + " .live-responses-table .response .response-col_status");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(status, "200"));
            By body = By.cssSelector(LIST + " .live-responses-table .response .response-col_description pre");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(body, "grace.hopper@example.com"));

            assertThat(browser.findElement(status).getText()).startsWith("200");
            assertThat(browser.findElement(body).getText()).contains("\"email\": \"grace.hopper@example.com\"");
        } catch (RuntimeException e) {
            screenshot();
            throw e;
        }
    }

    /**
     * Every reference of the document resolves, so Swagger UI shows no resolver error and pre-fills
     * the body of POST /clients from ClientInput's examples, not with {@code "string"}.
     */
    @Test
    void swaggerUiWhenCreateClientTriedOutThenBodyPrefilledFromClientInputAndNoResolverError() {
        String create = "#operations-clients-createClient";
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        try {
            browser.get("http://localhost:" + port + "/swagger-ui.html");
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(create + " .opblock-summary"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(create + " .try-out__btn"))).click();
            WebElement body = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(create + " textarea.body-param__text")));

            String example = body.getAttribute("value");
            assertThat(example).as(example).contains("\"first_name\": \"Ada\"", "\"email\": \"ada@example.com\"")
                    .doesNotContain("\"string\"");
            assertThat(browser.findElements(By.cssSelector(".errors-wrapper"))).as("Swagger UI's errors").isEmpty();
        } catch (RuntimeException | AssertionError e) {
            screenshot();
            throw e;
        }
    }

    /** What the page looked like when it failed, for whoever reads the report. */
    private void screenshot() {
        try {
            File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
            Path target = Path.of("target", "swagger-ui-failure.png");
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (RuntimeException | IOException ignored) {
            // the failure itself is what matters
        }
    }
}
