/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.transport;

import org.agrona.DirectBuffer;

/**
 * Receives the messages peers send with {@link DataPlane#send}: every peer's messages arrive once each and in the
 * order that peer sent them, on the data plane's thread (do not block it).
 */
@FunctionalInterface
public interface MessageListener
{
    /**
     * @param source the sending node.
     * @param buffer holding the message; valid only during the call.
     * @param offset of the message.
     * @param length of the message.
     */
    void onMessage(int source, DirectBuffer buffer, int offset, int length);
}
