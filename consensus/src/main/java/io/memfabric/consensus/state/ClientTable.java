/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.SnapshotClientDecoder;
import io.memfabric.consensus.protocol.SnapshotClientEncoder;
import io.memfabric.consensus.protocol.SnapshotClientTableDecoder;
import io.memfabric.consensus.protocol.SnapshotClientTableEncoder;
import io.memfabric.consensus.stat.MemberCounter;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Clients: their leases (renewed by every request, run out by a cluster timer), the session each is bound to, and
 * each one's deduplication window of recent answers. Leaving is the machine's to arrange ({@code expireClient}), as it
 * touches every other part.
 */
final class ClientTable
{
    private static final byte[] NO_BYTES = new byte[0];

    final Long2ObjectHashMap<ClientRecord> clients = new Long2ObjectHashMap<>();
    // Derived from the clients, rebuilt when a snapshot is loaded.
    private final Long2LongHashMap sessionToClient = new Long2LongHashMap(Long.MIN_VALUE);

    private final TimerTable timers;
    private final ResponsePublisher publisher;
    private final Counting counting;
    private final SnapshotClientTableEncoder tableEncoder = new SnapshotClientTableEncoder();
    private final SnapshotClientEncoder clientEncoder = new SnapshotClientEncoder();

    ClientTable(final TimerTable timers, final ResponsePublisher publisher, final Counting counting)
    {
        this.timers = timers;
        this.publisher = publisher;
        this.counting = counting;
    }

    ClientRecord get(final long clientId)
    {
        return clients.get(clientId);
    }

    int size()
    {
        return clients.size();
    }

    /**
     * CONNECT: starts a lease for a new client (with its lease timer) or renews a live one, and binds it to the session.
     *
     * @return the client; {@link ClientRecord#leaseTimerId} was just scheduled when it is new.
     */
    ClientRecord connect(final long clientId, final long sessionId, final long leaseTtlMs, final long now)
    {
        ClientRecord client = clients.get(clientId);
        final boolean resumed = null != client;
        if (!resumed)
        {
            client = new ClientRecord(clientId);
            clients.put(clientId, client);
        }
        client.leaseTtlMs = leaseTtlMs;
        client.leaseExpiresAtMs = now + leaseTtlMs;
        if (!resumed)
        {
            client.leaseTimerId = timers.schedule(TimerTask.CLIENT_LEASE, clientId, client.leaseExpiresAtMs);
        }
        bind(client, sessionId);
        return client;
    }

    /**
     * Deduplication: true when the request is new (and now pending); otherwise it is answered from the window (a
     * pending one is answered when decided, a too old one with DUPLICATE_TOO_OLD).
     */
    boolean admit(final ClientRecord client, final long sessionId, final long requestId)
    {
        final DedupWindow dedup = client.dedup;
        switch (dedup.classify(requestId))
        {
            case DedupWindow.NEW:
                dedup.begin(requestId);
                return true;

            case DedupWindow.DUPLICATE_DONE:
                counting.increment(MemberCounter.DUPLICATES);
                final int slot = dedup.slot(requestId);
                publisher.send(sessionId, dedup.responses[slot], dedup.lengths[slot]);
                return false;

            case DedupWindow.DUPLICATE_PENDING:
                counting.increment(MemberCounter.DUPLICATES);
                return false;

            default:
                publisher.sendAnswer(sessionId, publisher.error(
                    requestId, ErrorCode.DUPLICATE_TOO_OLD, "requestId below the deduplication window"));
                return false;
        }
    }

    /**
     * A session closed: its client keeps everything until its lease runs out (it may be reconnecting to a new leader).
     */
    void onSessionClose(final long sessionId)
    {
        final long clientId = sessionToClient.remove(sessionId);
        if (clientId != sessionToClient.missingValue())
        {
            final ClientRecord client = clients.get(clientId);
            if (null != client && client.sessionId == sessionId)
            {
                client.sessionId = ClientRecord.NO_SESSION;
            }
        }
    }

    /**
     * A new leadership term: every client's lease runs at least a full lease from now (the lease timers catch up
     * lazily, as for any renewal).
     */
    void extendLeases(final long now)
    {
        for (final ClientRecord client : clients.values())
        {
            client.leaseExpiresAtMs = Math.max(client.leaseExpiresAtMs, now + client.leaseTtlMs);
        }
    }

    /**
     * The lease timer fired.
     *
     * @return the client whose lease ran out, to be expired, or {@code null}.
     */
    ClientRecord onLeaseTimer(final long timerId, final long clientId, final long now)
    {
        final ClientRecord client = clients.get(clientId);
        if (null == client)
        {
            timers.forget(timerId);
            return null;
        }
        if (now < client.leaseExpiresAtMs)
        {
            // Renewals only move the deadline; the timer catches up lazily instead of being rescheduled per request.
            timers.reschedule(timerId, client.leaseExpiresAtMs);
            return null;
        }
        timers.forget(timerId);
        counting.increment(MemberCounter.SESSIONS_EXPIRED);
        return client;
    }

    /**
     * Forgets a client that left.
     */
    void remove(final ClientRecord client)
    {
        clients.remove(client.clientId);
        if (client.hasSession())
        {
            sessionToClient.remove(client.sessionId);
        }
    }

    private void bind(final ClientRecord client, final long sessionId)
    {
        if (client.sessionId == sessionId)
        {
            return;
        }
        if (client.hasSession())
        {
            sessionToClient.remove(client.sessionId);
        }
        final long previousClientId = sessionToClient.get(sessionId);
        if (previousClientId != sessionToClient.missingValue())
        {
            final ClientRecord previous = clients.get(previousClientId);
            if (null != previous)
            {
                previous.sessionId = ClientRecord.NO_SESSION;
            }
        }
        client.sessionId = sessionId;
        sessionToClient.put(sessionId, client.clientId);
    }

    /**
     * Rebuilds the session index from the clients (after a snapshot was loaded).
     */
    void rebuildSessions()
    {
        sessionToClient.clear();
        for (final ClientRecord client : clients.values())
        {
            if (client.hasSession())
            {
                sessionToClient.put(client.sessionId, client.clientId);
            }
        }
    }

    ClientRecord[] sorted()
    {
        final ClientRecord[] sorted = clients.values().toArray(new ClientRecord[0]);
        Arrays.sort(sorted, (a, b) -> Long.compare(a.clientId, b.clientId));
        return sorted;
    }

    // ---------------------------------------------------------------- snapshot

    void write(final SnapshotWriter w)
    {
        final ClientRecord[] sorted = sorted();
        tableEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header).clients(sorted.length);
        w.advance(tableEncoder);
        for (final ClientRecord client : sorted)
        {
            final DedupWindow dedup = client.dedup;
            clientEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header)
                .clientId(client.clientId)
                .sessionId(client.sessionId)
                .leaseTtlMs(client.leaseTtlMs)
                .leaseExpiresAtMs(client.leaseExpiresAtMs)
                .leaseTimerId(client.leaseTimerId)
                .nodeId(client.nodeId)
                .highestRequestId(dedup.highestRequestId);
            int used = 0;
            for (int slot = 0; slot < DedupWindow.SIZE; slot++)
            {
                used += isUsed(dedup, slot) ? 1 : 0;
            }
            final SnapshotClientEncoder.WindowEncoder window = clientEncoder.windowCount(used);
            for (int slot = 0; slot < DedupWindow.SIZE; slot++)
            {
                if (isUsed(dedup, slot))
                {
                    window.next().slot(slot).requestId(dedup.requestIds[slot]).state(dedup.states[slot]);
                    if (dedup.states[slot] == DedupWindow.DONE)
                    {
                        window.putResponse(dedup.responses[slot], 0, dedup.lengths[slot]);
                    }
                    else
                    {
                        window.putResponse(NO_BYTES, 0, 0);
                    }
                }
            }
            w.advance(clientEncoder);
        }
    }

    void read(final SnapshotReader r)
    {
        r.expect(SnapshotClientTableDecoder.TEMPLATE_ID);
        final SnapshotClientTableDecoder table = new SnapshotClientTableDecoder()
            .wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
        final int count = table.clients();
        r.advance(table.limit());
        clients.clear();
        final SnapshotClientDecoder decoder = new SnapshotClientDecoder();
        final UnsafeBuffer response = new UnsafeBuffer(0, 0);
        for (int i = 0; i < count; i++)
        {
            r.expect(SnapshotClientDecoder.TEMPLATE_ID);
            decoder.wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
            final ClientRecord client = new ClientRecord(decoder.clientId());
            client.sessionId = decoder.sessionId();
            client.leaseTtlMs = decoder.leaseTtlMs();
            client.leaseExpiresAtMs = decoder.leaseExpiresAtMs();
            client.leaseTimerId = decoder.leaseTimerId();
            client.nodeId = decoder.nodeId();
            final DedupWindow dedup = client.dedup;
            dedup.highestRequestId = decoder.highestRequestId();
            for (final SnapshotClientDecoder.WindowDecoder entry : decoder.window())
            {
                final int slot = entry.slot();
                dedup.requestIds[slot] = entry.requestId();
                final byte state = (byte)entry.state();
                entry.wrapResponse(response);
                if (state == DedupWindow.DONE)
                {
                    dedup.store(slot, response, 0, response.capacity());
                }
                dedup.states[slot] = state;
            }
            clients.put(client.clientId, client);
            r.advance(decoder.limit());
        }
        rebuildSessions();
    }

    private static boolean isUsed(final DedupWindow dedup, final int slot)
    {
        return dedup.states[slot] != DedupWindow.EMPTY || dedup.requestIds[slot] != 0;
    }
}
