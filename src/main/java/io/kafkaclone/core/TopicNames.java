package io.kafkaclone.core;

/** Kafka's topic name rule, shared by every door (line, Kafka, console, CLI, snapshots). */
public final class TopicNames {
    public static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /** @return null when the name is legal, otherwise why it is not */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "topic name must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "topic name is longer than " + MAX_LENGTH + " characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "topic name cannot be '.' or '..'";
        }
        if (!legalCharacters(name)) {
            return "topic name '" + name + "' may contain only ASCII letters, digits, '.', '_' and '-'";
        }
        return null;
    }

    /** [A-Za-z0-9._-] only; a loop rather than a regular expression: it runs for every line-protocol publish. */
    private static boolean legalCharacters(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /** @throws BrokerException with {@link ErrorCode#INVALID_TOPIC} when the name breaks the rule */
    public static String require(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new BrokerException(ErrorCode.INVALID_TOPIC, problem);
        }
        return name;
    }
}
