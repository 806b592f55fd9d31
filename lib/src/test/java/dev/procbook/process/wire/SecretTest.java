package dev.procbook.process.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void signMatchesJavaxCryptoHmacSha256ForShortAndLongKeys() throws Exception {
        for (int keyLength : new int[] {16, 32, 64, 65, 100}) {
            byte[] key = Secret.randomBytes(keyLength);
            byte[] challenge = Secret.randomBytes(32);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((byte) 'C');
            assertArrayEquals(mac.doFinal(challenge), Secret.fromBytes(key).sign((byte) 'C', challenge),
                    "keyLength=" + keyLength);
        }
    }

    @Test
    void verifyRejectsAnotherKeyAndAnotherRole() {
        Secret a = Secret.fromBytes(Secret.randomBytes(32));
        Secret b = Secret.fromBytes(Secret.randomBytes(32));
        byte[] challenge = Secret.randomBytes(32);
        byte[] signed = a.sign((byte) 'S', challenge);
        assertTrue(a.verify((byte) 'S', challenge, signed));
        assertFalse(b.verify((byte) 'S', challenge, signed));
        assertFalse(a.verify((byte) 'C', challenge, signed));
    }
}
