package io.kafkaclone.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The packaged CLI jar ({@code java -jar kafka-clone-<version>-cli.jar ...}) as a child process, read line by line. */
final class CliProcess implements AutoCloseable {

    /** Marks the end of stdout in the line queue. */
    private static final String END = new String("<end of stdout>");

    private final Process process;
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final Path stderr;

    private CliProcess(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(cliJar().toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("HOST"); // the flags under test decide, not the environment of the build
        builder.environment().remove("PORT");
        Path dir = Files.createDirectories(Path.of("target", "it-logs"));
        Path stdout = Files.createTempFile(dir, "cli-", ".out");
        this.stderr = Files.createTempFile(dir, "cli-", ".err");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        this.process = builder.start();
        OutputTail.follow(stdout, process, stdoutLines::add, () -> stdoutLines.add(END));
    }

    static CliProcess start(String... args) {
        try {
            return new CliProcess(List.of(args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path cliJar() {
        Path jar = Path.of(System.getProperty("cli.jar", "target/kafka-clone-0.1.0-SNAPSHOT-cli.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no CLI jar at " + jar.toAbsolutePath() + ": run ./mvnw package first");
        }
        return jar;
    }

    /** Writes text to the CLI's stdin and closes it (end of input). */
    CliProcess stdin(String text) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The next stdout line; fails if none came within the deadline or stdout ended. */
    String nextLine(Duration deadline) throws InterruptedException {
        String line = stdoutLines.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no output line within " + deadline + "; stderr: " + stderr());
        }
        if (line == END) {
            stdoutLines.add(END);
            throw new AssertionError("stdout ended; exit " + (process.isAlive() ? "?" : process.exitValue())
                    + ", stderr: " + stderr());
        }
        return line;
    }

    /** Waits for the process to exit by itself; fails after the deadline. */
    int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the CLI did not exit within " + deadline + "; stderr: " + stderr());
        }
        return process.exitValue();
    }

    /** Every remaining stdout line, once the process has exited. */
    List<String> remainingLines(Duration deadline) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String line; (line = stdoutLines.poll(deadline.toMillis(), TimeUnit.MILLISECONDS)) != END; ) {
            if (line == null) {
                throw new AssertionError("stdout did not end within " + deadline + "; got " + lines);
            }
            lines.add(line);
        }
        stdoutLines.add(END);
        return lines;
    }

    /** What the CLI wrote to stderr so far. */
    String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as Ctrl-C would end a consumer (both run the shutdown hook); returns the exit code. */
    int interrupt(Duration deadline) throws InterruptedException {
        process.destroy();
        return awaitExit(deadline);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
