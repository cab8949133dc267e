/*
 * MemFabric consensus state machine.
 */
package io.memfabric.consensus.state;

/**
 * A registered fabric node: the client it belongs to and its data-plane endpoint.
 */
final class NodeRecord
{
    final long nodeId;
    final long clientId;
    String nodeName;
    String dataEndpoint;

    NodeRecord(final long nodeId, final long clientId, final String nodeName, final String dataEndpoint)
    {
        this.nodeId = nodeId;
        this.clientId = clientId;
        this.nodeName = nodeName;
        this.dataEndpoint = dataEndpoint;
    }
}
