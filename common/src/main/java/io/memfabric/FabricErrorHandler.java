/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * Where a MemFabric component sends the errors that have no caller to be thrown to: a failure on one of its own
 * threads (a client's poller, the data plane's duty cycle, a lease renewal, a RESP I/O thread), a message from a peer
 * it cannot read, a release the cluster did not confirm. Every component's configuration has one ({@code
 * errorHandler(...)}); {@link ErrorHandlers#logging(String)} unless the application gives its own. The shape of
 * Agrona's {@code ErrorHandler}, without its type in the public API, so a program compiled against memfabric-api alone
 * can set one.
 * <p>
 * Called on the component's thread: it must return quickly and must not throw.
 */
@FunctionalInterface
public interface FabricErrorHandler
{
    /**
     * @param error what went wrong; a {@link FabricException} says its {@link FabricException#category()}.
     */
    void onError(Throwable error);
}
