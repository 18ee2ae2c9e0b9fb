package io.kafkaclone.it;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stderrPump;

    private CliProcess(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(cliJar().toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("HOST"); // the flags under test decide, not the environment of the build
        builder.environment().remove("PORT");
        this.process = builder.start();
        Thread stdoutPump = new Thread(this::pumpStdout, "cli-stdout");
        stdoutPump.setDaemon(true);
        stdoutPump.start();
        stderrPump = new Thread(() -> copy(process.getErrorStream(), stderr), "cli-stderr");
        stderrPump.setDaemon(true);
        stderrPump.start();
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

    private void pumpStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                stdoutLines.add(line);
            }
        } catch (IOException ignored) {
            // the process went away; END below tells the reader
        } finally {
            stdoutLines.add(END);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream sink) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (sink) {
                    sink.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process went away
        }
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
        stderrPump.join(deadline.toMillis());
        return process.exitValue();
    }

    /** Every remaining stdout line, once the process has exited. */
    List<String> remainingLines() {
        List<String> lines = new ArrayList<>();
        stdoutLines.drainTo(lines);
        lines.remove(END);
        return lines;
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
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
