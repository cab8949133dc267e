/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.programs;

import io.memfabric.annotations.Shared;

/**
 * A record that references another record and, back, the mutable object that holds it.
 *
 * @param from    who sent it.
 * @param at      where.
 * @param replyTo the holder it was put into.
 */
@Shared
public record Message(String from, Point at, Holder replyTo)
{
}
