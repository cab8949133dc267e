/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.consensus.codec.ErrorCode;
import io.memfabric.consensus.codec.ErrorDecoder;
import io.memfabric.consensus.codec.LockAcquireEncoder;
import io.memfabric.consensus.codec.LockGrantedDecoder;
import io.memfabric.consensus.codec.LockReleaseEncoder;
import io.memfabric.consensus.codec.LockReleasedDecoder;
import io.memfabric.consensus.codec.ObjectReadEncoder;
import io.memfabric.consensus.codec.RootDecoder;
import io.memfabric.consensus.codec.RootGetOrCreateEncoder;
import io.memfabric.consensus.codec.TemplateId;
import io.memfabric.consensus.codec.ValueDecoder;
import io.memfabric.consensus.codec.WriteAckDecoder;
import io.memfabric.consensus.codec.WriteBatchEncoder;
import io.memfabric.consensus.codec.ValueTag;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Typed operations over a {@link ConsensusClient}: locks with fencing tokens, roots, and STRONG object slots. Safe
 * to call from any thread; every call returns a future that completes with the result, fails with a
 * {@link ConsensusException} when the cluster refuses, or with a {@link ConsensusTimeoutException} after the
 * client's bound.
 */
public final class FabricConsensus
{
    private final ConsensusClient client;

    /**
     * @param client the connection to the cluster.
     */
    public FabricConsensus(final ConsensusClient client)
    {
        this.client = client;
    }

    /**
     * @return the client underneath.
     */
    public ConsensusClient client()
    {
        return client;
    }

    /**
     * Acquires a fabric-wide reentrant lock.
     *
     * @param lockId  the lock.
     * @param ownerId the owner within this client, e.g. a thread id.
     * @param waitMs  0 to try once, -1 to wait as long as it takes, or a bound in milliseconds.
     * @return the grant, or a grant with {@code granted() == false} if the wait ran out.
     */
    public CompletableFuture<LockGrant> lock(final long lockId, final long ownerId, final long waitMs)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final LockAcquireEncoder encoder = new LockAcquireEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).lockId(lockId).ownerId(ownerId).waitMs(waitMs);
        final long timeoutMs = waitMs < 0 ? Long.MAX_VALUE / 4 : waitMs + 10_000;
        return client.send(requestId, "LOCK_ACQUIRE lock " + lockId, buffer, 0, encoder.encodedLength(), timeoutMs)
            .thenApply(reply -> decode(reply, TemplateId.LOCK_GRANTED, b ->
            {
                final LockGrantedDecoder granted = new LockGrantedDecoder();
                granted.wrap(b, 0, b.capacity());
                return new LockGrant(true, granted.lockId(), granted.fencingToken(), granted.holdCount());
            }, TemplateId.LOCK_TIMEOUT, b -> new LockGrant(false, lockId, 0, 0)));
    }

    /**
     * Releases one hold of a lock.
     *
     * @param lockId  the lock.
     * @param ownerId the owner that holds it.
     * @return the holds the owner still has.
     */
    public CompletableFuture<Integer> unlock(final long lockId, final long ownerId)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final LockReleaseEncoder encoder = new LockReleaseEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).lockId(lockId).ownerId(ownerId);
        return client.send(requestId, "LOCK_RELEASE lock " + lockId, buffer, 0, encoder.encodedLength())
            .thenApply(reply -> decode(reply, TemplateId.LOCK_RELEASED, b ->
            {
                final LockReleasedDecoder released = new LockReleasedDecoder();
                released.wrap(b, 0, b.capacity());
                return released.holdCount();
            }, -1, null));
    }

    /**
     * Gets or creates the object behind a root name.
     *
     * @param uri the root's name.
     * @return its object id.
     */
    public CompletableFuture<Long> root(final String uri)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final RootGetOrCreateEncoder encoder = new RootGetOrCreateEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).uri(uri);
        return client.send(requestId, "ROOT_GET_OR_CREATE " + uri, buffer, 0, encoder.encodedLength())
            .thenApply(reply -> decode(reply, TemplateId.ROOT, b ->
            {
                final RootDecoder root = new RootDecoder();
                root.wrap(b, 0, b.capacity());
                return root.objectId();
            }, -1, null));
    }

    /**
     * Writes a 64-bit value into a slot, fenced by a lock grant (or unfenced with token 0).
     *
     * @param lockId       the lock whose grant fences the write, or 0.
     * @param fencingToken the grant's token, or 0.
     * @param objectId     the object.
     * @param slot         the slot.
     * @param value        the value's bits.
     * @return the object's version after the write.
     */
    public CompletableFuture<Long> writeLong(
        final long lockId, final long fencingToken, final long objectId, final int slot, final long value)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final WriteBatchEncoder encoder = new WriteBatchEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).lockId(lockId).fencingToken(fencingToken)
            .addLong(objectId, slot, value);
        return client.send(requestId, "WRITE object " + objectId, buffer, 0, encoder.encodedLength())
            .thenApply(reply -> decode(reply, TemplateId.WRITE_ACK, b ->
            {
                final WriteAckDecoder ack = new WriteAckDecoder();
                ack.wrap(b, 0, b.capacity());
                return ack.version();
            }, -1, null));
    }

    /**
     * Reads a 64-bit slot.
     *
     * @param objectId the object.
     * @param slot     the slot.
     * @return the value's bits (0 when the slot was never written).
     */
    public CompletableFuture<Long> readLong(final long objectId, final int slot)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final ObjectReadEncoder encoder = new ObjectReadEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).objectId(objectId).slot(slot).leaseMs(0);
        return client.send(requestId, "READ object " + objectId, buffer, 0, encoder.encodedLength())
            .thenApply(reply -> decode(reply, TemplateId.VALUE, b ->
            {
                final io.memfabric.consensus.codec.ValueDecoder value = readValue(b);
                return value.tag() == ValueTag.LONG ? value.longValue() : 0L;
            }, -1, null));
    }

    private static ValueDecoder readValue(final DirectBuffer buffer)
    {
        final io.memfabric.consensus.codec.ValueMessageDecoder message =
            new io.memfabric.consensus.codec.ValueMessageDecoder();
        message.wrap(buffer, 0, buffer.capacity());
        return message.value();
    }

    private static <T> T decode(
        final ConsensusClient.Reply reply,
        final int expected,
        final Function<DirectBuffer, T> onExpected,
        final int alternative,
        final Function<DirectBuffer, T> onAlternative)
    {
        final int templateId = reply.templateId();
        if (templateId == expected)
        {
            return onExpected.apply(reply.buffer());
        }
        if (templateId == alternative && onAlternative != null)
        {
            return onAlternative.apply(reply.buffer());
        }
        if (templateId == TemplateId.ERROR)
        {
            final ErrorDecoder error = new ErrorDecoder();
            error.wrap(reply.buffer(), 0, reply.buffer().capacity());
            throw new ConsensusException(ErrorCode.get(error.code()), error.message());
        }
        throw new IllegalStateException("unexpected reply template " + templateId + " (expected " + expected + ")");
    }

    /**
     * The outcome of a lock request.
     *
     * @param granted      whether the lock is held now (false: the wait ran out).
     * @param lockId       the lock.
     * @param fencingToken the grant's token: higher than every earlier grant of this lock.
     * @param holdCount    the owner's holds, with reentrancy.
     */
    public record LockGrant(boolean granted, long lockId, long fencingToken, int holdCount)
    {
    }
}
