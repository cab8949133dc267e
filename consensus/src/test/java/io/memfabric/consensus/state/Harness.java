/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.AllocateIdsEncoder;
import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.CasEncoder;
import io.memfabric.consensus.protocol.ConnectEncoder;
import io.memfabric.consensus.protocol.ConnectedDecoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.InvalidateAckEncoder;
import io.memfabric.consensus.protocol.KeepaliveEncoder;
import io.memfabric.consensus.protocol.LockAcquireEncoder;
import io.memfabric.consensus.protocol.LockGrantedDecoder;
import io.memfabric.consensus.protocol.LockNotifyEncoder;
import io.memfabric.consensus.protocol.LockReleaseEncoder;
import io.memfabric.consensus.protocol.LockWaitEncoder;
import io.memfabric.consensus.protocol.MessageHeaderDecoder;
import io.memfabric.consensus.protocol.MessageHeaderEncoder;
import io.memfabric.consensus.protocol.NodeRegisterEncoder;
import io.memfabric.consensus.protocol.NotifyMode;
import io.memfabric.consensus.protocol.ObjectGraphDecoder;
import io.memfabric.consensus.protocol.ObjectReadAllEncoder;
import io.memfabric.consensus.protocol.ObjectReadEncoder;
import io.memfabric.consensus.protocol.ObjectValuesDecoder;
import io.memfabric.consensus.protocol.ReadGraphEncoder;
import io.memfabric.consensus.protocol.RootGetOrCreateEncoder;
import io.memfabric.consensus.protocol.ValueMessageDecoder;
import io.memfabric.consensus.protocol.ValueTag;
import io.memfabric.consensus.protocol.WriteBatchEncoder;
import io.memfabric.consensus.wire.Wire;
import io.memfabric.consensus.wire.Wtf8;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives one {@link FabricStateMachine} like the cluster would: a simulated clock, fake timers that fire in
 * (deadline, id) order, and an egress that records every message sent.
 */
final class Harness implements FabricStateMachine.Egress, FabricStateMachine.Timers
{
    private static final byte[] NO_BYTES = new byte[0];

    private InputLog log;

    /**
     * One message the machine sent.
     */
    static final class Sent
    {
        final long sessionId;
        final UnsafeBuffer message;

        Sent(final long sessionId, final UnsafeBuffer message)
        {
            this.sessionId = sessionId;
            this.message = message;
        }

        /**
         * @return the template id in the message's header (check it is a message of this schema with {@link #as}).
         */
        int templateId()
        {
            return Wire.templateId(message, 0);
        }

        int length()
        {
            return message.capacity();
        }

        /**
         * Wraps a decoder around the message, checking that it is a well-formed message of the decoder's template in
         * a wire version from 2 on (the one in force): this schema's header with the template's block length, and
         * nothing before or after the fields, groups and variable data the schema gives it.
         */
        <D extends MessageDecoderFlyweight> D as(final D decoder)
        {
            final String name = decoder.getClass().getSimpleName();
            assertTrue(Wire.isCurrent(message, 0, message.capacity()), () -> name + ": a message of this schema");
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
            assertTrue(header.version() > Wire.LEGACY_VERSION && header.version() <= Wire.VERSION,
                () -> name + ": wire version " + header.version());
            assertEquals(decoder.sbeTemplateId(), header.templateId(), () -> name + ": template");
            assertEquals(decoder.sbeBlockLength(), header.blockLength(), () -> name + ": block length");
            decoder.wrap(message, Wire.HEADER_LENGTH, header.blockLength(), header.version());
            assertEquals(message.capacity(), Wire.HEADER_LENGTH + decoder.sbeDecodedLength(),
                () -> "well-formed " + name);
            return decoder;
        }

        byte[] bytes()
        {
            final byte[] bytes = new byte[message.capacity()];
            message.getBytes(0, bytes);
            return bytes;
        }

        @Override
        public String toString()
        {
            return "Sent{session=" + sessionId + ", template=" + templateId() + "}";
        }
    }

    /**
     * A slot value as an answer carries it: its tag, the bits of a LONG or REF, the bytes of a BYTES value. Reading one
     * from a decoder consumes its variable data, so read it before anything the schema puts after it.
     */
    record Value(ValueTag tag, long bits, byte[] bytes)
    {
        static Value of(final ValueMessageDecoder decoder)
        {
            final ValueTag tag = decoder.tag();
            final long bits = decoder.bits();
            final byte[] bytes = new byte[decoder.bytesLength()];
            decoder.getBytes(bytes, 0, bytes.length);
            return new Value(tag, bits, bytes);
        }

        static Value of(final ObjectValuesDecoder.SlotsDecoder slot)
        {
            final ValueTag tag = slot.tag();
            final long bits = slot.bits();
            final byte[] bytes = new byte[slot.bytesLength()];
            slot.getBytes(bytes, 0, bytes.length);
            return new Value(tag, bits, bytes);
        }

        static Value of(final ObjectGraphDecoder.ObjectsDecoder.SlotsDecoder slot)
        {
            final ValueTag tag = slot.tag();
            final long bits = slot.bits();
            final byte[] bytes = new byte[slot.bytesLength()];
            slot.getBytes(bytes, 0, bytes.length);
            return new Value(tag, bits, bytes);
        }

        /**
         * @return a BYTES value's text.
         */
        String string()
        {
            assertEquals(ValueTag.BYTES, tag, "a text value");
            return Wtf8.decode(bytes, 0, bytes.length);
        }
    }

    /**
     * The entries of a WRITE_BATCH, collected so the batch can be encoded with its count first.
     */
    static final class Batch
    {
        private record Entry(long objectId, int slot, ValueTag tag, long bits, byte[] bytes)
        {
        }

        private final List<Entry> entries = new ArrayList<>();
        private final List<Long> released = new ArrayList<>();
        private final List<long[]> expected = new ArrayList<>();
        private boolean own;

        // The sender owns what this batch writes (wire version 4).
        Batch own()
        {
            own = true;
            return this;
        }

        // The sender's ownership of the object ends once the batch is applied (wire version 4).
        Batch release(final long objectId)
        {
            released.add(objectId);
            return this;
        }

        Batch addNull(final long objectId, final int slot)
        {
            entries.add(new Entry(objectId, slot, ValueTag.NULL, 0, NO_BYTES));
            return this;
        }

        Batch addLong(final long objectId, final int slot, final long bits)
        {
            entries.add(new Entry(objectId, slot, ValueTag.LONG, bits, NO_BYTES));
            return this;
        }

        Batch addRef(final long objectId, final int slot, final long targetId)
        {
            entries.add(new Entry(objectId, slot, ValueTag.REF, targetId, NO_BYTES));
            return this;
        }

        Batch addString(final long objectId, final int slot, final String value)
        {
            return addBytes(objectId, slot, Wtf8.encode(value));
        }

        Batch addBytes(final long objectId, final int slot, final byte[] value)
        {
            entries.add(new Entry(objectId, slot, ValueTag.BYTES, 0, value));
            return this;
        }

        void encode(final WriteBatchEncoder encoder)
        {
            encoder.own(own ? BooleanType.TRUE : BooleanType.FALSE);
            final WriteBatchEncoder.EntriesEncoder group = encoder.entriesCount(entries.size());
            for (final Entry entry : entries)
            {
                group.next().objectId(entry.objectId()).slot(entry.slot()).tag(entry.tag()).bits(entry.bits())
                    .putBytes(entry.bytes(), 0, entry.bytes().length);
            }
            final WriteBatchEncoder.ReleasedEncoder ids = encoder.releasedCount(released.size());
            for (final long objectId : released)
            {
                ids.next().objectId(objectId);
            }
            final WriteBatchEncoder.ExpectedEncoder reads = encoder.expectedCount(expected.size());
            for (final long[] read : expected)
            {
                reads.next().objectId(read[0]).version(read[1]);
            }
        }

        // A transaction's read (wire version 5): the batch applies only if the object still has this version.
        Batch expect(final long objectId, final long version)
        {
            expected.add(new long[]{ objectId, version });
            return this;
        }
    }

    final FabricStateMachine machine;
    final List<Sent> sent = new ArrayList<>();
    final TreeMap<Long, Long> deadlines = new TreeMap<>();
    final List<String> timerLog = new ArrayList<>();
    long now = 1_000;
    private final ExpandableArrayBuffer request = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    Harness()
    {
        machine = new FabricStateMachine(this, this);
    }

    public void send(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        sent.add(new Sent(sessionId, new UnsafeBuffer(copy)));
    }

    public void schedule(final long correlationId, final long deadlineMs)
    {
        deadlines.put(correlationId, deadlineMs);
        timerLog.add("schedule " + correlationId + "@" + deadlineMs);
    }

    public void cancel(final long correlationId)
    {
        deadlines.remove(correlationId);
        timerLog.add("cancel " + correlationId);
    }

    /**
     * Moves the clock, firing due timers in deadline order on the way.
     */
    void advance(final long millis)
    {
        final long target = now + millis;
        while (true)
        {
            long dueId = 0;
            long dueAt = Long.MAX_VALUE;
            for (final Map.Entry<Long, Long> entry : deadlines.entrySet())
            {
                if (entry.getValue() <= target && entry.getValue() < dueAt)
                {
                    dueAt = entry.getValue();
                    dueId = entry.getKey();
                }
            }
            if (dueAt == Long.MAX_VALUE)
            {
                break;
            }
            deadlines.remove(dueId);
            now = Math.max(now, dueAt);
            record(InputLog.TIMER, dueId, null, 0);
            machine.onTimer(dueId, now);
        }
        now = target;
    }

    List<Sent> drain()
    {
        final List<Sent> result = new ArrayList<>(sent);
        sent.clear();
        return result;
    }

    Sent single()
    {
        assertEquals(1, sent.size(), () -> "expected one message, got " + sent);
        return drain().get(0);
    }

    Sent single(final int templateId)
    {
        final Sent message = single();
        assertEquals(templateId, message.templateId(), () -> "template of " + message);
        return message;
    }

    void assertNothingSent()
    {
        assertTrue(sent.isEmpty(), () -> "expected nothing, got " + sent);
    }

    ErrorCode error(final Sent message)
    {
        return message.as(new ErrorDecoder()).code();
    }

    // ---------------------------------------------------------------- requests

    void deliver(final long sessionId, final DirectBuffer buffer, final int length)
    {
        record(InputLog.MESSAGE, sessionId, buffer, length);
        machine.onMessage(sessionId, now, buffer, 0, length);
    }

    void deliver(final long sessionId, final byte[] message)
    {
        deliver(sessionId, new UnsafeBuffer(message), message.length);
    }

    void closeSession(final long sessionId)
    {
        record(InputLog.CLOSE, sessionId, null, 0);
        machine.onSessionClose(sessionId, now);
    }

    /**
     * Records every input this harness gives its machine from now on, as the cluster's log would hold it.
     */
    void recordInto(final InputLog log)
    {
        this.log = log;
    }

    private void record(final byte kind, final long id, final DirectBuffer buffer, final int length)
    {
        if (log != null)
        {
            log.add(kind, id, now, buffer, length);
        }
    }

    void connect(final long sessionId, final long clientId, final long requestId, final long ttlMs)
    {
        final ConnectEncoder e = new ConnectEncoder();
        e.wrapAndApplyHeader(request, 0, header).clientId(clientId).requestId(requestId).leaseTtlMs(ttlMs);
        deliver(sessionId, request, Wire.length(e));
    }

    void keepalive(final long sessionId, final long clientId, final long requestId)
    {
        final KeepaliveEncoder e = new KeepaliveEncoder();
        e.wrapAndApplyHeader(request, 0, header).clientId(clientId).requestId(requestId);
        deliver(sessionId, request, Wire.length(e));
    }

    void acquire(
        final long sessionId, final long clientId, final long requestId, final long lockId, final long ownerId,
        final long waitMs)
    {
        final LockAcquireEncoder e = new LockAcquireEncoder();
        e.wrapAndApplyHeader(request, 0, header)
            .clientId(clientId).requestId(requestId).lockId(lockId).ownerId(ownerId).waitMs(waitMs);
        deliver(sessionId, request, Wire.length(e));
    }

    LockGrantedDecoder granted(
        final long sessionId, final long clientId, final long requestId, final long lockId, final long ownerId)
    {
        acquire(sessionId, clientId, requestId, lockId, ownerId, -1);
        final Sent message = single(LockGrantedDecoder.TEMPLATE_ID);
        assertEquals(sessionId, message.sessionId);
        return message.as(new LockGrantedDecoder());
    }

    void release(final long sessionId, final long clientId, final long requestId, final long lockId, final long ownerId)
    {
        final LockReleaseEncoder e = new LockReleaseEncoder();
        e.wrapAndApplyHeader(request, 0, header)
            .clientId(clientId).requestId(requestId).lockId(lockId).ownerId(ownerId);
        deliver(sessionId, request, Wire.length(e));
    }

    void await(
        final long sessionId, final long clientId, final long requestId, final long lockId, final long ownerId,
        final long waitMs)
    {
        final LockWaitEncoder e = new LockWaitEncoder();
        e.wrapAndApplyHeader(request, 0, header)
            .clientId(clientId).requestId(requestId).lockId(lockId).ownerId(ownerId).waitMs(waitMs);
        deliver(sessionId, request, Wire.length(e));
    }

    void notify(
        final long sessionId, final long clientId, final long requestId, final long lockId, final long ownerId,
        final NotifyMode mode)
    {
        final LockNotifyEncoder e = new LockNotifyEncoder();
        e.wrapAndApplyHeader(request, 0, header)
            .clientId(clientId).requestId(requestId).lockId(lockId).ownerId(ownerId).mode(mode);
        deliver(sessionId, request, Wire.length(e));
    }

    void read(
        final long sessionId, final long clientId, final long requestId, final long objectId, final int slot,
        final long leaseMs)
    {
        final ObjectReadEncoder e = new ObjectReadEncoder();
        e.wrapAndApplyHeader(request, 0, header)
            .clientId(clientId).requestId(requestId).objectId(objectId).leaseMs(leaseMs).slot(slot);
        deliver(sessionId, request, Wire.length(e));
    }

    void readAll(
        final long sessionId, final long clientId, final long requestId, final long objectId, final long leaseMs)
    {
        final ObjectReadAllEncoder e = new ObjectReadAllEncoder();
        e.wrapAndApplyHeader(request, 0, header).clientId(clientId).requestId(requestId).objectId(objectId)
            .leaseMs(leaseMs);
        deliver(sessionId, request, Wire.length(e));
    }

    void readGraph(
        final long sessionId, final long clientId, final long requestId, final long leaseMs, final int maxBytes,
        final long... startIds)
    {
        final ReadGraphEncoder e = new ReadGraphEncoder();
        e.wrapAndApplyHeader(request, 0, header).clientId(clientId).requestId(requestId).leaseMs(leaseMs)
            .maxBytes(maxBytes);
        final ReadGraphEncoder.StartsEncoder starts = e.startsCount(startIds.length);
        for (final long id : startIds)
        {
            starts.next().objectId(id);
        }
        deliver(sessionId, request, Wire.length(e));
    }

    void writeLong(
        final long sessionId, final long clientId, final long requestId, final long lockId, final long token,
        final long objectId, final int slot, final long value)
    {
        write(sessionId, clientId, requestId, lockId, token, new Batch().addLong(objectId, slot, value));
    }

    /**
     * An unfenced WRITE_BATCH of the entries the consumer adds.
     */
    void write(final long sessionId, final Consumer<Batch> entries, final long clientId, final long requestId)
    {
        final Batch batch = new Batch();
        entries.accept(batch);
        write(sessionId, clientId, requestId, 0, 0, batch);
    }

    void write(
        final long sessionId, final long clientId, final long requestId, final long lockId, final long token,
        final Batch batch)
    {
        final WriteBatchEncoder e = new WriteBatchEncoder();
        e.wrapAndApplyHeader(request, 0, header).clientId(clientId).requestId(requestId).lockId(lockId)
            .fencingToken(token);
        batch.encode(e);
        deliver(sessionId, request, Wire.length(e));
    }

    /**
     * @return the fencing token of the lock if the client holds it, else 1 (a token no grant has now).
     */
    long currentToken(final long clientId, final long lockId)
    {
        final LockState lock = machine.locks.locks.get(lockId);
        return lock != null && lock.holdCount > 0 && lock.holderClientId == clientId ? lock.fencingToken : 1;
    }

    void casLong(
        final long sessionId, final long clientId, final long requestId, final long objectId, final int slot,
        final long expected, final long update)
    {
        final CasEncoder e = new CasEncoder();
        e.wrapAndApplyHeader(request, 0, header).clientId(clientId).requestId(requestId).objectId(objectId)
            .lockId(0).fencingToken(0).slot(slot)
            .expectedTag(ValueTag.LONG).expectedBits(expected).updateTag(ValueTag.LONG).updateBits(update)
            .putExpectedBytes(NO_BYTES, 0, 0).putUpdateBytes(NO_BYTES, 0, 0);
        deliver(sessionId, request, Wire.length(e));
    }

    void allocate(final long sessionId, final long clientId, final long requestId, final int count)
    {
        final AllocateIdsEncoder e = new AllocateIdsEncoder();
        e.wrapAndApplyHeader(request, 0, header).clientId(clientId).requestId(requestId).count(count);
        deliver(sessionId, request, Wire.length(e));
    }

    void invalidateAck(
        final long sessionId, final long clientId, final long requestId, final long objectId, final long leaseId)
    {
        final InvalidateAckEncoder e = new InvalidateAckEncoder();
        e.wrapAndApplyHeader(request, 0, header).clientId(clientId).requestId(requestId).objectId(objectId)
            .leaseId(leaseId);
        deliver(sessionId, request, Wire.length(e));
    }

    void root(final long sessionId, final long clientId, final long requestId, final String uri)
    {
        final RootGetOrCreateEncoder e = new RootGetOrCreateEncoder();
        e.wrapAndApplyHeader(request, 0, header).clientId(clientId).requestId(requestId).uri(uri);
        deliver(sessionId, request, Wire.length(e));
    }

    void register(
        final long sessionId, final long clientId, final long requestId, final String name, final String endpoint)
    {
        final NodeRegisterEncoder e = new NodeRegisterEncoder();
        e.wrapAndApplyHeader(request, 0, header).clientId(clientId).requestId(requestId).nodeName(name)
            .dataEndpoint(endpoint);
        deliver(sessionId, request, Wire.length(e));
    }

    /**
     * Connects a client on a session with a long lease and swallows CONNECTED.
     */
    void connected(final long sessionId, final long clientId)
    {
        connect(sessionId, clientId, 1, 600_000);
        single(ConnectedDecoder.TEMPLATE_ID);
    }

    /**
     * Copies this harness's machine into a fresh one through a snapshot, with the pending cluster timers, as a
     * restarted member would see them.
     */
    Harness restored(final List<Integer> chunkLengths)
    {
        final Harness copy = new Harness();
        copy.now = now;
        copy.deadlines.putAll(deadlines);
        machine.takeSnapshot((buffer, offset, length) ->
        {
            chunkLengths.add(length);
            copy.machine.loadSnapshotChunk(buffer, offset, length);
        });
        copy.machine.onSnapshotLoaded();
        return copy;
    }

    static boolean sameBytes(final List<Sent> a, final List<Sent> b)
    {
        if (a.size() != b.size())
        {
            return false;
        }
        for (int i = 0; i < a.size(); i++)
        {
            if (a.get(i).sessionId != b.get(i).sessionId || !Arrays.equals(a.get(i).bytes(), b.get(i).bytes()))
            {
                return false;
            }
        }
        return true;
    }
}
