/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import java.util.SplittableRandom;

/**
 * A seeded mix of every request kind, session closes, reconnects and clock moves, over a few clients, locks and
 * objects, so contention, staging, expiry and dedup all happen. The same seed gives the same inputs.
 */
final class Workload
{
    private static final int CLIENTS = 4;

    private final SplittableRandom random;
    private final long[] nextRequestId = new long[CLIENTS + 1];
    private final long[] session = new long[CLIENTS + 1];
    private long nextSession = 100;

    Workload(final long seed)
    {
        random = new SplittableRandom(seed);
        for (int c = 1; c <= CLIENTS; c++)
        {
            nextRequestId[c] = 1;
            session[c] = nextSession++;
        }
    }

    void step(final Harness... replicas)
    {
        final int client = 1 + random.nextInt(CLIENTS);
        final long s = session[client];
        final long r = nextRequestId[client]++;
        final int op = random.nextInt(19);
        final long lock = 1 + random.nextInt(3);
        final long owner = random.nextInt(2);
        final long object = 1 + random.nextInt(6);
        final int slot = random.nextInt(3);
        final long value = random.nextLong();
        final long advance = random.nextInt(400);
        final long retry = Math.max(1, r - random.nextInt(5));
        for (final Harness h : replicas)
        {
            switch (op)
            {
                case 0 -> h.connect(s, client, r, 1_500 + client * 500L);
                case 1 -> h.acquire(s, client, r, lock, owner, -1);
                case 2 -> h.acquire(s, client, r, lock, owner, 300);
                case 3, 4 -> h.release(s, client, r, lock, owner);
                case 5 -> h.read(s, client, r, object, slot, 1_000);
                case 6 -> h.writeLong(s, client, r, 0, 0, object, slot, value);
                case 7 -> h.casLong(s, client, r, object, slot, value & 1, value);
                case 8 -> h.allocate(s, client, r, 3);
                case 9 -> h.invalidateAck(s, client, r, object, 1 + (value & 15));
                case 10 -> h.root(s, client, r, "fabric://w/" + (value & 3));
                case 11 -> h.register(s, client, r, "n" + client, "udp://h:" + client);
                case 12 -> h.keepalive(s, client, retry);
                case 13 -> h.closeSession(s);
                case 14 -> h.readAll(s, client, r, object, 500);
                case 15 -> h.write(s, client, r, lock, h.currentToken(client, lock),
                    new Harness.Batch().addLong(object, slot, value).own());
                case 16 -> h.write(s, client, r, lock, h.currentToken(client, lock),
                    new Harness.Batch().addLong(object, slot, value).release(object).release(1 + (value & 7)));
                // A transaction whose read is of a small version: it commits only if that is still the one.
                case 17 -> h.write(s, client, r, 0, 0,
                    new Harness.Batch().addLong(object, slot, value).expect(1 + (value & 5), (value >>> 8) & 3));
                default -> h.advance(advance);
            }
        }
        if (op == 13)
        {
            session[client] = nextSession++;
            for (final Harness h : replicas)
            {
                h.connect(session[client], client, nextRequestId[client], 1_500 + client * 500L);
            }
            nextRequestId[client]++;
        }
    }
}
