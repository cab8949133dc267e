/**
 * The strongly consistent heart of MemFabric: an Aeron Cluster (Raft) service and its client.
 * <p>
 * What will live here (issue "consensus"): a deterministic {@code ClusteredService} holding reentrant, fair locks
 * with fencing tokens; leases driven by cluster timers; STRONG object state with read leases and invalidation;
 * roots (get-or-create by URI); membership and the shard map; snapshots and recovery. Next to it, the asynchronous
 * client the runtime uses (correlation ids, leader failover, deduplicated retries, bounded waits), and the launcher
 * behind {@code ./fabric member start} and {@code ./fabric cluster start}.
 * <p>
 * This module knows nothing of the runtime; the runtime composes it. It holds no code yet.
 */
package io.memfabric.consensus;
