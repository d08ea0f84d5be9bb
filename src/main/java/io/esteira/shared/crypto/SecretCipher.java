package io.esteira.shared.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (data-source passwords, later other credentials) with AES-256-GCM.
 * The key comes from {@code ESTEIRA_SECRETS_KEY} (32 bytes, base64). The embedded default creates a
 * key file in the data directory on first start; the production profile refuses to start without
 * a configured key. Stored values look like {@code v1:<base64 nonce+ciphertext>}.
 */
@Component
public class SecretCipher {

    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    @Autowired
    SecretCipher(@Value("${esteira.secrets-key:}") String configuredKey, @Value("${esteira.data-dir}") Path dataDir,
            Environment environment) {
        this.key = new SecretKeySpec(keyBytes(configuredKey, dataDir, environment.acceptsProfiles(Profiles.of("production"))), "AES");
    }

    /** A cipher with a given key, for tests and tools. */
    public static SecretCipher withKey(byte[] key) {
        return new SecretCipher(key);
    }

    private SecretCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    public String encrypt(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a secret", e);
        }
    }

    /**
     * A key for another purpose derived from the secrets key (HMAC-SHA256 of the purpose), so that
     * one configured secret can key several things without any of them revealing it.
     */
    public byte[] derivedKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(("esteira:" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive a key", e);
        }
    }

    /** @throws IllegalStateException when the value was not sealed with this key or was altered */
    public String decrypt(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new IllegalStateException("Not an encrypted secret");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE_BYTES));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored secret cannot be decrypted: the key changed or the value was altered");
        }
    }

    private static byte[] keyBytes(String configured, Path dataDir, boolean production) {
        if (configured != null && !configured.isBlank()) {
            byte[] key = Base64.getDecoder().decode(configured.strip());
            if (key.length != 32) {
                throw new IllegalStateException("ESTEIRA_SECRETS_KEY must be 32 bytes, base64-encoded (e.g. openssl rand -base64 32)");
            }
            return key;
        }
        if (production) {
            throw new IllegalStateException("Set ESTEIRA_SECRETS_KEY (openssl rand -base64 32): secrets are encrypted at rest with it");
        }
        Path file = dataDir.resolve("keys/secrets.key");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            try { // readable by the portal's user only from the first byte on
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                // other file systems: the file is created by the write below
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            log.warn("Created a key for secrets at rest in {}; in production set ESTEIRA_SECRETS_KEY instead", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secrets key " + file, e);
        }
    }
}
