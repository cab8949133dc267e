/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.codec.MembershipDecoder;
import io.memfabric.consensus.codec.NodeRegisteredDecoder;
import io.memfabric.consensus.codec.TemplateId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MembershipTest
{
    private final Harness h = new Harness();

    @Test
    void registrationsAndExpiriesPushAnEpochedShardMapToEveryNode()
    {
        h.connect(11, 1, 1, 1_000);
        h.drain();
        h.connected(12, 2);

        h.register(11, 1, 2, "alpha", "udp://a:1");
        final List<Harness.Sent> first = h.drain();
        final NodeRegisteredDecoder registered = first.get(0).as(new NodeRegisteredDecoder());
        assertEquals(1, registered.epoch());
        final long alpha = registered.nodeId();
        final MembershipDecoder one = first.get(1).as(new MembershipDecoder());
        assertEquals(1, one.epoch());
        assertEquals(FabricStateMachine.SHARD_COUNT, one.shardCount());
        for (int shard = 0; shard < one.shardCount(); shard++)
        {
            assertEquals(alpha, one.shardOwner(shard));
        }

        h.register(12, 2, 2, "beta", "udp://b:2");
        final List<Harness.Sent> second = h.drain();
        final long beta = second.get(0).as(new NodeRegisteredDecoder()).nodeId();
        assertEquals(3, second.size());
        assertEquals(11, second.get(1).sessionId);
        assertEquals(12, second.get(2).sessionId);
        final MembershipDecoder two = second.get(2).as(new MembershipDecoder());
        assertEquals(2, two.epoch());
        assertEquals(alpha, two.shardOwner(0));
        assertEquals(beta, two.shardOwner(1));
        assertEquals(alpha, two.shardOwner(62));
        assertEquals(beta, two.shardOwner(63));
        assertEquals(2, two.nodeCount());
        two.nextNode();
        assertEquals(alpha, two.nodeId());
        assertEquals("alpha", two.nodeName());
        assertEquals("udp://a:1", two.dataEndpoint());

        h.register(12, 2, 3, "beta", "udp://b:2");
        assertEquals(2, h.single(TemplateId.NODE_REGISTERED).as(new NodeRegisteredDecoder()).epoch(),
            "same registration again changes nothing");

        h.advance(1_000);
        final MembershipDecoder three = h.single(TemplateId.MEMBERSHIP).as(new MembershipDecoder());
        assertEquals(3, three.epoch());
        assertEquals(1, three.nodeCount());
        for (int shard = 0; shard < three.shardCount(); shard++)
        {
            assertEquals(beta, three.shardOwner(shard));
        }
    }
}
