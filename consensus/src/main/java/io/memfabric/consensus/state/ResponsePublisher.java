/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.CasResultEncoder;
import io.memfabric.consensus.protocol.ConnectedEncoder;
import io.memfabric.consensus.protocol.DisconnectedEncoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorEncoder;
import io.memfabric.consensus.protocol.FlushRecallEncoder;
import io.memfabric.consensus.protocol.IdRangeEncoder;
import io.memfabric.consensus.protocol.InvalidateEncoder;
import io.memfabric.consensus.protocol.KeepaliveAckEncoder;
import io.memfabric.consensus.protocol.LockGrantedEncoder;
import io.memfabric.consensus.protocol.LockNotifiedEncoder;
import io.memfabric.consensus.protocol.LockRecallEncoder;
import io.memfabric.consensus.protocol.LockReleasedEncoder;
import io.memfabric.consensus.protocol.LockTimeoutEncoder;
import io.memfabric.consensus.protocol.MembershipEncoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.protocol.NodeRegisteredEncoder;
import io.memfabric.consensus.protocol.ObjectGraphEncoder;
import io.memfabric.consensus.protocol.ObjectValuesEncoder;
import io.memfabric.consensus.protocol.RootEncoder;
import io.memfabric.consensus.protocol.ValueMessageEncoder;
import io.memfabric.consensus.protocol.WriteAckEncoder;
import io.memfabric.consensus.wire.LegacyWire;
import io.memfabric.consensus.wire.Wire;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import java.util.List;
import java.util.function.IntSupplier;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The state machine's way out: owns the encoders, the buffer answers are encoded into and the one pushes are encoded
 * into, and the {@link FabricStateMachine.Egress} they leave by. Each answer method encodes one message and returns
 * its length; {@link #reply} and {@link #replyLater} keep an answer in the client's deduplication window and send it.
 */
final class ResponsePublisher
{
    private final FabricStateMachine.Egress egress;
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1024);
    private final ExpandableArrayBuffer push = new ExpandableArrayBuffer(1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ConnectedEncoder connected = new ConnectedEncoder();
    private final DisconnectedEncoder disconnected = new DisconnectedEncoder();
    private final KeepaliveAckEncoder keepaliveAck = new KeepaliveAckEncoder();
    private final LockGrantedEncoder lockGranted = new LockGrantedEncoder();
    private final LockTimeoutEncoder lockTimeout = new LockTimeoutEncoder();
    private final LockReleasedEncoder lockReleased = new LockReleasedEncoder();
    private final LockNotifiedEncoder lockNotified = new LockNotifiedEncoder();
    private final ValueMessageEncoder value = new ValueMessageEncoder();
    private final ObjectValuesEncoder objectValues = new ObjectValuesEncoder();
    private final ObjectGraphEncoder objectGraph = new ObjectGraphEncoder();
    private final WriteAckEncoder writeAck = new WriteAckEncoder();
    private final CasResultEncoder casResult = new CasResultEncoder();
    private final IdRangeEncoder idRange = new IdRangeEncoder();
    private final RootEncoder root = new RootEncoder();
    private final NodeRegisteredEncoder nodeRegistered = new NodeRegisteredEncoder();
    private final ErrorEncoder error = new ErrorEncoder();
    private final InvalidateEncoder invalidate = new InvalidateEncoder();
    private final LockRecallEncoder lockRecall = new LockRecallEncoder();
    private final FlushRecallEncoder flushRecall = new FlushRecallEncoder();
    private final MembershipEncoder membership = new MembershipEncoder();

    // The wire version the log is in: answers carry it in their header (from 2 on), so an answer kept in a
    // deduplication window is the same bytes when a log of an older version is replayed by newer code.
    private final IntSupplier wireVersion;

    ResponsePublisher(final FabricStateMachine.Egress egress, final IntSupplier wireVersion)
    {
        this.egress = egress;
        this.wireVersion = wireVersion;
    }

    // ---------------------------------------------------------------- sending

    /**
     * Keeps the answer just encoded in the client's deduplication window and sends it to the session it came on.
     */
    void reply(final ClientRecord client, final long sessionId, final long requestId, final int length)
    {
        stamp(out);
        client.dedup.complete(requestId, out, 0, length);
        send(sessionId, out, length);
    }

    /**
     * Keeps the answer just encoded (decided later than its request arrived) and sends it to the client's session.
     */
    void replyLater(final ClientRecord client, final long requestId, final int length)
    {
        stamp(out);
        client.dedup.complete(requestId, out, 0, length);
        if (client.hasSession())
        {
            send(client.sessionId, out, length);
        }
    }

    /**
     * Sends the answer just encoded, keeping nothing.
     */
    void sendAnswer(final long sessionId, final int length)
    {
        stamp(out);
        send(sessionId, out, length);
    }

    /**
     * Sends the version-1 answer just encoded ({@link #legacyError}) as it is.
     */
    void sendLegacyAnswer(final long sessionId, final int length)
    {
        send(sessionId, out, length);
    }

    void send(final long sessionId, final DirectBuffer buffer, final int length)
    {
        egress.send(sessionId, buffer, 0, length);
    }

    // Writes the version in force into the header of the message at the start of the buffer. In version 1's time
    // answers are of this version, as LegacyWire translates the answers a version-1 snapshot keeps.
    private void stamp(final MutableDirectBuffer buffer)
    {
        final int inForce = wireVersion.getAsInt();
        buffer.putShort(MessageHeaderEncoder.versionEncodingOffset(),
            (short)(inForce <= Wire.LEGACY_VERSION ? Wire.VERSION : Math.min(Wire.VERSION, inForce)), LITTLE_ENDIAN);
    }

    // ---------------------------------------------------------------- answers (into the answer buffer)

    int error(final long requestId, final ErrorCode code, final String message)
    {
        error.wrapAndApplyHeader(out, 0, header).requestId(requestId).code(code).message(message);
        return Wire.length(error);
    }

    /**
     * An ERROR in wire version 1's encoding, for a client of that version.
     */
    int legacyError(final long requestId, final ErrorCode code, final String message)
    {
        return LegacyWire.encodeError(out, 0, requestId, code.value(), message);
    }

    int connected(final long requestId, final long clusterTimeMs, final long leaseExpiresAtMs, final boolean resumed)
    {
        connected.wrapAndApplyHeader(out, 0, header)
            .requestId(requestId)
            .clusterTimeMs(clusterTimeMs)
            .leaseExpiresAtMs(leaseExpiresAtMs)
            .resumed(resumed ? BooleanType.TRUE : BooleanType.FALSE);
        return Wire.length(connected);
    }

    int disconnected(final long requestId, final long leaseExpiresAtMs)
    {
        disconnected.wrapAndApplyHeader(out, 0, header).requestId(requestId).leaseExpiresAtMs(leaseExpiresAtMs);
        return Wire.length(disconnected);
    }

    int keepaliveAck(final long requestId, final long leaseExpiresAtMs)
    {
        keepaliveAck.wrapAndApplyHeader(out, 0, header).requestId(requestId).leaseExpiresAtMs(leaseExpiresAtMs);
        return Wire.length(keepaliveAck);
    }

    int lockGranted(final long requestId, final LockState lock)
    {
        lockGranted.wrapAndApplyHeader(out, 0, header)
            .requestId(requestId)
            .lockId(lock.lockId)
            .fencingToken(lock.fencingToken)
            .holdCount(lock.holdCount);
        return Wire.length(lockGranted);
    }

    int lockTimeout(final long requestId, final long lockId)
    {
        lockTimeout.wrapAndApplyHeader(out, 0, header).requestId(requestId).lockId(lockId);
        return Wire.length(lockTimeout);
    }

    int lockReleased(final long requestId, final long lockId, final int holdCount)
    {
        lockReleased.wrapAndApplyHeader(out, 0, header).requestId(requestId).lockId(lockId).holdCount(holdCount);
        return Wire.length(lockReleased);
    }

    int lockNotified(final long requestId, final long lockId, final int moved)
    {
        lockNotified.wrapAndApplyHeader(out, 0, header).requestId(requestId).lockId(lockId).moved(moved);
        return Wire.length(lockNotified);
    }

    /**
     * VALUE: one slot of an object ({@code null}: never written).
     */
    int value(
        final long requestId,
        final long objectId,
        final SharedObject object,
        final int slot,
        final long readLeaseExpiresAtMs)
    {
        final byte[] bytes = SharedObject.bytes(object, slot);
        value.wrapAndApplyHeader(out, 0, header)
            .requestId(requestId)
            .objectId(objectId)
            .version(null == object ? 0 : object.version)
            .readLeaseExpiresAtMs(readLeaseExpiresAtMs)
            .slot(slot)
            .tag(SharedObject.tag(object, slot))
            .bits(SharedObject.bits(object, slot))
            .putBytes(bytes, 0, bytes.length);
        return Wire.length(value);
    }

    /**
     * OBJECT_VALUES: every slot of an object ({@code null}: never written).
     */
    int objectValues(
        final long requestId, final long objectId, final SharedObject object, final long readLeaseExpiresAtMs)
    {
        objectValues.wrapAndApplyHeader(out, 0, header)
            .requestId(requestId)
            .objectId(objectId)
            .version(null == object ? 0 : object.version)
            .readLeaseExpiresAtMs(readLeaseExpiresAtMs);
        final int slotCount = null == object ? 0 : object.slotCount;
        final ObjectValuesEncoder.SlotsEncoder slots = objectValues.slotsCount(slotCount);
        for (int slot = 0; slot < slotCount; slot++)
        {
            final byte[] bytes = SharedObject.bytes(object, slot);
            slots.next().tag(object.tag(slot)).bits(SharedObject.bits(object, slot)).putBytes(bytes, 0, bytes.length);
        }
        return Wire.length(objectValues);
    }

    /**
     * OBJECT_GRAPH: the first {@code count} objects of {@code ids}, each with its read lease deadline.
     */
    int objectGraph(
        final long requestId,
        final LongArrayList ids,
        final LongArrayList leaseDeadlines,
        final int count,
        final Long2ObjectHashMap<SharedObject> objects)
    {
        objectGraph.wrapAndApplyHeader(out, 0, header).requestId(requestId);
        final ObjectGraphEncoder.ObjectsEncoder answer = objectGraph.objectsCount(count);
        for (int i = 0; i < count; i++)
        {
            final long objectId = ids.getLong(i);
            final SharedObject object = objects.get(objectId);
            answer.next()
                .objectId(objectId)
                .version(null == object ? 0 : object.version)
                .readLeaseExpiresAtMs(leaseDeadlines.getLong(i));
            final int slotCount = null == object ? 0 : object.slotCount;
            final ObjectGraphEncoder.ObjectsEncoder.SlotsEncoder slots = answer.slotsCount(slotCount);
            for (int slot = 0; slot < slotCount; slot++)
            {
                final byte[] bytes = SharedObject.bytes(object, slot);
                slots.next().tag(object.tag(slot)).bits(SharedObject.bits(object, slot))
                    .putBytes(bytes, 0, bytes.length);
            }
        }
        return Wire.length(objectGraph);
    }

    int writeAck(final long requestId, final long version)
    {
        writeAck.wrapAndApplyHeader(out, 0, header).requestId(requestId).version(version);
        return Wire.length(writeAck);
    }

    /**
     * CAS_RESULT: whether it matched, and the slot as it is now ({@code null}: never written).
     */
    int casResult(final long requestId, final SharedObject object, final int slot, final boolean matched)
    {
        final byte[] current = SharedObject.bytes(object, slot);
        casResult.wrapAndApplyHeader(out, 0, header)
            .requestId(requestId)
            .version(null == object ? 0 : object.version)
            .success(matched ? BooleanType.TRUE : BooleanType.FALSE)
            .currentTag(SharedObject.tag(object, slot))
            .currentBits(SharedObject.bits(object, slot))
            .putCurrentBytes(current, 0, current.length);
        return Wire.length(casResult);
    }

    int idRange(final long requestId, final long firstId, final int count)
    {
        idRange.wrapAndApplyHeader(out, 0, header).requestId(requestId).firstId(firstId).count(count);
        return Wire.length(idRange);
    }

    int root(final long requestId, final long objectId, final boolean created)
    {
        root.wrapAndApplyHeader(out, 0, header)
            .requestId(requestId).objectId(objectId).created(created ? BooleanType.TRUE : BooleanType.FALSE);
        return Wire.length(root);
    }

    int nodeRegistered(final long requestId, final long nodeId, final long epoch)
    {
        nodeRegistered.wrapAndApplyHeader(out, 0, header).requestId(requestId).nodeId(nodeId).epoch(epoch);
        return Wire.length(nodeRegistered);
    }

    // ---------------------------------------------------------------- pushes (into the push buffer, sent at once)

    void invalidate(final long sessionId, final long objectId, final long leaseId)
    {
        invalidate.wrapAndApplyHeader(push, 0, header).objectId(objectId).leaseId(leaseId);
        stamp(push);
        send(sessionId, push, Wire.length(invalidate));
    }

    void lockRecall(final long sessionId, final long lockId, final long fencingToken)
    {
        lockRecall.wrapAndApplyHeader(push, 0, header).lockId(lockId).fencingToken(fencingToken);
        stamp(push);
        send(sessionId, push, Wire.length(lockRecall));
    }

    void flushRecall(final long sessionId, final long objectId)
    {
        flushRecall.wrapAndApplyHeader(push, 0, header).objectId(objectId);
        stamp(push);
        send(sessionId, push, Wire.length(flushRecall));
    }

    /**
     * Encodes MEMBERSHIP into the push buffer.
     *
     * @return its length; {@link #sendPush} sends it to each node.
     */
    int membership(final long epoch, final long[] shardOwners, final List<NodeRecord> nodes)
    {
        membership.wrapAndApplyHeader(push, 0, header).epoch(epoch);
        final MembershipEncoder.ShardsEncoder shards = membership.shardsCount(shardOwners.length);
        for (final long owner : shardOwners)
        {
            shards.next().ownerNodeId(owner);
        }
        final MembershipEncoder.NodesEncoder entries = membership.nodesCount(nodes.size());
        for (final NodeRecord node : nodes)
        {
            entries.next().nodeId(node.nodeId).nodeName(node.nodeName).dataEndpoint(node.dataEndpoint);
        }
        return Wire.length(membership);
    }

    void sendPush(final long sessionId, final int length)
    {
        stamp(push);
        send(sessionId, push, length);
    }
}
