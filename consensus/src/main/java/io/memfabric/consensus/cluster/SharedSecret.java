/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import io.memfabric.FabricConfigurationException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The secret a cluster's members and clients share, and the proof of it: a client answers the member's random
 * challenge with HMAC-SHA256(secret, challenge), so the secret itself never crosses the network and an answer
 * overheard is worth nothing for the next challenge.
 */
public final class SharedSecret
{
    /**
     * The shortest secret accepted, in bytes.
     */
    public static final int MIN_LENGTH = 16;

    private final byte[] key;

    private SharedSecret(final byte[] key)
    {
        this.key = key;
    }

    /**
     * @param secret the secret as text (its UTF-8 bytes are the key; surrounding white space is dropped).
     * @param source where it came from, for messages.
     * @return the secret.
     * @throws IllegalArgumentException if it is shorter than {@link #MIN_LENGTH} bytes.
     */
    public static SharedSecret of(final String secret, final String source)
    {
        final byte[] key = secret.trim().getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_LENGTH)
        {
            throw new FabricConfigurationException("the secret from " + source + " is " + key.length + " bytes; give " +
                "at least " + MIN_LENGTH + " (e.g. head -c 32 /dev/urandom | base64)");
        }
        return new SharedSecret(key);
    }

    /**
     * @param file a file holding the secret as text.
     * @return the secret.
     * @throws IllegalArgumentException if the file cannot be read or holds too short a secret.
     */
    public static SharedSecret fromFile(final Path file)
    {
        try
        {
            return of(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        }
        catch (final IOException ex)
        {
            throw new FabricConfigurationException("cannot read the secret file " + file + ": " + ex);
        }
    }

    /**
     * @param challenge what a member sent.
     * @return the answer that proves the secret.
     */
    public byte[] answer(final byte[] challenge)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(challenge);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
        }
    }
}
