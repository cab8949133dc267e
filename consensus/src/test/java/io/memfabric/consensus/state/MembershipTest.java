/*
 * MemFabric consensus state machine tests.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.MembershipDecoder;
import io.memfabric.consensus.protocol.NodeRegisteredDecoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
        final Membership one = membership(first.get(1));
        assertEquals(1, one.epoch());
        assertEquals(FabricStateMachine.SHARD_COUNT, one.shardOwners().length);
        for (int shard = 0; shard < one.shardOwners().length; shard++)
        {
            assertEquals(alpha, one.shardOwners()[shard]);
        }

        h.register(12, 2, 2, "beta", "udp://b:2");
        final List<Harness.Sent> second = h.drain();
        final long beta = second.get(0).as(new NodeRegisteredDecoder()).nodeId();
        assertEquals(3, second.size());
        assertEquals(11, second.get(1).sessionId);
        assertEquals(12, second.get(2).sessionId);
        final Membership two = membership(second.get(2));
        assertEquals(2, two.epoch());
        assertEquals(alpha, two.shardOwners()[0]);
        assertEquals(beta, two.shardOwners()[1]);
        assertEquals(alpha, two.shardOwners()[62]);
        assertEquals(beta, two.shardOwners()[63]);
        assertEquals(2, two.nodes().size());
        final Node node = two.nodes().get(0);
        assertEquals(alpha, node.nodeId());
        assertEquals("alpha", node.nodeName());
        assertEquals("udp://a:1", node.dataEndpoint());

        h.register(12, 2, 3, "beta", "udp://b:2");
        assertEquals(2, h.single(NodeRegisteredDecoder.TEMPLATE_ID).as(new NodeRegisteredDecoder()).epoch(),
            "same registration again changes nothing");

        h.advance(1_000);
        final Membership three = membership(h.single(MembershipDecoder.TEMPLATE_ID));
        assertEquals(3, three.epoch());
        assertEquals(1, three.nodes().size());
        for (int shard = 0; shard < three.shardOwners().length; shard++)
        {
            assertEquals(beta, three.shardOwners()[shard]);
        }
    }

    /**
     * A MEMBERSHIP push, read in the schema's order: the shard owners, then the nodes.
     */
    private record Membership(long epoch, long[] shardOwners, List<Node> nodes)
    {
    }

    private record Node(long nodeId, String nodeName, String dataEndpoint)
    {
    }

    private static Membership membership(final Harness.Sent push)
    {
        final MembershipDecoder decoder = push.as(new MembershipDecoder());
        final long epoch = decoder.epoch();
        final MembershipDecoder.ShardsDecoder shards = decoder.shards();
        final long[] owners = new long[shards.count()];
        for (int shard = 0; shard < owners.length; shard++)
        {
            owners[shard] = shards.next().ownerNodeId();
        }
        final List<Node> nodes = new ArrayList<>();
        for (final MembershipDecoder.NodesDecoder node : decoder.nodes())
        {
            final long nodeId = node.nodeId();
            final String nodeName = node.nodeName();
            nodes.add(new Node(nodeId, nodeName, node.dataEndpoint()));
        }
        return new Membership(epoch, owners, nodes);
    }
}
