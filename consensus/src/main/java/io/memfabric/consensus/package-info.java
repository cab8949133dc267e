/**
 * The strongly consistent heart of MemFabric: an Aeron Cluster (Raft) service and its client.
 * <p>
 * Here: {@link io.memfabric.consensus.FabricClusteredService}, the service, binding the deterministic
 * {@link io.memfabric.consensus.state.FabricStateMachine} (wire format in {@code codec}, described in
 * {@code consensus/PROTOCOL.md}) to Aeron Cluster; the client ({@code client}); and the member launcher behind
 * {@code ./fabric member start}, {@code ./fabric cluster start} and {@code ./fabric cluster status} ({@code cluster}).
 * The state machine holds reentrant, fair locks with fencing tokens; client leases driven by cluster timers; STRONG
 * object state with read leases and invalidation; roots (get-or-create by URI); membership and the shard map; all of
 * it in snapshots. The client gives correlation ids, leader failover, deduplicated retries and bounded waits.
 * <p>
 * This module knows nothing of the runtime; the runtime composes it.
 */
package io.memfabric.consensus;
