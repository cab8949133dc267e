/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Litmus tests whose actors share one node, so that the agent's rewritten bytecode is what races: field accessors
 * with their header checks, monitors, static roots; on the JVM's embedded fabric and on one node of a cluster (local
 * copies under a lease against write-through writes).
 */
package io.memfabric.jcstress.agent;
