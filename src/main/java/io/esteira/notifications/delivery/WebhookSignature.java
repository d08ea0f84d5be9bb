package io.esteira.notifications.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code X-Esteira-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>}
 * with the shared secret. The body carries its {@code sentAt} and the notification's {@code id}, so a
 * receiver can refuse replays and duplicates as well as forgeries.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Esteira-Signature";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** What a receiver does: compares in constant time. */
    public static boolean verify(String secret, byte[] body, String header) {
        return header != null && java.security.MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                header.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
