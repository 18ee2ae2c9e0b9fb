package io.kafkaclone.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.Header;
import io.kafkaclone.core.Record;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.core.TopicLog;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The web page in a real headless Chromium (Debian's chromium + chromedriver, never downloaded by
 * Selenium): it lists a topic, shows its messages and consumer group lag, and publishes through the
 * form, and resets a group's offsets. Screenshots go to target/screenshots/.
 */
@QuarkusTest
class ConsolePageTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static WebDriver driver;
    private static Path profile;

    @Inject
    Broker broker;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void startBrowser() throws Exception {
        assertThat(new File(CHROMIUM)).as("this test needs Debian's chromium and chromedriver: apt-get install -y chromium chromium-driver (.ci/run does)")
                .canRead();
        assertThat(new File(CHROMEDRIVER)).as("apt-get install -y chromium-driver").canRead();
        profile = Files.createTempDirectory("console-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1250", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pageListsBrowsesAndPublishes() throws Exception {
        TopicLog topic = broker.createTopic(TopicsApiTest.unique("page"), 2);
        for (int i = 0; i < 3; i++) {
            broker.append(topic.partition(0), List.of(new Record(utf8("user-" + i), utf8("{\"order\": " + i + ", \"item\": \"book\"}"),
                    List.of(new Header("source", utf8("test"))), -1))).get(30, TimeUnit.SECONDS);
        }
        broker.append(topic.partition(0), List.of(new Record(null, new byte[] { (byte) 0xff, 0x00, 0x10 }, List.of(), -1)))
                .get(30, TimeUnit.SECONDS);
        String group = TopicsApiTest.unique("page-group");
        broker.commitOffset(group, topic.partition(0).topicPartition(), 1, null, false).get(30, TimeUnit.SECONDS);

        // the page re-renders its tables as it refreshes itself: every look-up retries on stale elements
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        driver.get(root.toString());
        By topicRow = By.cssSelector("#topics-table tr[data-topic='" + topic.name() + "']");
        By groupRow = By.cssSelector("#groups-table tr[data-group='" + group + "']");
        wait.until(d -> d.findElement(topicRow).getText().contains(topic.name() + " 2 4"));
        wait.until(d -> d.findElement(groupRow).getText().contains(topic.name() + " / 0 1 4 3"));
        screenshot("console-overview");

        wait.until(d -> {
            d.findElement(topicRow).findElement(By.xpath(".//button[text()='Browse']")).click();
            return true;
        });
        wait.until(d -> d.findElements(By.cssSelector("#messages-table tbody tr")).size() == 4
                && d.findElement(By.id("browse-info")).getText().startsWith(topic.name()));
        String messages = wait.until(d -> d.findElement(By.id("messages-table")).getText());
        assertThat(messages).contains("{\"order\": 2, \"item\": \"book\"}").contains("user-1").contains("source=test")
                .contains("base64").contains("/wAQ");
        screenshot("console-browse");

        new Select(driver.findElement(By.id("publish-topic"))).selectByValue(topic.name());
        driver.findElement(By.id("publish-key")).sendKeys("from-browser");
        driver.findElement(By.id("publish-partition")).sendKeys("0");
        driver.findElement(By.id("publish-headers")).sendKeys("via=chromium");
        driver.findElement(By.id("publish-message")).sendKeys("published through the web page");
        driver.findElement(By.id("publish-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("publish-result"), "at offset 4"));
        wait.until(d -> d.findElement(By.id("messages-table")).getText().contains("published through the web page"));
        screenshot("console-published");

        driver.findElement(By.id("reset-group")).sendKeys(group);
        new Select(driver.findElement(By.id("reset-topic"))).selectByValue(topic.name());
        new Select(driver.findElement(By.id("reset-to"))).selectByValue("latest");
        driver.findElement(By.id("reset-submit")).click();
        wait.until(d -> broker.committedOffset(group, topic.partition(0).topicPartition()).orElse(-1) == 5);
        wait.until(d -> d.findElement(groupRow).getText().endsWith(" 5 5 0"));

        List<StoredRecord> stored = broker.readRecords(topic.partition(0), 4, 1 << 20);
        assertThat(stored).hasSize(1);
        assertThat(new String(stored.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("published through the web page");
        assertThat(new String(stored.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("from-browser");
        assertThat(stored.get(0).headers()).hasSize(1);
        assertThat(stored.get(0).headers().get(0).key()).isEqualTo("via");
        assertThat(new String(stored.get(0).headers().get(0).value(), StandardCharsets.UTF_8)).isEqualTo("chromium");
    }
}
