package io.kafkaclone.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * The one user store behind every door. It holds SCRAM credentials only (salt, iterations, stored
 * key, server key per mechanism), never a password: SCRAM clients prove knowledge of the password
 * against them, and clear-text passwords (SASL/PLAIN, the line {@code auth} op, HTTP basic) are
 * checked by re-deriving the stored key with the user's salt, as RFC 5802 defines it.
 */
public final class UserStore {
    /** user -> mechanism -> credential; immutable after loading. */
    private final Map<String, Map<ScramMechanism, ScramCredential>> users;
    /**
     * Passwords already verified, as SHA-256(salt ‖ password): re-deriving costs thousands of HMACs,
     * and HTTP basic sends the password with every request. Only a fast digest is kept, never the password.
     */
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    private UserStore(Map<String, Map<ScramMechanism, ScramCredential>> users) {
        this.users = users;
    }

    /** Thrown for a users file that cannot be read or has a bad line (the broker refuses to start). */
    public static final class InvalidUsersFile extends RuntimeException {
        InvalidUsersFile(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static UserStore load(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new InvalidUsersFile("cannot read users file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses users-file lines: {@code <user> <mechanism> <credential>}; blank lines and {@code #} comments are skipped. */
    public static UserStore parse(List<String> lines, String source) {
        Map<String, Map<ScramMechanism, ScramCredential>> users = new LinkedHashMap<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = source + " line " + number;
            if (parts.length != 3) {
                throw new InvalidUsersFile(where + ": expected '<user> <SCRAM-SHA-256|SCRAM-SHA-512> salt=…,stored_key=…,server_key=…,iterations=…'", null);
            }
            if (parts[0].equals(Principal.ANONYMOUS.name())) {
                throw new InvalidUsersFile(where + ": '" + parts[0] + "' is reserved for unauthenticated clients", null);
            }
            ScramMechanism mechanism = ScramMechanism.forMechanismName(parts[1]);
            if (mechanism == null) {
                throw new InvalidUsersFile(where + ": unknown mechanism '" + parts[1] + "' (SCRAM-SHA-256 or SCRAM-SHA-512)", null);
            }
            ScramCredential credential;
            try {
                credential = ScramCredentialUtils.credentialFromString(parts[2]);
            } catch (RuntimeException e) {
                // the message may quote the line; it holds no password, but say nothing more than needed
                throw new InvalidUsersFile(where + ": malformed credential for user '" + parts[0] + "'", e);
            }
            if (credential.iterations() < mechanism.minIterations()) {
                throw new InvalidUsersFile(where + ": " + credential.iterations() + " iterations; " + mechanism.mechanismName()
                        + " needs at least " + mechanism.minIterations(), null);
            }
            users.computeIfAbsent(parts[0], u -> new LinkedHashMap<>()).put(mechanism, credential);
        }
        users.replaceAll((u, m) -> Collections.unmodifiableMap(m));
        return new UserStore(Collections.unmodifiableMap(users));
    }

    public int userCount() {
        return users.size();
    }

    /** The SCRAM credential of a user for a mechanism (e.g. "SCRAM-SHA-256"), for a SCRAM server. */
    public Optional<ScramCredential> scramCredential(String user, String mechanism) {
        ScramMechanism m = ScramMechanism.forMechanismName(mechanism);
        Map<ScramMechanism, ScramCredential> credentials = user == null ? null : users.get(user);
        return m == null || credentials == null ? Optional.empty() : Optional.ofNullable(credentials.get(m));
    }

    /** Checks a clear-text password; the principal when it matches, empty for an unknown user or a wrong password. */
    public Optional<Principal> authenticate(String user, String password) {
        if (user == null || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        Map<ScramMechanism, ScramCredential> credentials = users.get(user);
        if (credentials == null || credentials.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<ScramMechanism, ScramCredential> first = credentials.entrySet().iterator().next();
        ScramCredential credential = first.getValue();
        byte[] digest = quickDigest(credential.salt(), password);
        byte[] known = verified.get(user);
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return Optional.of(new Principal(user));
        }
        if (!matches(first.getKey(), credential, password)) {
            return Optional.empty();
        }
        verified.put(user, digest);
        return Optional.of(new Principal(user));
    }

    private static boolean matches(ScramMechanism mechanism, ScramCredential credential, String password) {
        try {
            ScramFormatter formatter = new ScramFormatter(mechanism);
            byte[] salted = formatter.saltedPassword(password, credential.salt(), credential.iterations());
            byte[] storedKey = formatter.storedKey(formatter.clientKey(salted));
            return MessageDigest.isEqual(storedKey, credential.storedKey());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("SCRAM hash unavailable for " + mechanism, e);
        }
    }

    private static byte[] quickDigest(byte[] salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
