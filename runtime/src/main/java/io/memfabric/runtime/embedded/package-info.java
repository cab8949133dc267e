/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The embedded fabric: the whole fabric inside one JVM, used when no cluster is configured.
 */
package io.memfabric.runtime.embedded;
