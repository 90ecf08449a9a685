package io.backfill.testsupport.quarkus;

import io.backfill.testsupport.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource that makes an application trust this test JVM's token issuer ({@link TestTokens}):
 * its public key and issuer, as production configures its identity provider's.
 */
public final class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey.location",
                TestTokens.shared().publicKeyLocation(),
                "mp.jwt.verify.issuer",
                TestTokens.ISSUER);
    }

    @Override
    public void stop() {
        // The key file is deleted when the JVM exits.
    }
}
