package io.kafkaclone.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The snapshot folder: one sub-folder per snapshot named by its id. A snapshot is written under a
 * hidden temporary name and renamed into place when complete, so listing never sees half a one.
 */
final class SnapshotStore {
    static final String MANIFEST = "manifest.json";
    private static final String TEMP_PREFIX = ".tmp-";
    /** Ids are plain folder names: no separators, no dots, so no path can escape the folder. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path root;
    private final ObjectMapper mapper;

    SnapshotStore(Path root, ObjectMapper mapper) {
        this.root = root;
        this.mapper = mapper;
    }

    Path root() {
        return root;
    }

    static String requireValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new SnapshotException(SnapshotException.Reason.INVALID_ID,
                    "a snapshot id is 1-100 characters of letters, digits, '_' and '-', starting with a letter or digit");
        }
        return id;
    }

    /** A new id from the clock, unique within this folder. */
    String newId(long now) {
        String base = ID_TIME.format(Instant.ofEpochMilli(now));
        String id = base;
        for (int i = 1; Files.exists(root.resolve(id)); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    Path temporaryFolder(String id) throws IOException {
        Files.createDirectories(root);
        Path tmp = root.resolve(TEMP_PREFIX + id);
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        return tmp;
    }

    /** Moves a complete snapshot into place in one rename. */
    Path publish(Path tmp, String id) throws IOException {
        Path target = root.resolve(id);
        try {
            return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the snapshot folder's file system cannot rename atomically: " + root, e);
        }
    }

    Path folder(String id) {
        Path dir = root.resolve(requireValidId(id));
        if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
            throw new SnapshotException(SnapshotException.Reason.UNKNOWN_SNAPSHOT, "no snapshot '" + id + "' in " + root);
        }
        return dir;
    }

    Manifest manifest(String id) {
        Path file = folder(id).resolve(MANIFEST);
        try {
            return mapper.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new SnapshotException(SnapshotException.Reason.CORRUPT_SNAPSHOT, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every complete snapshot, newest first. */
    List<Manifest> list() {
        List<Manifest> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (ID.matcher(name).matches() && Files.isRegularFile(d.resolve(MANIFEST))) {
                    try {
                        out.add(manifest(name));
                    } catch (SnapshotException e) {
                        // an unreadable snapshot is left alone and not listed
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparingLong(Manifest::createdAt).thenComparing(Manifest::id).reversed());
        return out;
    }

    /** Deletes all but the newest {@code keep} snapshots (0 keeps all); returns the ids deleted. */
    List<String> prune(int keep) throws IOException {
        List<String> deleted = new ArrayList<>();
        if (keep <= 0) {
            return deleted;
        }
        List<Manifest> all = list();
        for (Manifest m : all.subList(Math.min(keep, all.size()), all.size())) {
            deleteRecursively(root.resolve(m.id()));
            deleted.add(m.id());
        }
        return deleted;
    }

    /** Removes temporary folders a crash left behind. */
    void removeLeftovers() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, TEMP_PREFIX + "*")) {
            for (Path d : dirs) {
                deleteRecursively(d);
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
