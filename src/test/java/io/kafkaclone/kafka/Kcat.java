package io.kafkaclone.kafka;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** The kcat command (librdkafka; installed by .ci/run) run as a child process for compatibility tests. */
final class Kcat {

    record Result(int exit, String out, String err) {
    }

    private Kcat() {
    }

    /** Skips the calling test class when kcat is not on the PATH. */
    static void assumeInstalled() {
        boolean present;
        try {
            Process p = new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start();
            present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "kcat is not installed");
    }

    /** Runs {@code command} (starting with "kcat") with {@code stdin}; fails after 60 s. */
    static Result run(List<String> command, String stdin) throws Exception {
        File out = File.createTempFile("kcat", ".out");
        File err = File.createTempFile("kcat", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kcat timed out: " + Files.readString(err.toPath()));
            }
            return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
