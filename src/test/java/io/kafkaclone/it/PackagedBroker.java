package io.kafkaclone.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged application ({@code java -jar quarkus-run.jar}) as a child process on a given data directory,
 * with every port chosen by the OS. The ports are learnt from its log. It can be stopped with SIGTERM
 * ({@link #stop}) or SIGKILL ({@link #kill}) and started again on the same data directory.
 */
public final class PackagedBroker implements AutoCloseable {

    static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Pattern LINE_PORT = Pattern.compile("kafka-clone line protocol listening on port (\\d+)");
    private static final Pattern KAFKA_PORT = Pattern.compile("kafka-clone kafka protocol listening on port (\\d+)");
    private static final Pattern HTTP_PORT = Pattern.compile("Listening on: https?://[^\\s:]+:(\\d+)");
    /** Quarkus logs this once every startup observer ran, so every listener is bound by then. */
    private static final Pattern STARTED = Pattern.compile("started in [0-9.]+s");
    private static final Pattern ERROR_LINE = Pattern.compile("^\\S+ ERROR ");
    private static final int TAIL_LINES = 60;

    private final Path dataDir;
    private final Path logFile;
    private final Process process;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile int linePort = -1;
    private volatile int kafkaPort = -1;
    private volatile int httpPort = -1;

    private final Path appDir;

    private PackagedBroker(Path appDir, Path dataDir, Path logFile, List<String> extraProperties) throws IOException {
        this.appDir = appDir;
        this.dataDir = dataDir;
        this.logFile = logFile;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dkafka-clone.data-dir=" + dataDir.toAbsolutePath());
        command.add("-Dkafka-clone.line.port=0");
        command.add("-Dkafka-clone.line.host=127.0.0.1");
        command.add("-Dquarkus.http.port=0");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.addAll(extraProperties);
        // -Dit.broker.args="-Dkey=value ..." runs every IT against another configuration (another database, say)
        for (String arg : System.getProperty("it.broker.args", "").trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                command.add(arg);
            }
        }
        command.add("-jar");
        command.add(appDir.resolve("quarkus-run.jar").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
        // An environment variable, not -D: a system property the config mapping does not know fails the startup,
        // while an unknown environment variable is ignored, so this works before and after the Kafka listener exists.
        builder.environment().put("KAFKA_CLONE_KAFKA_PORT", "0");
        builder.environment().put("KAFKA_CLONE_KAFKA_HOST", "127.0.0.1");
        this.process = builder.start();
        OutputTail.follow(logFile, process, this::onLogLine,
                () -> started.completeExceptionally(new IllegalStateException("the process ended before it had started")));
    }

    /** Starts the packaged app on {@code dataDir} and waits until its listeners are bound. */
    public static PackagedBroker start(Path dataDir, String... extraProperties) {
        return start(quarkusAppDir(), dataDir, extraProperties);
    }

    /**
     * Starts the app built for PostgreSQL ({@code target/quarkus-app-postgresql}, see the pom's
     * postgresql-app execution); the database comes from {@code extraProperties}.
     */
    public static PackagedBroker startPostgresqlApp(Path dataDir, String... extraProperties) {
        return start(appDir(System.getProperty("quarkus.postgresql-app.dir", "target/quarkus-app-postgresql")), dataDir,
                extraProperties);
    }

    private static PackagedBroker start(Path appDir, Path dataDir, String... extraProperties) {
        try {
            Files.createDirectories(dataDir);
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            Path log = logs.resolve(dataDir.getFileName() + "-" + System.currentTimeMillis() + ".log");
            PackagedBroker broker = new PackagedBroker(appDir, dataDir, log, List.of(extraProperties));
            broker.awaitStarted();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh data directory under target/it-data for one test. */
    public static Path newDataDir(String name) {
        try {
            Path root = Files.createDirectories(Path.of("target", "it-data"));
            return Files.createTempDirectory(root, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path quarkusAppDir() {
        return appDir(System.getProperty("quarkus.app.dir", "target/quarkus-app"));
    }

    private static Path appDir(String path) {
        Path dir = Path.of(path);
        if (!Files.isRegularFile(dir.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("no packaged app at " + dir.toAbsolutePath() + ": run ./mvnw package first");
        }
        return dir;
    }

    private void awaitStarted() {
        try {
            started.get(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the packaged app did not start within " + START_DEADLINE + "\n" + tail());
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the packaged app failed to start: " + e.getMessage() + "\n" + tail(), e);
        }
        if (linePort < 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the packaged app started without logging its line-protocol port\n" + tail());
        }
    }

    private void onLogLine(String line) {
        remember(line);
        linePort = portIn(LINE_PORT, line, linePort);
        kafkaPort = portIn(KAFKA_PORT, line, kafkaPort);
        httpPort = portIn(HTTP_PORT, line, httpPort);
        if (STARTED.matcher(line).find()) {
            started.complete(null);
        }
    }

    private static int portIn(Pattern pattern, String line, int current) {
        Matcher m = pattern.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : current;
    }

    private synchronized void remember(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    /** The last lines the app logged, for failure messages. */
    public synchronized String tail() {
        return "---- last lines of " + logFile + "\n" + String.join("\n", tail);
    }

    /** Lines of the app's log at level ERROR (the console format puts the level after the time). */
    public List<String> errorLines() {
        try (var lines = Files.lines(logFile)) {
            return lines.filter(l -> ERROR_LINE.matcher(l).find()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int linePort() {
        return linePort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The Kafka listener's port, once the app has one. */
    public OptionalInt kafkaPort() {
        return kafkaPort < 0 ? OptionalInt.empty() : OptionalInt.of(kafkaPort);
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then waits for the exit; returns the exit code. Fails if it has not exited within the deadline. */
    public int stop(Duration deadline) throws InterruptedException {
        process.destroy();
        return awaitExit(deadline);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. Returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    private int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the packaged app did not exit within " + deadline + "\n" + tail());
        }
        return process.exitValue();
    }

    /** Starts the packaged app again on the same data directory (this one must have stopped). */
    public PackagedBroker restart(String... extraProperties) {
        if (process.isAlive()) {
            throw new IllegalStateException("still running: stop or kill it first");
        }
        return start(appDir, dataDir, extraProperties);
    }

    /** Kills a process a test left running; never leaves a JVM behind. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
