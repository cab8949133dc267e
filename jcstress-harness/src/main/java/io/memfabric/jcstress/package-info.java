/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * MemFabric's memory model, checked with JCStress, and the harness for writing such tests.
 * <p>
 * {@link io.memfabric.jcstress.FabricStress} is the main class of {@code jcstress.jar}; {@link
 * io.memfabric.jcstress.FabricNodes} gives a test's actors fabric nodes and fresh shared objects;
 * {@link io.memfabric.jcstress.Parallel} runs two parties of one actor at once. The tests are in {@code nodes}
 * (actors on different nodes) and {@code agent} (actors on one node). {@code docs/memory-model.md} lists them.
 */
package io.memfabric.jcstress;
