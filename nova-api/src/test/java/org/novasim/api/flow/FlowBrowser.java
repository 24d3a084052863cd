package org.novasim.api.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The flow page in Debian's headless Chromium, driven through the system chromedriver (no driver download): what a
 * user does on the page and what they see, by the page's element ids.
 */
public final class FlowBrowser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("novasim.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("novasim.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;

    public FlowBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the tests run as root in CI; the page is our own.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1600,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    public FlowBrowser open(String baseUrl) {
        driver.get(baseUrl + "/flow");
        return this;
    }

    public boolean asksForToken() {
        return until(d -> d.findElement(By.id("token-form")).isDisplayed() || d.findElement(By.id("main")).isDisplayed())
                && driver.findElement(By.id("token-form")).isDisplayed();
    }

    public FlowBrowser enterToken(String token) {
        WebElement input = driver.findElement(By.id("token"));
        input.clear();
        input.sendKeys(token);
        driver.findElement(By.id("token-submit")).click();
        return this;
    }

    public String tokenError() {
        until(d -> d.findElement(By.id("token-error")).isDisplayed());
        return driver.findElement(By.id("token-error")).getText();
    }

    public FlowBrowser awaitDiagram() {
        until(d -> d.findElement(By.id("main")).isDisplayed());
        return this;
    }

    /** Picks a request from the list once the page has seen it. */
    public FlowBrowser pickRequest(String requestId) {
        return pick("request", requestId);
    }

    public FlowBrowser pickServer(String instance) {
        return pick("instance", instance);
    }

    /** The lists are rebuilt as records arrive: a pick that met an old list is made again. */
    private FlowBrowser pick(String list, String value) {
        until(d -> {
            try {
                new Select(d.findElement(By.id(list))).selectByValue(value);
                return d.findElement(By.id("shown")).getText().contains(value);
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
            }
        });
        return this;
    }

    /** {@code kind method} of every arrow drawn, top to bottom. */
    public List<String> arrows() {
        return strings("return [...document.querySelectorAll('#rows .row')]"
                + ".map(r => r.dataset.kind + ' ' + r.dataset.method)");
    }

    public List<String> awaitArrows(java.util.function.Predicate<List<String>> condition) {
        try {
            until(d -> condition.test(arrows()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the arrows drawn: " + arrows() + "; the page says: " + text(), e);
        }
        return arrows();
    }

    /** Lane titles, left to right. */
    public List<String> lanes() {
        return strings("return [...document.querySelectorAll('#lanes .lane-head')].map(h => h.dataset.lane)");
    }

    /** Read in one script, so that a redraw in between cannot leave a stale element. */
    @SuppressWarnings("unchecked")
    private List<String> strings(String script) {
        return List.copyOf((List<String>) driver.executeScript(script));
    }

    public WebElement arrow(String method) {
        until(d -> !d.findElements(By.cssSelector("#rows .row[data-method='" + method + "']")).isEmpty());
        return driver.findElement(By.cssSelector("#rows .row[data-method='" + method + "']"));
    }

    /** Rows of replies sharing the msg id of the first call of this method. */
    public List<WebElement> replyRowsTo(String method) {
        WebElement call = driver.findElement(By.cssSelector("#rows .row.k-CALL[data-method='" + method + "']"));
        String msgId = call.getAttribute("data-msg");
        return msgId == null ? List.of()
                : driver.findElements(By.cssSelector("#rows .row.k-REPLY[data-msg='" + msgId + "']"));
    }

    public List<WebElement> failedArrows() {
        return driver.findElements(By.cssSelector("#rows .row.bad"));
    }

    /** Clicks the first arrow of this method and waits for its envelope: the oslo message and its context. */
    /** Clicks the method's arrow; what the detail shows once it has loaded. */
    public String clickArrow(String method) {
        until(d -> {
            try {
                arrow(method).click();
                return true;
            } catch (StaleElementReferenceException e) {
                return false; // redrawn under the pointer: click the new row
            }
        });
        until(d -> !d.findElement(By.id("detail-body")).getText().startsWith("loading"));
        return driver.findElement(By.id("detail-body")).getText();
    }

    /**
     * The method's envelope, or the error shown instead. A received message shows its sender's envelope, whose record
     * may reach nova-api a moment after the arrow is drawn: clicked again until it is shown, as a user would.
     */
    public String showEnvelope(String method) {
        until(d -> {
            clickArrow(method);
            return !d.findElements(By.id("context")).isEmpty()
                    || !d.findElements(By.cssSelector("#detail-body .error")).isEmpty();
        });
        return driver.findElement(By.id("detail-body")).getText();
    }

    public String shown() {
        return driver.findElement(By.id("shown")).getText();
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String source() {
        return driver.getPageSource();
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String sessionToken() {
        return (String) driver.executeScript("return sessionStorage.getItem('novasim.flow.token')");
    }

    /** Runs a script in the page and answers its result. */
    public Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    public void until(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition, Duration timeout) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition::apply);
    }

    private boolean until(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        until(condition, WAIT);
        return true;
    }

    /** Stops following the newest arrows and shows the first one drawn. */
    public FlowBrowser scrollToTheFirstArrow() {
        script("document.getElementById('follow').checked = false; document.getElementById('diagram').scrollTop = 0;");
        return this;
    }

    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(taken, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
