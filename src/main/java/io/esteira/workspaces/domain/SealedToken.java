package io.esteira.workspaces.domain;

import io.esteira.shared.crypto.SecretCipher;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.springframework.stereotype.Component;

/**
 * A workspace's notebook token as stored: sealed with the secrets key, so that a copy of the
 * database or a backup does not open anyone's notebook. A clear value written before tokens were
 * sealed is still read (and sealed at start-up by {@link ClearTokenSealing}).
 */
@Component
@Converter
public class SealedToken implements AttributeConverter<String, String> {

    static final String SEALED_PREFIX = "v1:";
    /** Stands for a token sealed with another key: no notebook server accepts it. */
    public static final String UNREADABLE = "[sealed with another key]";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SealedToken.class);

    private final SecretCipher cipher;

    public SealedToken(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public String convertToDatabaseColumn(String token) {
        return token == null ? null : cipher.encrypt(token);
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        if (stored == null || !stored.startsWith(SEALED_PREFIX)) {
            return stored;
        }
        try {
            return cipher.decrypt(stored);
        } catch (IllegalStateException wrongKey) {
            // the workspace stays listable and manageable; its notebook opens again after a start (a new token)
            log.warn("A workspace's notebook token cannot be unsealed ({}); start the workspace again for a new one", wrongKey.getMessage());
            return UNREADABLE;
        }
    }
}
