package io.kafkaclone.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Follows a child process's output through the file it is redirected to, line by line, until the process has
 * exited and every line is read.
 * <p>
 * Why a file and not {@link Process#getInputStream()}: when the child exits, the JDK closes that pipe under a reader
 * that is blocked on it ("Stream closed"), and the child's last lines (its shutdown log, a CLI's only output line)
 * can be lost. A file keeps everything.
 */
final class OutputTail {

    private static final long IDLE_WAIT_MILLIS = 5;

    private OutputTail() {
    }

    /** Starts a daemon thread that hands each complete line to {@code onLine}, then runs {@code onEnd}. */
    static void follow(Path file, Process process, Consumer<String> onLine, Runnable onEnd) {
        Thread tail = new Thread(() -> {
            try {
                readUntilExit(file, process, onLine);
            } finally {
                onEnd.run();
            }
        }, "output-tail-" + file.getFileName());
        tail.setDaemon(true);
        tail.start();
    }

    private static void readUntilExit(Path file, Process process, Consumer<String> onLine) {
        StringBuilder line = new StringBuilder();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            boolean exited = false;
            while (true) {
                int c = in.read();
                if (c == '\n') {
                    onLine.accept(line.toString());
                    line.setLength(0);
                } else if (c >= 0) {
                    line.append((char) c);
                } else if (exited) {
                    break; // end of file after the process was gone: nothing more will come
                } else {
                    exited = !process.isAlive(); // read once more after exit for what it wrote last
                    if (!exited) {
                        Thread.sleep(IDLE_WAIT_MILLIS); // a file has no blocking read: wait for the child to write
                    }
                }
            }
            if (!line.isEmpty()) {
                onLine.accept(line.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
