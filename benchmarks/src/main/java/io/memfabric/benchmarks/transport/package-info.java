/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The {@code transport} suite: how fast a page (256 KiB or 2 MiB) reaches its reader on one host, by every way the
 * data plane is compared with: {@code memcpy}, a zero-copy read from the shared page pool, raw Aeron over UDP and
 * IPC, MemFabric's own fetch over the same channels, and Redis {@code GET}/{@code SET}.
 * <p>
 * {@link io.memfabric.benchmarks.transport.TransportSuite} runs in the harness JVM, starts Redis and one probe JVM
 * ({@link io.memfabric.benchmarks.transport.TransportProbes}), and computes the ratios. Every way of reading is a
 * {@link io.memfabric.benchmarks.transport.PageReadProbe} measured by the same loop,
 * {@link io.memfabric.benchmarks.transport.ReadMeasurement}; Aeron probes share the channel settings of
 * {@link io.memfabric.benchmarks.transport.TransportChannels}.
 */
package io.memfabric.benchmarks.transport;
