/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Pieces of the cluster-backed fabric node, which keeps STRONG state in the consensus cluster. The node itself is
 * not built yet; {@link io.memfabric.Fabric#open} refuses {@code memfabric.cluster} until it is.
 */
package io.memfabric.runtime.cluster;
