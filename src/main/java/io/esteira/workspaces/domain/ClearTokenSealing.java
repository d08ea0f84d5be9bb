package io.esteira.workspaces.domain;

import io.esteira.shared.crypto.SecretCipher;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * At start-up, seals the notebook tokens that portals before sealing stored in clear. Each row is
 * updated only if it still holds the clear value, so nodes starting together do not trip over each other.
 */
@Component
public class ClearTokenSealing {

    private static final Logger log = LoggerFactory.getLogger(ClearTokenSealing.class);

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;

    ClearTokenSealing(JdbcTemplate jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    @EventListener(ApplicationStartedEvent.class)
    public int sealClearTokens() {
        List<Map<String, Object>> clear = jdbc.queryForList(
                "select id, access_token from workspace where access_token not like '" + SealedToken.SEALED_PREFIX + "%'");
        int sealed = 0;
        for (Map<String, Object> row : clear) {
            String token = (String) row.get("access_token");
            sealed += jdbc.update("update workspace set access_token = ? where id = ? and access_token = ?",
                    cipher.encrypt(token), row.get("id"), token);
        }
        if (sealed > 0) {
            log.info("Sealed the notebook tokens of {} workspaces with the secrets key", sealed);
        }
        return sealed;
    }
}
