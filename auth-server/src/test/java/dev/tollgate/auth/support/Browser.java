package dev.tollgate.auth.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium driven through chromedriver, with a profile of its own that
 * is deleted on {@link #close()}, so no cookie survives from one browser to the next.
 * <p>
 * The driver and browser are the Debian packages ({@code chromium},
 * {@code chromium-driver}); giving their paths keeps Selenium Manager from trying to
 * download a driver. {@code -Dwebdriver.chrome.driver} and {@code -Dtollgate.chromium}
 * point elsewhere. Every wait is bounded by {@link #TIMEOUT}.
 */
public final class Browser implements AutoCloseable {

	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String DRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");

	private static final String BINARY = System.getProperty("tollgate.chromium", "/usr/bin/chromium");

	/** Set it to a folder to keep screenshots of the pages a test names. */
	private static final String SCREENSHOTS = System.getProperty("tollgate.screenshots");

	private final Path profile;

	private final ChromeDriver driver;

	private final WebDriverWait wait;

	private Browser(Path profile, ChromeDriver driver) {
		this.profile = profile;
		this.driver = driver;
		this.wait = new WebDriverWait(driver, TIMEOUT);
	}

	public static Browser start() {
		Path profile = createProfile();
		ChromeOptions options = new ChromeOptions().setBinary(BINARY)
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1024,768",
					"--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(TIMEOUT);
		return new Browser(profile, driver);
	}

	/**
	 * Opens the URL and waits until the page has loaded. A navigation that ends on a host
	 * nobody listens on (a client's redirect URI, in these tests) is no failure: the
	 * browser stays at that URL, which is what a test checks.
	 */
	public void open(String url) {
		try {
			this.driver.get(url);
		}
		catch (WebDriverException ex) {
			if (ex.getMessage() == null || !ex.getMessage().contains("net::ERR_CONNECTION_REFUSED")) {
				throw ex;
			}
		}
	}

	public String currentUrl() {
		return this.driver.getCurrentUrl();
	}

	/** The query parameters of the current URL, decoded. */
	public Map<String, String> queryParameters() {
		String query = URI.create(currentUrl()).getRawQuery();
		Map<String, String> parameters = new LinkedHashMap<>();
		if (query == null) {
			return parameters;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			parameters.put(decode(name), decode(value));
		}
		return parameters;
	}

	/** Waits until the current URL starts with the prefix, and answers the URL. */
	public String waitForUrlStartingWith(String prefix) {
		this.wait.withMessage(() -> "URL starting with " + prefix + ", at " + currentUrl())
			.until((driver) -> driver.getCurrentUrl().startsWith(prefix));
		return currentUrl();
	}

	/** Waits until an element with the id is displayed. */
	public WebElement waitForId(String id) {
		return this.wait.withMessage(() -> "element #" + id + " at " + currentUrl())
			.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
	}

	public List<WebElement> findAll(By by) {
		return this.driver.findElements(by);
	}

	public void type(String id, String text) {
		WebElement input = waitForId(id);
		input.clear();
		input.sendKeys(text);
	}

	public void click(String id) {
		waitForId(id).click();
	}

	public String text(String id) {
		return waitForId(id).getText();
	}

	/** Fills in and submits Tollgate's sign-in form, which must be the current page. */
	public void signIn(String username, String password) {
		type("username", username);
		type("password", password);
		click("sign-in");
	}

	public String pageText() {
		return this.driver.findElement(By.tagName("body")).getText();
	}

	/**
	 * Saves a PNG of the page as {@code name.png} when {@code -Dtollgate.screenshots} is
	 * set.
	 */
	public void screenshot(String name) {
		if (SCREENSHOTS == null) {
			return;
		}
		try {
			Path target = Path.of(SCREENSHOTS, name + ".png");
			Files.createDirectories(target.getParent());
			Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), target,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteProfile();
		}
	}

	private static Path createProfile() {
		try {
			return Files.createTempDirectory("tollgate-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void deleteProfile() {
		try (Stream<Path> paths = Files.walk(this.profile)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover temporary folder is not worth failing a test over.
		}
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
