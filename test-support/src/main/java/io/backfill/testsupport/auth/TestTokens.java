package io.backfill.testsupport.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;

/**
 * A token issuer for tests, in plain JDK crypto: one RSA key pair per test JVM, its public key written as a
 * PEM file for the services' {@code mp.jwt.verify.publickey.location}, and RS256 JWTs signed with the private
 * key, carrying {@code iss}, {@code upn}, {@code sub}, {@code groups} (the roles), {@code iat} and {@code exp}:
 * what a production identity provider issues. Also builds HTTP Basic headers for the embedded users.
 */
public final class TestTokens {

    /** The issuer the services are told to trust in tests. */
    public static final String ISSUER = "https://issuer.backfill.test";

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private static volatile TestTokens shared;

    private final KeyPair keys;
    private final Path publicKeyPem;

    private TestTokens() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            publicKeyPem = Files.createTempFile("backfill-test-jwt-", ".pem");
            publicKeyPem.toFile().deleteOnExit();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(keys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(publicKeyPem, pem, StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test public key", e);
        }
    }

    /** The issuer of this test JVM. */
    public static TestTokens shared() {
        if (shared == null) {
            synchronized (TestTokens.class) {
                if (shared == null) {
                    shared = new TestTokens();
                }
            }
        }
        return shared;
    }

    /** The PEM file holding the public key, as a {@code file:} URL for {@code mp.jwt.verify.publickey.location}. */
    public String publicKeyLocation() {
        return publicKeyPem.toUri().toString();
    }

    /** A token for {@code user} with these roles, issued by {@link #ISSUER}, valid for an hour. */
    public String token(String user, String... roles) {
        return token(ISSUER, user, Instant.now().plus(Duration.ofHours(1)), roles);
    }

    /** A token with an issuer and an expiry of the caller's choosing (to prove wrong ones are refused). */
    public String token(String issuer, String user, Instant expiresAt, String... roles) {
        String groups = Arrays.stream(roles).map(TestTokens::quote).collect(Collectors.joining(",", "[", "]"));
        long now = Instant.now().getEpochSecond();
        String claims = "{\"iss\":" + quote(issuer) + ",\"upn\":" + quote(user) + ",\"sub\":" + quote(user)
                + ",\"groups\":" + groups + ",\"iat\":" + now + ",\"exp\":" + expiresAt.getEpochSecond() + "}";
        String signingInput = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + encode(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA is part of every JDK", e);
        }
    }

    /** {@code Authorization} header value for a bearer token of {@code user} with these roles. */
    public String bearer(String user, String... roles) {
        return "Bearer " + token(user, roles);
    }

    /** {@code Authorization} header value for HTTP Basic. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
