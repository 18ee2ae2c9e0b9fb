package io.kafkaclone.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The instructions of a single-stage Dockerfile that a test can check without a Docker engine:
 * COPY sources and targets, ENV, WORKDIR, VOLUME, EXPOSE, HEALTHCHECK and the exec-form command.
 */
record Dockerfile(List<Copy> copies, Map<String, String> env, String workdir, List<String> volumes, List<Integer> exposed,
        String healthcheckShellCommand, List<String> command) {

    record Copy(List<String> sources, String target) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static Dockerfile parse(Path file) throws IOException {
        List<Copy> copies = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        String workdir = "/";
        List<String> volumes = new ArrayList<>();
        List<Integer> exposed = new ArrayList<>();
        String healthcheck = null;
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        for (String line : logicalLines(Files.readAllLines(file))) {
            String[] parts = line.split("\\s+", 2);
            String instruction = parts[0].toUpperCase();
            String args = parts.length > 1 ? parts[1].trim() : "";
            switch (instruction) {
                case "COPY" -> {
                    List<String> words = new ArrayList<>(words(args).stream().filter(w -> !w.startsWith("--")).toList());
                    String target = words.remove(words.size() - 1);
                    copies.add(new Copy(words, absolute(workdir, target)));
                }
                case "ENV" -> env.putAll(assignments(args));
                case "WORKDIR" -> workdir = absolute(workdir, args);
                case "VOLUME" -> volumes.addAll(args.startsWith("[") ? jsonArray(args) : words(args));
                case "EXPOSE" -> words(args).forEach(p -> exposed.add(Integer.parseInt(p.replace("/tcp", ""))));
                case "HEALTHCHECK" -> {
                    int at = args.indexOf("CMD ");
                    healthcheck = at < 0 ? null : args.substring(at + 4).trim();
                }
                case "ENTRYPOINT" -> entrypoint = jsonArray(args);
                case "CMD" -> cmd = jsonArray(args);
                default -> {
                    // FROM, RUN, USER, LABEL, ARG: nothing to check without an engine
                }
            }
        }
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(cmd);
        return new Dockerfile(copies, env, workdir, volumes, exposed, healthcheck, command);
    }

    /** Joins backslash-continued lines and drops comments and blank lines. */
    private static List<String> logicalLines(List<String> physical) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : physical) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                current.append(line);
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return out;
    }

    private static String absolute(String workdir, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        return (workdir.endsWith("/") ? workdir : workdir + "/") + path;
    }

    private static List<String> jsonArray(String args) throws IOException {
        if (!args.startsWith("[")) {
            throw new IllegalArgumentException("only the exec (JSON) form is supported here: " + args);
        }
        return JSON.readValue(args, new TypeReference<List<String>>() {
        });
    }

    /** Splits on blanks, keeping double-quoted text (quotes removed) together. */
    private static List<String> words(String args) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char ch : args.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(ch) && !quoted) {
                if (any) {
                    out.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(ch);
                any = true;
            }
        }
        if (any) {
            out.add(word.toString());
        }
        return out;
    }

    /** {@code ENV K=V K2="v w"} or the legacy {@code ENV K v w}. */
    private static Map<String, String> assignments(String args) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> words = words(args);
        if (!words.isEmpty() && !words.get(0).contains("=")) {
            String[] kv = args.split("\\s+", 2);
            out.put(kv[0], kv.length > 1 ? kv[1] : "");
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            out.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return out;
    }
}
