/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The {@code strong} suite: what STRONG access to a {@code @Shared} field costs when the fabric is a 3-member
 * consensus cluster in other JVMs (a leased read, a read without a lease, a write, a {@code synchronized} block),
 * next to a plain field read, a Hazelcast {@code IMap} get and put, a Hazelcast CP {@code FencedLock}, and the raw
 * Aeron Cluster echo round trip of the consensus suite, all started, measured and stopped in one run.
 * <p>
 * A plain harness, not JMH: {@link io.memfabric.benchmarks.strong.StrongSuite} runs in the harness JVM and only
 * starts processes and records what they print. Member JVMs run
 * {@link io.memfabric.benchmarks.consensus.BenchMember} or {@link io.memfabric.benchmarks.strong.HazelcastMember};
 * probe JVMs run {@link io.memfabric.benchmarks.strong.FabricProbe} (with the agent),
 * {@link io.memfabric.benchmarks.strong.HazelcastProbe} or the consensus suite's echo probe, and print
 * {@code FIGURE} lines, or {@code ABSENT} lines saying why a figure could not be measured.
 */
package io.memfabric.benchmarks.strong;
