/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The demo ({@code ./fabric demo}): a swarm of agents over one shared context. A planner posts tasks to a shared
 * {@link io.memfabric.samples.demo.TaskBoard}; worker agents take them under {@code synchronized (board)}, wait when
 * there is nothing to take, do the work and record it on the task and on the shared
 * {@link io.memfabric.samples.demo.Plan}. Everything shared is ordinary Java with {@code @Shared} on it.
 * <p>
 * {@link io.memfabric.samples.demo.ClusterDemo} runs it across processes: a local consensus cluster, the planner and
 * every agent in a JVM of its own ({@link io.memfabric.samples.demo.SwarmProcess}), and a checker JVM at the end.
 * {@link io.memfabric.samples.demo.SwarmDemo} runs it as threads of one JVM on the embedded fabric.
 */
package io.memfabric.samples.demo;
