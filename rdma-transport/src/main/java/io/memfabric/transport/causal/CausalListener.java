/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport.causal;

import org.agrona.DirectBuffer;

/**
 * Receives the broadcasts of other nodes from a {@link CausalOrder}, each once and only after everything its sender
 * had delivered or sent before it.
 */
@FunctionalInterface
public interface CausalListener
{
    /**
     * A message is delivered. The engine counts it as delivered before this is called, so a stamp taken here with
     * {@link CausalOrder#stampForSend()} (a reaction) carries it as a cause. If this throws, the message still
     * counts as delivered and the exception reaches the caller of the engine; held messages that became deliverable
     * are delivered on the engine's next call.
     *
     * @param sender   node that broadcast it.
     * @param sequence its position among the sender's broadcasts, from 1: the sender's entry in its stamp.
     * @param payload  holding the message; valid only during this call (it may be the engine's hold-back copy).
     * @param offset   of the first byte of the message in payload.
     * @param length   of the message in bytes.
     */
    void onDeliver(int sender, long sequence, DirectBuffer payload, int offset, int length);
}
