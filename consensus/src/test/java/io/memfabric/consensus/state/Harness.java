/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.codec.AllocateIdsEncoder;
import io.memfabric.consensus.codec.CasEncoder;
import io.memfabric.consensus.codec.ConnectEncoder;
import io.memfabric.consensus.codec.ErrorCode;
import io.memfabric.consensus.codec.ErrorDecoder;
import io.memfabric.consensus.codec.InvalidateAckEncoder;
import io.memfabric.consensus.codec.KeepaliveEncoder;
import io.memfabric.consensus.codec.LockAcquireEncoder;
import io.memfabric.consensus.codec.LockGrantedDecoder;
import io.memfabric.consensus.codec.LockReleaseEncoder;
import io.memfabric.consensus.codec.MessageHeader;
import io.memfabric.consensus.codec.NodeRegisterEncoder;
import io.memfabric.consensus.codec.LockNotifyEncoder;
import io.memfabric.consensus.codec.LockWaitEncoder;
import io.memfabric.consensus.codec.ObjectReadAllEncoder;
import io.memfabric.consensus.codec.ReadGraphEncoder;
import io.memfabric.consensus.codec.ObjectReadEncoder;
import io.memfabric.consensus.codec.RootGetOrCreateEncoder;
import io.memfabric.consensus.codec.TemplateId;
import io.memfabric.consensus.codec.WriteBatchEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

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

        int templateId()
        {
            return MessageHeader.templateId(message, 0);
        }

        int length()
        {
            return message.capacity();
        }

        <D> D as(final D decoder)
        {
            final boolean ok;
            try
            {
                ok = (Boolean)decoder.getClass()
                    .getMethod("wrap", DirectBuffer.class, int.class, int.class)
                    .invoke(decoder, message, 0, message.capacity());
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new AssertionError(ex);
            }
            assertTrue(ok, "well-formed " + decoder.getClass().getSimpleName());
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

    final FabricStateMachine machine;
    final List<Sent> sent = new ArrayList<>();
    final TreeMap<Long, Long> deadlines = new TreeMap<>();
    final List<String> timerLog = new ArrayList<>();
    long now = 1_000;
    private final ExpandableArrayBuffer request = new ExpandableArrayBuffer(256);

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
        return ErrorCode.get(message.as(new ErrorDecoder()).code());
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
        e.wrap(request, 0).clientId(clientId).requestId(requestId).leaseTtlMs(ttlMs);
        deliver(sessionId, request, e.encodedLength());
    }

    void keepalive(final long sessionId, final long clientId, final long requestId)
    {
        final KeepaliveEncoder e = new KeepaliveEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId);
        deliver(sessionId, request, e.encodedLength());
    }

    void acquire(
        final long sessionId, final long clientId, final long requestId, final long lockId, final long ownerId,
        final long waitMs)
    {
        final LockAcquireEncoder e = new LockAcquireEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).lockId(lockId).ownerId(ownerId).waitMs(waitMs);
        deliver(sessionId, request, e.encodedLength());
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
        e.wrap(request, 0).clientId(clientId).requestId(requestId).lockId(lockId).ownerId(ownerId);
        deliver(sessionId, request, e.encodedLength());
    }

    void await(
        final long sessionId, final long clientId, final long requestId, final long lockId, final long ownerId,
        final long waitMs)
    {
        final LockWaitEncoder e = new LockWaitEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).lockId(lockId).ownerId(ownerId).waitMs(waitMs);
        deliver(sessionId, request, e.encodedLength());
    }

    void notify(
        final long sessionId, final long clientId, final long requestId, final long lockId, final long ownerId,
        final int mode)
    {
        final LockNotifyEncoder e = new LockNotifyEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).lockId(lockId).ownerId(ownerId).mode(mode);
        deliver(sessionId, request, e.encodedLength());
    }

    void read(
        final long sessionId, final long clientId, final long requestId, final long objectId, final int slot,
        final long leaseMs)
    {
        final ObjectReadEncoder e = new ObjectReadEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).objectId(objectId).slot(slot).leaseMs(leaseMs);
        deliver(sessionId, request, e.encodedLength());
    }

    void readAll(
        final long sessionId, final long clientId, final long requestId, final long objectId, final long leaseMs)
    {
        final ObjectReadAllEncoder e = new ObjectReadAllEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).objectId(objectId).leaseMs(leaseMs);
        deliver(sessionId, request, e.encodedLength());
    }

    void readGraph(
        final long sessionId, final long clientId, final long requestId, final long leaseMs, final int maxBytes,
        final long... startIds)
    {
        final ReadGraphEncoder e = new ReadGraphEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).leaseMs(leaseMs).maxBytes(maxBytes);
        for (final long id : startIds)
        {
            e.addStart(id);
        }
        deliver(sessionId, request, e.encodedLength());
    }

    void writeLong(
        final long sessionId, final long clientId, final long requestId, final long lockId, final long token,
        final long objectId, final int slot, final long value)
    {
        final WriteBatchEncoder e = new WriteBatchEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).lockId(lockId).fencingToken(token)
            .addLong(objectId, slot, value);
        deliver(sessionId, request, e.encodedLength());
    }

    void write(final long sessionId, final Consumer<WriteBatchEncoder> entries, final long clientId,
        final long requestId)
    {
        final WriteBatchEncoder e = new WriteBatchEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).lockId(0).fencingToken(0);
        entries.accept(e);
        deliver(sessionId, request, e.encodedLength());
    }

    void casLong(
        final long sessionId, final long clientId, final long requestId, final long objectId, final int slot,
        final long expected, final long update)
    {
        final CasEncoder e = new CasEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).objectId(objectId).slot(slot).lockId(0)
            .fencingToken(0).expectedLong(expected).updateLong(update);
        deliver(sessionId, request, e.encodedLength());
    }

    void allocate(final long sessionId, final long clientId, final long requestId, final int count)
    {
        final AllocateIdsEncoder e = new AllocateIdsEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).count(count);
        deliver(sessionId, request, e.encodedLength());
    }

    void invalidateAck(
        final long sessionId, final long clientId, final long requestId, final long objectId, final long leaseId)
    {
        final InvalidateAckEncoder e = new InvalidateAckEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).objectId(objectId).leaseId(leaseId);
        deliver(sessionId, request, e.encodedLength());
    }

    void root(final long sessionId, final long clientId, final long requestId, final String uri)
    {
        final RootGetOrCreateEncoder e = new RootGetOrCreateEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).uri(uri);
        deliver(sessionId, request, e.encodedLength());
    }

    void register(
        final long sessionId, final long clientId, final long requestId, final String name, final String endpoint)
    {
        final NodeRegisterEncoder e = new NodeRegisterEncoder();
        e.wrap(request, 0).clientId(clientId).requestId(requestId).nodeName(name).dataEndpoint(endpoint);
        deliver(sessionId, request, e.encodedLength());
    }

    /**
     * Connects a client on a session with a long lease and swallows CONNECTED.
     */
    void connected(final long sessionId, final long clientId)
    {
        connect(sessionId, clientId, 1, 600_000);
        single(TemplateId.CONNECTED);
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
