package io.esteira.shared.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    static final byte[] KEY = new byte[32];
    static final byte[] OTHER_KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
        Arrays.fill(OTHER_KEY, (byte) 9);
    }

    @Test
    void sealsAndOpensASecretWithAFreshNonceEachTime() {
        SecretCipher cipher = SecretCipher.withKey(KEY);
        String a = cipher.encrypt("s3cr3t-pässword");
        String b = cipher.encrypt("s3cr3t-pässword");
        assertThat(a).startsWith("v1:").doesNotContain("s3cr3t").isNotEqualTo(b);
        assertThat(cipher.decrypt(a)).isEqualTo("s3cr3t-pässword");
        assertThat(cipher.decrypt(b)).isEqualTo("s3cr3t-pässword");
    }

    @Test
    void anAlteredValueOrAnotherKeyIsRefused() {
        String sealed = SecretCipher.withKey(KEY).encrypt("secret");
        char[] chars = sealed.toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> SecretCipher.withKey(KEY).decrypt(new String(chars))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SecretCipher.withKey(OTHER_KEY).decrypt(sealed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key changed");
        assertThatThrownBy(() -> SecretCipher.withKey(KEY).decrypt("plain text")).isInstanceOf(IllegalStateException.class);
    }
}
