package io.kafkaclone.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Users-file lines for {@code --hash-user}: a user's SCRAM credential (RFC 5802) per mechanism,
 * in kafka-clients' {@code ScramCredentialUtils} text form, which the broker's user store reads.
 * Written on the JDK alone because the CLI jar carries no kafka-clients; a test checks the result
 * against kafka-clients' ScramFormatter. Hi() is PBKDF2 with the mechanism's HMAC and one block.
 */
final class ScramCredentialLines {
    /** Kafka's default and the minimum both SCRAM mechanisms accept. */
    static final int DEFAULT_ITERATIONS = 4096;

    private ScramCredentialLines() {
    }

    enum Mechanism {
        SCRAM_SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", 256),
        SCRAM_SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512", 512);

        final String name;
        final String hash;
        final String mac;
        final int bits;

        Mechanism(String name, String hash, String mac, int bits) {
            this.name = name;
            this.hash = hash;
            this.mac = mac;
            this.bits = bits;
        }
    }

    /** One line per mechanism: {@code <user> <mechanism> salt=…,stored_key=…,server_key=…,iterations=…}. */
    static String lines(String user, String password, int iterations) {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (Mechanism m : Mechanism.values()) {
            byte[] salt = new byte[32];
            random.nextBytes(salt);
            out.append(user).append(' ').append(m.name).append(' ').append(credential(m, password, salt, iterations)).append('\n');
        }
        return out.toString();
    }

    static String credential(Mechanism m, String password, byte[] salt, int iterations) {
        try {
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2With" + m.mac)
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, m.bits)).getEncoded();
            byte[] storedKey = MessageDigest.getInstance(m.hash).digest(hmac(m, salted, "Client Key"));
            byte[] serverKey = hmac(m, salted, "Server Key");
            Base64.Encoder b64 = Base64.getEncoder();
            return "salt=" + b64.encodeToString(salt) + ",stored_key=" + b64.encodeToString(storedKey)
                    + ",server_key=" + b64.encodeToString(serverKey) + ",iterations=" + iterations;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + m.mac, e);
        }
    }

    private static byte[] hmac(Mechanism m, byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(m.mac);
        mac.init(new SecretKeySpec(key, m.mac));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
