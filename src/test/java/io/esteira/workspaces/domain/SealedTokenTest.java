package io.esteira.workspaces.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.shared.crypto.SecretCipher;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SealedTokenTest {

    private final SealedToken sealed = new SealedToken(SecretCipher.withKey(key(1)));

    @Test
    void aTokenIsStoredSealedAndReadBackClear() {
        String stored = sealed.convertToDatabaseColumn("qPsc9-KUYo6XhI1357kBid7aCKx2zcTC");
        assertThat(stored).startsWith("v1:").doesNotContain("qPsc9").hasSizeLessThan(500);
        assertThat(sealed.convertToEntityAttribute(stored)).isEqualTo("qPsc9-KUYo6XhI1357kBid7aCKx2zcTC");
        assertThat(sealed.convertToDatabaseColumn("qPsc9-KUYo6XhI1357kBid7aCKx2zcTC")).as("a fresh nonce each time").isNotEqualTo(stored);
    }

    @Test
    void aClearTokenOfAnOlderPortalIsStillReadUntilItIsSealed() {
        assertThat(sealed.convertToEntityAttribute("clear-token")).isEqualTo("clear-token");
    }

    @Test
    void aTokenSealedWithAnotherKeyOpensNothingButLeavesTheWorkspaceReadable() {
        String stored = new SealedToken(SecretCipher.withKey(key(2))).convertToDatabaseColumn("the-token");
        assertThat(sealed.convertToEntityAttribute(stored)).isEqualTo(SealedToken.UNREADABLE);
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
