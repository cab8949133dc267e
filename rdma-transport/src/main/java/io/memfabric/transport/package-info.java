/**
 * The data plane of MemFabric: state that is not STRONG, and large immutable pages (LLM KV-cache blocks), move
 * between nodes here rather than through the consensus log.
 * <p>
 * {@link io.memfabric.transport.DataPlane} is one node: per-peer reliable ordered streams over Aeron (UDP between
 * hosts, IPC between nodes that share a media driver), every frame checked (length, CRC32C) before it is trusted,
 * causal broadcast to the group ({@code causal}), and one-sided style page reads and writes, chunked and checked
 * against the page's CRC32C, behind the {@link io.memfabric.transport.PageTransport} service-provider interface so
 * an RDMA verbs provider can replace the Aeron path ({@code docs/RDMA.md}). The same-host page pool that every JVM of a
 * host maps, so a page is read with no copy, is in {@code pool}. Wire format: {@code rdma-transport/PROTOCOL.md}.
 * <p>
 * This module knows nothing of the runtime; the runtime composes it.
 */
package io.memfabric.transport;
