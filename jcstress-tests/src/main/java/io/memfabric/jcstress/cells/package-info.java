/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The {@code @Shared} classes the litmus tests race on; the agent rewrites them in the forked JVMs.
 */
package io.memfabric.jcstress.cells;
