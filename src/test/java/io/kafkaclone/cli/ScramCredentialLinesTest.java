package io.kafkaclone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;

import io.kafkaclone.security.UserStore;

/** The CLI's JDK-only SCRAM credentials are exactly kafka-clients' ones, and the broker's store reads them. */
class ScramCredentialLinesTest {

    @Test
    void sameKeysAsKafkaClientsScramFormatter() throws Exception {
        byte[] salt = new byte[32];
        Arrays.fill(salt, (byte) 7);
        for (ScramCredentialLines.Mechanism m : ScramCredentialLines.Mechanism.values()) {
            ScramFormatter kafka = new ScramFormatter(ScramMechanism.forMechanismName(m.name));
            byte[] salted = kafka.saltedPassword("pässword", salt, 4096);
            ScramCredential expected = new ScramCredential(salt, kafka.storedKey(kafka.clientKey(salted)), kafka.serverKey(salted), 4096);
            String ours = ScramCredentialLines.credential(m, "pässword", salt, 4096);
            assertThat(ours).as(m.name).isEqualTo(ScramCredentialUtils.credentialToString(expected));
        }
    }

    @Test
    void printedLinesLoadIntoTheUserStoreAndCheckThePassword() {
        String lines = ScramCredentialLines.lines("carol", "c-pass", 4096);
        assertThat(lines).doesNotContain("c-pass").contains("carol SCRAM-SHA-256 ").contains("carol SCRAM-SHA-512 ");
        UserStore store = UserStore.parse(lines.lines().toList(), "test");
        assertThat(store.authenticate("carol", "c-pass")).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("carol"));
        assertThat(store.authenticate("carol", "wrong")).isEmpty();
        assertThat(store.scramCredential("carol", "SCRAM-SHA-512")).isPresent();
        // two runs never share a salt
        String again = ScramCredentialLines.lines("carol", "c-pass", 4096);
        assertThat(salt(again)).isNotEqualTo(salt(lines));
    }

    private static byte[] salt(String lines) {
        String cred = lines.lines().findFirst().orElseThrow().split(" ")[2];
        return Base64.getDecoder().decode(cred.substring("salt=".length(), cred.indexOf(',')));
    }
}
