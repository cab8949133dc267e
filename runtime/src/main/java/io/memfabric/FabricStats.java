/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric;

/**
 * A snapshot of a fabric's counters, for monitoring and for tests that check the fabric saw what the program did.
 *
 * @param sharedObjects   objects that became shared on this fabric (roots and what was published through them).
 * @param roots           roots bound on this fabric, including static {@code @Shared} fields.
 * @param monitorEnters   {@code synchronized} entries on shared objects.
 * @param waits           {@code wait} calls on shared objects.
 * @param notifies        {@code notify} and {@code notifyAll} calls on shared objects.
 */
public record FabricStats(long sharedObjects, long roots, long monitorEnters, long waits, long notifies)
{
}
