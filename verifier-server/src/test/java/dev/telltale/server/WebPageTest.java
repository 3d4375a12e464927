package dev.telltale.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's chromium + chromium-driver, which .ci/run installs):
 * sign in, test a text, see the verdict in words and the coloured tokens, download the signed JSON and
 * verify it, start a dataset job and watch it finish. {@code -Dtelltale.screenshot=true} also refreshes
 * {@code docs/verifier-web.png}.
 */
class WebPageTest {
    @TempDir
    static Path data;
    @TempDir
    static Path downloads;
    @TempDir
    static Path profile;
    static TestServer srv;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() {
        for (String exe : new String[] {"/usr/bin/chromium", "/usr/bin/chromedriver"}) {
            assertTrue(new File(exe).canExecute(), exe + " is missing: apt-get install chromium chromium-driver (as .ci/run does)");
        }
        srv = TestServer.start(data);
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-first-run", "--disable-quic",
                "--window-size=1200,1600", "--user-data-dir=" + profile);
        o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        browser = new ChromeDriver(service, o);
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (srv != null) {
            srv.close();
        }
    }

    static void signIn(String token) {
        signIn(srv, token);
    }

    static void signIn(TestServer server, String token) {
        browser.get(server.base() + "/");
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token, Keys.ENTER); // keyboard only
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Signed in as"));
    }

    static void setText(String text) {
        WebElement area = browser.findElement(By.id("text"));
        area.clear();
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", area, text.substring(0, text.length() - 20));
        area.sendKeys(text.substring(text.length() - 20)); // the last characters typed, as a user would
    }

    @Test
    void analyst_testsAText_seesColouredTokens_downloadsAVerifiableReport_andRunsAJob() throws Exception {
        signIn(srv.token("analyst"));
        assertTrue(browser.findElement(By.id("highlight-row")).isDisplayed());
        String text = Texts.watermarked(200, 5);
        setText(text);
        browser.findElement(By.id("detect-button")).click();
        WebElement verdict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("verdict")));
        assertEquals("Verdict: Watermarked", verdict.getText());
        String words = browser.findElement(By.id("explanation")).getText();
        assertTrue(words.contains("would occur by chance about 1 in") && words.contains("carries the watermark"), words);
        List<WebElement> tokens = browser.findElements(By.cssSelector("#tokens span"));
        long green = tokens.stream().filter(t -> "g".equals(t.getAttribute("class"))).count();
        long red = tokens.stream().filter(t -> "r".equals(t.getAttribute("class"))).count();
        JsonNode api = srv.post("/v1/detect", srv.adminToken, TestServer.JSON.createObjectNode().put("text", text)).expect(200);
        assertEquals(api.path("tokens_total").asLong(), tokens.size());
        assertEquals(api.path("score").asDouble(), (double) green, "green spans = the green count");
        assertEquals(api.path("tokens_scored").asLong(), green + red);

        Path shot = Path.of("target", "verifier-web.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        if (Boolean.getBoolean("telltale.screenshot")) {
            Path docs = Path.of(System.getProperty("telltale.repo", ".."), "docs", "verifier-web.png");
            Files.copy(shot, docs, StandardCopyOption.REPLACE_EXISTING);
        }

        browser.findElement(By.id("download-json")).click();
        Path json = waitForDownload(".json");
        ReportVerifier.Verified v = ReportVerifier.verifyReport(Files.readAllBytes(json), srv.get("/v1/signing-key", null).text());
        assertEquals("watermarked", v.body().path("detection").path("verdict").asText());
        browser.findElement(By.id("download-pdf")).click();
        Path pdf = waitForDownload(".pdf");
        assertTrue(new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF"));

        Path dataset = downloads.resolve("dataset.jsonl");
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            jsonl.append(TestServer.JSON.createObjectNode().put("text", Texts.human(i, 1500))).append('\n');
        }
        Files.writeString(dataset, jsonl);
        browser.findElement(By.id("dataset")).sendKeys(dataset.toString());
        browser.findElement(By.id("job-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-status"), "Started job_"));
        wait.until(d -> d.findElement(By.cssSelector("#job-table tbody")).getText().contains("done"));
        String row = browser.findElement(By.cssSelector("#job-table tbody tr")).getText();
        assertTrue(row.contains("30 / 30 records") && row.contains("not_detected"), row);
    }

    /** An account key's text: the result panel names the traced account and says its p-value in words; a submitter's does not. */
    @Test
    void analyst_seesTheTracedAccountInTheResultPanel_submitterDoesNot(@TempDir Path accountData) {
        dev.telltale.core.WatermarkKey key = TestServer.accountKey(dev.telltale.core.AccountCodeParameters.V1, 5);
        TestServer.addKey(accountData, key);
        try (TestServer s = TestServer.start(accountData)) {
            String text = Texts.forAccount(key, 654_321, 350, 31);
            signIn(s, s.token("analyst"));
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("key"))).selectByValue(key.keyId());
            setText(text);
            browser.findElement(By.id("detect-button")).click();
            WebElement account = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account")));
            assertEquals("Traced account: 654321", account.getText());
            JsonNode api = s.post("/v1/detect", s.adminToken, TestServer.JSON.createObjectNode().put("key_id", key.keyId())
                    .put("text", text)).expect(200);
            assertEquals(654_321, api.path("account").path("id").asLong(), api::toString);
            String words = browser.findElement(By.id("account-explanation")).getText();
            assertTrue(words.contains("corrected for all 1,000,000 accounts") && words.contains("so the text names account 654321"),
                    words);
            String p = dev.telltale.server.internal.PlainWords.p(api.path("account").path("log10_p_value").asDouble());
            assertTrue(words.startsWith("p = " + p), "the p-value the PDF prints (" + p + "): " + words);
            assertTrue(browser.findElement(By.id("result")).getText().contains("account p-value"), "in the facts too");

            signIn(s, s.token("submitter"));
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("key"))).selectByValue(key.keyId());
            setText(text);
            browser.findElement(By.id("detect-button")).click();
            assertEquals("Verdict: Watermarked", wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("verdict"))).getText());
            assertTrue(browser.findElements(By.id("account")).isEmpty(), "no account for submitters");
        }
    }

    private static Path waitForDownload(String suffix) {
        return wait.until(d -> {
            try (var files = Files.list(downloads)) {
                return files.filter(f -> f.toString().endsWith(suffix)).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        });
    }

    @Test
    void submitter_seesNoColoursAndNoJobs_andErrorsAreShownInWords() {
        signIn(srv.token("submitter"));
        assertFalse(browser.findElement(By.id("highlight-row")).isDisplayed());
        assertFalse(browser.findElement(By.id("jobs")).isDisplayed());
        setText("Too short to say anything about a watermark at all, honestly.");
        browser.findElement(By.id("detect-button")).click();
        WebElement err = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#result .error")));
        assertTrue(err.getText().contains("scored tokens"), err.getText());
    }

    @Test
    void badToken_isRefused_inWords() {
        signInExpectingFailure("tt_wrong");
        assertTrue(browser.findElement(By.id("who")).getText().contains("invalid or revoked token"));
        assertFalse(browser.findElement(By.id("detect")).isDisplayed());
    }

    private static void signInExpectingFailure(String token) {
        browser.get(srv.base() + "/");
        browser.findElement(By.id("token")).sendKeys(token, Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Sign-in failed"));
    }

    /** Every form control has a label, and the page is usable from the keyboard alone. */
    @Test
    void everyControlIsLabelled() {
        browser.get(srv.base() + "/");
        for (WebElement c : browser.findElements(By.cssSelector("input, select, textarea"))) {
            String id = c.getAttribute("id");
            assertFalse(id == null || id.isEmpty(), "control without id");
            assertEquals(1, browser.findElements(By.cssSelector("label[for='" + id + "']")).size(), "label for #" + id);
        }
        assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("polite", browser.findElement(By.id("result")).getAttribute("aria-live"));
    }
}
