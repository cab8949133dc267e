/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The {@code consensus} suite: MemFabric's locks and STRONG writes on a local 3-member Aeron Cluster, against the
 * floor of consensus on the same machine (an echo service on an identical cluster) and a 3-member etcd cluster on
 * loopback. A plain harness, not JMH: {@link io.memfabric.benchmarks.consensus.ConsensusSuite} starts member JVMs
 * ({@link io.memfabric.benchmarks.consensus.BenchMember}), etcd processes and one probe JVM per system
 * ({@link io.memfabric.benchmarks.consensus.Probe}), records the latencies (HdrHistogram) and throughputs the probes
 * print, and stops and removes everything it started, also when it fails or is stopped.
 */
package io.memfabric.benchmarks.consensus;
