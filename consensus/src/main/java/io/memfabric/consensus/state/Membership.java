/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.consensus.state;

import io.memfabric.consensus.protocol.NodeRegisterDecoder;
import io.memfabric.consensus.protocol.SnapshotMembershipDecoder;
import io.memfabric.consensus.protocol.SnapshotMembershipEncoder;
import io.memfabric.consensus.protocol.SnapshotNodeDecoder;
import io.memfabric.consensus.protocol.SnapshotNodeEncoder;

import java.util.ArrayList;

/**
 * Membership: the fabric nodes (clients that registered a data-plane endpoint) in nodeId order, an epoch that moves
 * on whenever the set changes, and the shard map pushed to every node with it (shard s owned by node[s mod count]).
 */
final class Membership
{
    static final int SHARD_COUNT = 64;
    static final long NO_NODE = 0;

    final ArrayList<NodeRecord> nodes = new ArrayList<>();
    long nextNodeId = 1;
    long membershipEpoch;

    private final ClientTable clients;
    private final ResponsePublisher publisher;
    private final long[] shardOwners = new long[SHARD_COUNT];
    private final SnapshotMembershipEncoder membershipEncoder = new SnapshotMembershipEncoder();
    private final SnapshotNodeEncoder nodeEncoder = new SnapshotNodeEncoder();

    Membership(final ClientTable clients, final ResponsePublisher publisher)
    {
        this.clients = clients;
        this.publisher = publisher;
    }

    /**
     * NODE_REGISTER: a new node, or a node's new name or endpoint; answered NODE_REGISTERED, then MEMBERSHIP is pushed
     * if anything changed.
     */
    void onRegister(
        final ClientRecord client, final long sessionId, final long requestId, final NodeRegisterDecoder request)
    {
        final String nodeName = request.nodeName();
        final String dataEndpoint = request.dataEndpoint();
        boolean changed = false;
        if (client.nodeId == NO_NODE)
        {
            client.nodeId = nextNodeId++;
            nodes.add(new NodeRecord(client.nodeId, client.clientId, nodeName, dataEndpoint));
            changed = true;
        }
        else
        {
            for (final NodeRecord node : nodes)
            {
                if (node.nodeId == client.nodeId &&
                    (!node.nodeName.equals(nodeName) || !node.dataEndpoint.equals(dataEndpoint)))
                {
                    node.nodeName = nodeName;
                    node.dataEndpoint = dataEndpoint;
                    changed = true;
                }
            }
        }
        if (changed)
        {
            membershipEpoch++;
        }
        publisher.reply(client, sessionId, requestId,
            publisher.nodeRegistered(requestId, client.nodeId, membershipEpoch));
        if (changed)
        {
            push();
        }
    }

    /**
     * A client that left takes its node with it; the others are told.
     */
    void removeClient(final ClientRecord client)
    {
        if (client.nodeId == NO_NODE)
        {
            return;
        }
        for (int i = 0; i < nodes.size(); i++)
        {
            if (nodes.get(i).nodeId == client.nodeId)
            {
                nodes.remove(i);
                break;
            }
        }
        membershipEpoch++;
        push();
    }

    private void push()
    {
        final int nodeCount = nodes.size();
        for (int shard = 0; shard < SHARD_COUNT; shard++)
        {
            shardOwners[shard] = nodeCount == 0 ? NO_NODE : nodes.get(shard % nodeCount).nodeId;
        }
        final int length = publisher.membership(membershipEpoch, shardOwners, nodes);
        for (final NodeRecord node : nodes)
        {
            final ClientRecord client = clients.get(node.clientId);
            if (null != client && client.hasSession())
            {
                publisher.sendPush(client.sessionId, length);
            }
        }
    }

    void write(final SnapshotWriter w)
    {
        membershipEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header)
            .nextNodeId(nextNodeId).membershipEpoch(membershipEpoch).nodes(nodes.size());
        w.advance(membershipEncoder);
        for (final NodeRecord node : nodes)
        {
            nodeEncoder.wrapAndApplyHeader(w.buffer, w.position, w.header)
                .nodeId(node.nodeId)
                .clientId(node.clientId)
                .nodeName(node.nodeName)
                .dataEndpoint(node.dataEndpoint);
            w.advance(nodeEncoder);
        }
    }

    void read(final SnapshotReader r)
    {
        r.expect(SnapshotMembershipDecoder.TEMPLATE_ID);
        final SnapshotMembershipDecoder decoder = new SnapshotMembershipDecoder()
            .wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
        nextNodeId = decoder.nextNodeId();
        membershipEpoch = decoder.membershipEpoch();
        final int count = decoder.nodes();
        r.advance(decoder.limit());
        nodes.clear();
        final SnapshotNodeDecoder node = new SnapshotNodeDecoder();
        for (int i = 0; i < count; i++)
        {
            r.expect(SnapshotNodeDecoder.TEMPLATE_ID);
            node.wrap(r.buffer, r.blockOffset(), r.header.blockLength(), r.header.version());
            final long nodeId = node.nodeId();
            final long clientId = node.clientId();
            final String nodeName = node.nodeName();
            nodes.add(new NodeRecord(nodeId, clientId, nodeName, node.dataEndpoint()));
            r.advance(node.limit());
        }
    }
}
