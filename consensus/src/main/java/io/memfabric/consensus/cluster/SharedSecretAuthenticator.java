/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.cluster;

import io.aeron.security.Authenticator;
import io.aeron.security.SessionProxy;
import org.agrona.collections.Long2ObjectHashMap;

import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Lets a client session in only if it proves the cluster's {@link SharedSecret}: every connecting session is sent a
 * fresh random challenge and must answer with its HMAC; any other answer, or none, and the session is rejected before
 * it can send a single message to the service. Runs on the consensus module's thread (one per member).
 */
final class SharedSecretAuthenticator implements Authenticator
{
    private static final int CHALLENGE_LENGTH = 32;
    // A session that never answers is dropped by the consensus module; forget its challenge after this long.
    private static final long FORGET_AFTER_MS = 60_000;

    private final SharedSecret secret;
    private final SecureRandom random = new SecureRandom();
    private final Long2ObjectHashMap<Pending> pending = new Long2ObjectHashMap<>();

    SharedSecretAuthenticator(final SharedSecret secret)
    {
        this.secret = secret;
    }

    public void onConnectRequest(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        pending.values().removeIf(p -> nowMs - p.sinceMs > FORGET_AFTER_MS);
        final byte[] challenge = new byte[CHALLENGE_LENGTH];
        random.nextBytes(challenge);
        pending.put(sessionId, new Pending(challenge, nowMs));
    }

    public void onConnectedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        final Pending session = pending.get(sessionProxy.sessionId());
        if (session == null)
        {
            sessionProxy.reject();
        }
        else if (!session.challenged)
        {
            // Sent on a later duty cycle if the egress is busy now.
            session.challenged = sessionProxy.challenge(session.challenge);
        }
    }

    public void onChallengeResponse(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        final Pending session = pending.get(sessionId);
        if (session != null)
        {
            session.verdict = MessageDigest.isEqual(secret.answer(session.challenge), encodedCredentials) ?
                Verdict.ACCEPT : Verdict.REJECT;
        }
    }

    public void onChallengedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        final Pending session = pending.get(sessionProxy.sessionId());
        if (session == null || session.verdict == Verdict.REJECT)
        {
            pending.remove(sessionProxy.sessionId());
            sessionProxy.reject();
        }
        else if (session.verdict == Verdict.ACCEPT && sessionProxy.authenticate(null))
        {
            pending.remove(sessionProxy.sessionId());
        }
    }

    private enum Verdict
    {
        NONE, ACCEPT, REJECT
    }

    private static final class Pending
    {
        final byte[] challenge;
        final long sinceMs;
        boolean challenged;
        Verdict verdict = Verdict.NONE;

        Pending(final byte[] challenge, final long sinceMs)
        {
            this.challenge = challenge;
            this.sinceMs = sinceMs;
        }
    }
}
