/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.client;

import io.memfabric.consensus.codec.AllocateIdsEncoder;
import io.memfabric.consensus.codec.CasEncoder;
import io.memfabric.consensus.codec.CasResultDecoder;
import io.memfabric.consensus.codec.ConnectedDecoder;
import io.memfabric.consensus.codec.ErrorCode;
import io.memfabric.consensus.codec.IdRangeDecoder;
import io.memfabric.consensus.codec.InvalidateAckEncoder;
import io.memfabric.consensus.codec.InvalidateDecoder;
import io.memfabric.consensus.codec.MembershipDecoder;
import io.memfabric.consensus.codec.NodeRegisterEncoder;
import io.memfabric.consensus.codec.NodeRegisteredDecoder;
import io.memfabric.consensus.codec.ObjectReadAllEncoder;
import io.memfabric.consensus.codec.ObjectGraphDecoder;
import io.memfabric.consensus.codec.ObjectValuesDecoder;
import io.memfabric.consensus.codec.ReadGraphEncoder;
import io.memfabric.consensus.codec.ErrorDecoder;
import io.memfabric.consensus.codec.LockAcquireEncoder;
import io.memfabric.consensus.codec.LockGrantedDecoder;
import io.memfabric.consensus.codec.LockNotifiedDecoder;
import io.memfabric.consensus.codec.LockNotifyEncoder;
import io.memfabric.consensus.codec.LockWaitEncoder;
import io.memfabric.consensus.codec.LockReleaseEncoder;
import io.memfabric.consensus.codec.LockReleasedDecoder;
import io.memfabric.consensus.codec.ObjectReadEncoder;
import io.memfabric.consensus.codec.RootDecoder;
import io.memfabric.consensus.codec.RootGetOrCreateEncoder;
import io.memfabric.consensus.codec.TemplateId;
import io.memfabric.consensus.codec.ValueMessageDecoder;
import io.memfabric.consensus.codec.WriteAckDecoder;
import io.memfabric.consensus.codec.WriteBatchEncoder;
import io.memfabric.consensus.codec.ValueTag;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Typed operations over a {@link ConsensusClient}: locks with fencing tokens, roots, STRONG object slots with read
 * leases, id allocation and node membership. Safe
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
     * Waits on a held lock's condition (Java's {@code wait}): releases the lock whole and completes when a
     * {@link #notify} (or the timeout) moved this owner to the lock's queue and the lock came back to it, with the
     * hold count it had. Unbounded: the caller watches that the cluster still answers.
     *
     * @param lockId  the lock, held by {@code ownerId}.
     * @param ownerId the owner.
     * @param waitMs  0 to wait for a notify, else at most this long before queueing for the lock anyway.
     * @return the grant that gives the lock back.
     */
    public CompletableFuture<LockGrant> await(final long lockId, final long ownerId, final long waitMs)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final LockWaitEncoder encoder = new LockWaitEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).lockId(lockId).ownerId(ownerId).waitMs(waitMs);
        return client.send(requestId, "LOCK_WAIT lock " + lockId, buffer, 0, encoder.encodedLength(),
            Long.MAX_VALUE / 4)
            .thenApply(reply -> decode(reply, TemplateId.LOCK_GRANTED, b ->
            {
                final LockGrantedDecoder granted = new LockGrantedDecoder();
                granted.wrap(b, 0, b.capacity());
                return new LockGrant(true, granted.lockId(), granted.fencingToken(), granted.holdCount());
            }, -1, null));
    }

    /**
     * Moves waiters of a lock's condition to its queue (Java's {@code notify}/{@code notifyAll}), or cancels the
     * caller's own wait.
     *
     * @param lockId  the lock.
     * @param ownerId the holder notifying, or the waiter cancelling.
     * @param mode    {@link LockNotifyEncoder#MODE_ONE}, {@link LockNotifyEncoder#MODE_ALL} or
     *                {@link LockNotifyEncoder#MODE_CANCEL}.
     * @return how many waiters were moved.
     */
    public CompletableFuture<Integer> notify(final long lockId, final long ownerId, final int mode)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final LockNotifyEncoder encoder = new LockNotifyEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).lockId(lockId).ownerId(ownerId).mode(mode);
        return client.send(requestId, "LOCK_NOTIFY lock " + lockId, buffer, 0, encoder.encodedLength())
            .thenApply(reply -> decode(reply, TemplateId.LOCK_NOTIFIED, b ->
            {
                final LockNotifiedDecoder notified = new LockNotifiedDecoder();
                notified.wrap(b, 0, b.capacity());
                return notified.moved();
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
        return write(lockId, fencingToken, List.of(new Entry(objectId, slot, SlotValue.ofLong(value))));
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
                final ValueMessageDecoder message = new ValueMessageDecoder();
                message.wrap(b, 0, b.capacity());
                return message.value().tag() == ValueTag.LONG ? message.value().longValue() : 0L;
            }, -1, null));
    }

    /**
     * Allocates ids for new objects.
     *
     * @param count how many.
     * @return the first id of a range of {@code count} ids no one else gets.
     */
    public CompletableFuture<Long> allocateIds(final int count)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final AllocateIdsEncoder encoder = new AllocateIdsEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).count(count);
        return client.send(requestId, "ALLOCATE_IDS " + count, buffer, 0, encoder.encodedLength())
            .thenApply(reply -> decode(reply, TemplateId.ID_RANGE, b ->
            {
                final IdRangeDecoder range = new IdRangeDecoder();
                range.wrap(b, 0, b.capacity());
                return range.firstId();
            }, -1, null));
    }

    /**
     * Writes several slots of several objects atomically (one log entry), fenced by a lock grant or unfenced.
     *
     * @param lockId       the lock whose grant fences the write, or 0.
     * @param fencingToken the grant's token, or 0.
     * @param entries      what to write.
     * @return the version after the write.
     */
    public CompletableFuture<Long> write(final long lockId, final long fencingToken, final List<Entry> entries)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final WriteBatchEncoder encoder = new WriteBatchEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).lockId(lockId).fencingToken(fencingToken);
        for (final Entry entry : entries)
        {
            final SlotValue value = entry.value();
            switch (value.tag())
            {
                case ValueTag.LONG:
                    encoder.addLong(entry.objectId(), entry.slot(), value.bits());
                    break;
                case ValueTag.REF:
                    encoder.addRef(entry.objectId(), entry.slot(), value.bits());
                    break;
                case ValueTag.BYTES:
                    encoder.addBytes(entry.objectId(), entry.slot(), new UnsafeBuffer(value.bytes()), 0,
                        value.bytes().length);
                    break;
                default:
                    encoder.addNull(entry.objectId(), entry.slot());
                    break;
            }
        }
        return client.send(requestId, "WRITE_BATCH of " + entries.size(), buffer, 0, encoder.encodedLength())
            .thenApply(reply -> decode(reply, TemplateId.WRITE_ACK, b ->
            {
                final WriteAckDecoder ack = new WriteAckDecoder();
                ack.wrap(b, 0, b.capacity());
                return ack.version();
            }, -1, null));
    }

    /**
     * Reads every slot of an object, optionally taking a read lease: until it expires, or an {@code INVALIDATE}
     * push arrives, the caller may serve reads from its copy; it must answer the push with {@link #invalidateAck}.
     *
     * @param objectId the object.
     * @param leaseMs  0 for no lease, else the lease wanted (the cluster caps it).
     * @return the object's state.
     */
    public CompletableFuture<ObjectState> readAll(final long objectId, final long leaseMs)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final ObjectReadAllEncoder encoder = new ObjectReadAllEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).objectId(objectId).leaseMs(leaseMs);
        return client.send(requestId, "READ_ALL object " + objectId, buffer, 0, encoder.encodedLength())
            .thenApply(reply -> decode(reply, TemplateId.OBJECT_VALUES, b ->
            {
                final ObjectValuesDecoder values = new ObjectValuesDecoder();
                values.wrap(b, 0, b.capacity());
                final List<SlotValue> slots = new ArrayList<>(values.slotCount());
                values.rewind();
                while (values.nextSlot())
                {
                    slots.add(SlotValue.of(values.value()));
                }
                return new ObjectState(values.objectId(), values.version(), values.readLeaseExpiresAtMs(),
                    List.copyOf(slots));
            }, -1, null));
    }

    /**
     * Reads the objects reachable from {@code startIds} through references, breadth first, in one round trip: the
     * first start object always, the others and what they reach while the answer stays within {@code maxBytes}.
     * Each object answered comes with a read lease as from {@link #readAll}.
     *
     * @param startIds the objects to start from, at least one.
     * @param leaseMs  0 for no leases, else the lease wanted on each object (the cluster caps it).
     * @param maxBytes how large the answer may grow (the cluster caps it too).
     * @return the objects answered, start objects first.
     */
    public CompletableFuture<List<ObjectState>> readGraph(
        final List<Long> startIds, final long leaseMs, final int maxBytes)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 + 8 * startIds.size());
        final ReadGraphEncoder encoder = new ReadGraphEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).leaseMs(leaseMs).maxBytes(maxBytes);
        for (final long id : startIds)
        {
            encoder.addStart(id);
        }
        return client.send(requestId, "READ_GRAPH from object " + startIds.get(0) +
            (startIds.size() > 1 ? " and " + (startIds.size() - 1) + " more" : ""), buffer, 0,
            encoder.encodedLength())
            .thenApply(reply -> decode(reply, TemplateId.OBJECT_GRAPH, b ->
            {
                final ObjectGraphDecoder graph = new ObjectGraphDecoder();
                if (!graph.wrap(b, 0, b.capacity()))
                {
                    throw new IllegalStateException("malformed OBJECT_GRAPH answer to request " + requestId);
                }
                final List<ObjectState> states = new ArrayList<>(graph.objectCount());
                while (graph.nextObject())
                {
                    final List<SlotValue> slots = new ArrayList<>(graph.slotCount());
                    while (graph.nextSlot())
                    {
                        slots.add(SlotValue.of(graph.value()));
                    }
                    states.add(new ObjectState(graph.objectId(), graph.version(), graph.readLeaseExpiresAtMs(),
                        List.copyOf(slots)));
                }
                return states;
            }, -1, null));
    }

    /**
     * Compare-and-set of one slot.
     *
     * @param lockId       the lock whose grant fences the write, or 0.
     * @param fencingToken the grant's token, or 0.
     * @param objectId     the object.
     * @param slot         the slot.
     * @param expected     the value the slot must hold.
     * @param update       the value to set if it does.
     * @return whether it was set, and the slot's value now.
     */
    public CompletableFuture<CasOutcome> cas(
        final long lockId,
        final long fencingToken,
        final long objectId,
        final int slot,
        final SlotValue expected,
        final SlotValue update)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final CasEncoder encoder = new CasEncoder().wrap(buffer, 0).clientId(client.clientId())
            .requestId(requestId).objectId(objectId).lockId(lockId).fencingToken(fencingToken).slot(slot);
        setExpected(encoder, expected);
        setUpdate(encoder, update);
        return client.send(requestId, "CAS object " + objectId, buffer, 0, encoder.encodedLength())
            .thenApply(reply -> decode(reply, TemplateId.CAS_RESULT, b ->
            {
                final CasResultDecoder result = new CasResultDecoder();
                result.wrap(b, 0, b.capacity());
                return new CasOutcome(result.success(), result.version(), SlotValue.of(result.current()));
            }, -1, null));
    }

    /**
     * Acknowledges an {@code INVALIDATE} push: the local copy of the object was dropped. No answer comes back.
     *
     * @param objectId the object.
     * @param leaseId  the lease named by the push.
     */
    public void invalidateAck(final long objectId, final long leaseId)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final InvalidateAckEncoder encoder = new InvalidateAckEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(client.nextRequestId()).objectId(objectId).leaseId(leaseId);
        client.post(buffer, 0, encoder.encodedLength());
    }

    /**
     * Registers this client as a fabric node with its data-plane endpoint; the cluster then pushes
     * {@code MEMBERSHIP} to every registered node whenever the membership changes.
     *
     * @param name         the node's name.
     * @param dataEndpoint where its data plane listens.
     * @return the node's id and the membership epoch that includes it.
     */
    public CompletableFuture<NodeRegistration> registerNode(final String name, final String dataEndpoint)
    {
        final long requestId = client.nextRequestId();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final NodeRegisterEncoder encoder = new NodeRegisterEncoder().wrap(buffer, 0)
            .clientId(client.clientId()).requestId(requestId).nodeName(name).dataEndpoint(dataEndpoint);
        return client.send(requestId, "NODE_REGISTER " + name, buffer, 0, encoder.encodedLength())
            .thenApply(reply -> decode(reply, TemplateId.NODE_REGISTERED, b ->
            {
                final NodeRegisteredDecoder registered = new NodeRegisteredDecoder();
                registered.wrap(b, 0, b.capacity());
                return new NodeRegistration(registered.nodeId(), registered.epoch());
            }, -1, null));
    }

    /**
     * @param push a message from the cluster that answers no request of the caller.
     * @return for the {@code CONNECTED} answering the client's own connect: whether the cluster still knew the
     * client (its locks and leases intact); {@code null} if it is something else.
     */
    public static Boolean resumed(final ConsensusClient.Reply push)
    {
        if (push.templateId() != TemplateId.CONNECTED)
        {
            return null;
        }
        final ConnectedDecoder decoder = new ConnectedDecoder();
        decoder.wrap(push.buffer(), 0, push.buffer().capacity());
        return decoder.resumed();
    }

    /**
     * @param push a message the cluster pushed.
     * @return the invalidation it carries, or {@code null} if it is not an {@code INVALIDATE}.
     */
    public static Invalidation invalidation(final ConsensusClient.Reply push)
    {
        if (push.templateId() != TemplateId.INVALIDATE)
        {
            return null;
        }
        final InvalidateDecoder decoder = new InvalidateDecoder();
        decoder.wrap(push.buffer(), 0, push.buffer().capacity());
        return new Invalidation(decoder.objectId(), decoder.leaseId());
    }

    /**
     * @param push a message the cluster pushed.
     * @return it as a membership, or {@code null} if it is something else.
     */
    public static Membership membership(final ConsensusClient.Reply push)
    {
        if (push.templateId() != TemplateId.MEMBERSHIP)
        {
            return null;
        }
        final MembershipDecoder decoder = new MembershipDecoder();
        decoder.wrap(push.buffer(), 0, push.buffer().capacity());
        final List<Membership.Node> nodes = new ArrayList<>();
        decoder.rewind();
        while (decoder.nextNode())
        {
            nodes.add(new Membership.Node(decoder.nodeId(), decoder.nodeName(), decoder.dataEndpoint()));
        }
        final long[] owners = new long[decoder.shardCount()];
        for (int shard = 0; shard < owners.length; shard++)
        {
            owners[shard] = decoder.shardOwner(shard);
        }
        return new Membership(decoder.epoch(), List.copyOf(nodes), owners);
    }

    private static void setExpected(final CasEncoder encoder, final SlotValue value)
    {
        switch (value.tag())
        {
            case ValueTag.LONG -> encoder.expectedLong(value.bits());
            case ValueTag.REF -> encoder.expectedRef(value.bits());
            case ValueTag.BYTES -> encoder.expectedBytes(new UnsafeBuffer(value.bytes()), 0, value.bytes().length);
            default -> encoder.expectedNull();
        }
    }

    private static void setUpdate(final CasEncoder encoder, final SlotValue value)
    {
        switch (value.tag())
        {
            case ValueTag.LONG -> encoder.updateLong(value.bits());
            case ValueTag.REF -> encoder.updateRef(value.bits());
            case ValueTag.BYTES -> encoder.updateBytes(new UnsafeBuffer(value.bytes()), 0, value.bytes().length);
            default -> encoder.updateNull();
        }
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
     * One slot to write.
     *
     * @param objectId the object.
     * @param slot     the slot.
     * @param value    the value.
     */
    public record Entry(long objectId, int slot, SlotValue value)
    {
    }

    /**
     * An object's slots as the cluster holds them.
     *
     * @param objectId             the object.
     * @param version              its version.
     * @param readLeaseExpiresAtMs cluster time the read lease ends, or 0 without one.
     * @param slots                slot 0 first.
     */
    public record ObjectState(long objectId, long version, long readLeaseExpiresAtMs, List<SlotValue> slots)
    {
    }

    /**
     * @param success whether the slot held the expected value and was set.
     * @param version the object's version now.
     * @param current the slot's value now.
     */
    public record CasOutcome(boolean success, long version, SlotValue current)
    {
    }

    /**
     * @param objectId the object whose cached copy must be dropped.
     * @param leaseId  the lease to name in the acknowledgement.
     */
    public record Invalidation(long objectId, long leaseId)
    {
    }

    /**
     * @param nodeId the node's id.
     * @param epoch  the membership epoch that includes it.
     */
    public record NodeRegistration(long nodeId, long epoch)
    {
    }

    /**
     * The fabric's nodes and shard map, pushed on every change.
     *
     * @param epoch       increases with every change.
     * @param nodes       the live nodes, by id.
     * @param shardOwners the node id that owns each shard.
     */
    public record Membership(long epoch, List<Node> nodes, long[] shardOwners)
    {
        /**
         * @param nodeId       the node's id.
         * @param name         its name.
         * @param dataEndpoint where its data plane listens.
         */
        public record Node(long nodeId, String name, String dataEndpoint)
        {
        }
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
