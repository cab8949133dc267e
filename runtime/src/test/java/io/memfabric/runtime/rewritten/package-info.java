/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Classes written by hand to look exactly as the agent leaves {@code @Shared} classes: the top shareable class holds
 * the {@code $mf$h} header field and implements {@link io.memfabric.runtime.SharedInstance}, and every class that
 * declares shared fields lists them in {@code $mf$slots}. They let the runtime be tested without the agent.
 */
package io.memfabric.runtime.rewritten;
