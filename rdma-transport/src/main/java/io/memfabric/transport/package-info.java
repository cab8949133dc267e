/**
 * The data plane of MemFabric: state that is not STRONG, and large immutable pages (LLM KV-cache blocks), move
 * between nodes here rather than through the consensus log.
 * <p>
 * What will live here (issue "rdma-transport"): node addressing and per-peer reliable ordered streams over Aeron
 * (UDP between hosts, IPC within one host); broadcast with vector-clock causal delivery; one-sided style page
 * read/write, chunked and checksummed, behind a service-provider interface so an RDMA verbs provider can replace the
 * Aeron path; and the same-host memory-mapped page pool that every JVM on a host maps, so a page is read with no copy.
 * <p>
 * This module knows nothing of the runtime; the runtime composes it. It holds no code yet.
 */
package io.memfabric.transport;
