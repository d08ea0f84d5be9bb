package io.esteira.audit;

import io.esteira.shared.crypto.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The key of the audit chain, kept outside the database: {@code ESTEIRA_AUDIT_KEY} (base64, 32 bytes or
 * more) or else derived from the secrets key ({@code ESTEIRA_SECRETS_KEY}). Someone who can write to
 * the database but does not hold the key cannot recompute a keyed row's hash after changing it.
 */
@Component
class AuditChainKey {

    private final byte[] key;
    private final String source;
    private final Long pinnedKeyedFrom;

    AuditChainKey(@Value("${esteira.audit.chain-key:}") String configured, SecretCipher secrets,
            @Value("${esteira.audit.keyed-from:}") String pinnedKeyedFrom) {
        if (configured != null && !configured.isBlank()) {
            this.key = Base64.getDecoder().decode(configured.strip());
            if (key.length < 32) {
                throw new IllegalStateException("ESTEIRA_AUDIT_KEY must be at least 32 bytes, base64-encoded (openssl rand -base64 32)");
            }
            this.source = "ESTEIRA_AUDIT_KEY";
        } else {
            this.key = secrets.derivedKey("audit-chain-v1");
            this.source = "derived from ESTEIRA_SECRETS_KEY";
        }
        this.pinnedKeyedFrom = pinnedKeyedFrom == null || pinnedKeyedFrom.isBlank() ? null : Long.valueOf(pinnedKeyedFrom.strip());
    }

    /** HMAC-SHA256 of a row's content and its predecessor's hash, hex. */
    String hash(String previousHash, String canonicalContent) {
        return hmac(previousHash + "\n" + canonicalContent);
    }

    /** The seal of the boundary where keyed hashing starts. */
    String seal(long keyedFrom) {
        return hmac("keyed-from:" + keyedFrom);
    }

    /** Where the chain key comes from, for the verification report. */
    String source() {
        return source;
    }

    /** The boundary an operator pinned in the configuration ({@code ESTEIRA_AUDIT_KEYED_FROM}), or null. */
    Long pinnedKeyedFrom() {
        return pinnedKeyedFrom;
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot compute the audit chain's HMAC", e);
        }
    }
}
