/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The states of the fabric's merging types (CRDTs): what a JVM holds of a replicated counter, set or map, the
 * operations it sends, and how states merge. The types programs use are in {@code io.memfabric.collections}.
 */
package io.memfabric.runtime.merge;
