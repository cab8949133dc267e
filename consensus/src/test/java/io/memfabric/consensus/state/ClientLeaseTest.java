/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.BooleanType;
import io.memfabric.consensus.protocol.ConnectedDecoder;
import io.memfabric.consensus.protocol.ErrorCode;
import io.memfabric.consensus.protocol.ErrorDecoder;
import io.memfabric.consensus.protocol.KeepaliveAckDecoder;
import io.memfabric.consensus.protocol.LockGrantedDecoder;
import io.memfabric.consensus.protocol.LockReleasedDecoder;
import io.memfabric.consensus.protocol.LockTimeoutDecoder;
import io.memfabric.consensus.wire.Wire;
import org.agrona.SemanticVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientLeaseTest
{
    private static final long LOCK = 5;
    private final Harness h = new Harness();

    @Test
    void connectStartsALeaseAndReconnectResumesIt()
    {
        h.connect(11, 1, 1, 2_000);
        final ConnectedDecoder first = h.single(ConnectedDecoder.TEMPLATE_ID).as(new ConnectedDecoder());
        assertEquals(BooleanType.FALSE, first.resumed());
        assertEquals(h.now, first.clusterTimeMs());
        assertEquals(h.now + 2_000, first.leaseExpiresAtMs());

        h.connect(21, 1, 2, 2_000);
        final Harness.Sent second = h.single(ConnectedDecoder.TEMPLATE_ID);
        assertEquals(21, second.sessionId);
        assertEquals(BooleanType.TRUE, second.as(new ConnectedDecoder()).resumed());
    }

    @Test
    void anyRequestRenewsTheLease()
    {
        h.connect(11, 1, 1, 1_000);
        h.drain();
        h.granted(11, 1, 2, LOCK, 1);
        for (int i = 0; i < 10; i++)
        {
            h.advance(600);
            h.keepalive(11, 1, 3 + i);
            assertEquals(h.now + 1_000, h.single(KeepaliveAckDecoder.TEMPLATE_ID).as(new KeepaliveAckDecoder())
                .leaseExpiresAtMs());
        }
        h.connected(12, 2);
        h.acquire(12, 2, 2, LOCK, 9, 0);
        assertEquals(LockTimeoutDecoder.TEMPLATE_ID, h.single().templateId(), "client 1 still holds the lock");
    }

    @Test
    void leaseExpiryReleasesLocksAndGrantsTheNextWaiter()
    {
        h.connect(11, 1, 1, 1_000);
        h.drain();
        h.connected(12, 2);
        final long token = h.granted(11, 1, 2, LOCK, 1).fencingToken();
        h.acquire(12, 2, 2, LOCK, 2, -1);
        h.advance(999);
        h.assertNothingSent();
        h.advance(1);
        final Harness.Sent grant = h.single(LockGrantedDecoder.TEMPLATE_ID);
        assertEquals(12, grant.sessionId);
        final LockGrantedDecoder granted = grant.as(new LockGrantedDecoder());
        assertEquals(2, granted.requestId());
        assertTrue(granted.fencingToken() > token);

        h.keepalive(11, 1, 3);
        assertEquals(ErrorCode.NOT_CONNECTED, h.error(h.single(ErrorDecoder.TEMPLATE_ID)));
        h.connect(11, 1, 4, 1_000);
        assertEquals(BooleanType.FALSE, h.single(ConnectedDecoder.TEMPLATE_ID).as(new ConnectedDecoder()).resumed());
    }

    @Test
    void aNewLeadershipTermGivesEveryClientAFullLeaseFromItsStart()
    {
        holdWithAWaiterFor900Ms();
        // The leader died; the election ends 900 ms into client 1's lease, which it could not renew meanwhile.
        h.machine.onNewLeadershipTerm(Wire.APP_VERSION, h.now);
        h.advance(999);
        h.assertNothingSent();
        h.advance(1);
        assertEquals(12, h.single(LockGrantedDecoder.TEMPLATE_ID).sessionId, "the grace is one lease, not more");
    }

    @Test
    void aTermOfAnAppVersionBeforeTheGraceLeavesLeasesAsTheyWereSoAnOldLogReplaysExactly()
    {
        holdWithAWaiterFor900Ms();
        h.machine.onNewLeadershipTerm(SemanticVersion.compose(0, 2, 0), h.now);
        h.advance(99);
        h.assertNothingSent();
        h.advance(1);
        assertEquals(12, h.single(LockGrantedDecoder.TEMPLATE_ID).sessionId);
    }

    // Client 1 (lease 1 s) holds the lock, client 2 waits for it, and 900 ms pass without a renewal.
    private void holdWithAWaiterFor900Ms()
    {
        h.connect(11, 1, 1, 1_000);
        h.drain();
        h.connected(12, 2);
        h.granted(11, 1, 2, LOCK, 1);
        h.acquire(12, 2, 2, LOCK, 2, -1);
        h.advance(900);
    }

    @Test
    void leaseExpiryDropsQueuedWaits()
    {
        h.connected(11, 1);
        h.connect(12, 2, 1, 500);
        h.drain();
        h.connected(13, 3);
        h.granted(11, 1, 2, LOCK, 1);
        h.acquire(12, 2, 2, LOCK, 2, -1);
        h.acquire(13, 3, 2, LOCK, 3, -1);
        h.advance(500);
        h.assertNothingSent();
        h.release(11, 1, 3, LOCK, 1);
        final List<Harness.Sent> sent = h.drain();
        assertEquals(2, sent.size());
        assertEquals(13, sent.get(1).sessionId, "the expired client's wait was dropped");
    }

    @Test
    void sessionCloseAloneKeepsLocksAndAReconnectOnANewSessionStillHoldsThem()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.granted(11, 1, 2, LOCK, 1);
        h.machine.onSessionClose(11, h.now);
        h.advance(10_000);
        h.acquire(12, 2, 2, LOCK, 2, 0);
        assertEquals(LockTimeoutDecoder.TEMPLATE_ID, h.single().templateId());

        h.connect(31, 1, 3, 600_000);
        assertEquals(BooleanType.TRUE, h.single(ConnectedDecoder.TEMPLATE_ID).as(new ConnectedDecoder()).resumed());
        h.release(31, 1, 4, LOCK, 1);
        assertEquals(LockReleasedDecoder.TEMPLATE_ID, h.single().templateId());
    }

    @Test
    void aGrantMadeWhileDisconnectedIsDeliveredOnRetryAfterReconnect()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.granted(11, 1, 2, LOCK, 1);
        h.acquire(12, 2, 2, LOCK, 2, -1);
        h.machine.onSessionClose(12, h.now);
        h.release(11, 1, 3, LOCK, 1);
        assertEquals(1, h.drain().size(), "only the release answer: the waiter has no session");

        h.connect(22, 2, 3, 600_000);
        h.single(ConnectedDecoder.TEMPLATE_ID);
        h.acquire(22, 2, 2, LOCK, 2, -1);
        final Harness.Sent grant = h.single(LockGrantedDecoder.TEMPLATE_ID);
        assertEquals(22, grant.sessionId);
        assertEquals(2, grant.as(new LockGrantedDecoder()).requestId());
    }

    @Test
    void pushesAndLateAnswersGoToTheLatestSession()
    {
        h.connected(11, 1);
        h.connected(12, 2);
        h.granted(11, 1, 2, LOCK, 1);
        h.acquire(12, 2, 2, LOCK, 2, -1);
        h.connect(22, 2, 3, 600_000);
        h.single(ConnectedDecoder.TEMPLATE_ID);
        h.release(11, 1, 3, LOCK, 1);
        assertEquals(22, h.drain().get(1).sessionId);
    }
}
