package io.kafkaclone.testing;

import java.util.HashMap;
import java.util.Map;

/** {@link RetentionTestProfile} on a fresh PostgreSQL database ({@link PostgresTestProfile}). */
public class RetentionOnPostgresProfile extends PostgresTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = new HashMap<>(super.getConfigOverrides());
        m.putAll(new RetentionTestProfile().getConfigOverrides());
        return m;
    }
}
