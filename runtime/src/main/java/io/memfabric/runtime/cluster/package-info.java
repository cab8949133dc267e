/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The cluster-backed fabric node ({@link io.memfabric.runtime.cluster.ClusterFabric}), which keeps STRONG state in
 * the consensus cluster, and the format of shared objects there ({@link io.memfabric.runtime.cluster.ObjectImage}).
 */
package io.memfabric.runtime.cluster;
