/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Causal delivery for the data plane's broadcasts (CAUSAL-consistency field writes): {@link
 * io.memfabric.transport.causal.VectorClock} stamps, their wire encoding, and the {@link
 * io.memfabric.transport.causal.CausalOrder} engine that holds a message back until its causes are delivered.
 * <p>
 * Nothing here knows about Aeron or threads: the transport decodes a frame's stamp, offers the message to the engine
 * from its one thread, and acts on the outcome (keeps a message the engine refused for lack of room, and offers it
 * again later).
 */
package io.memfabric.transport.causal;
