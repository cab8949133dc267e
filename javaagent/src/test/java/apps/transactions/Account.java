/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.transactions;

import io.memfabric.annotations.Shared;

/**
 * An account, or any cell a transaction reads and writes.
 */
@Shared
public class Account
{
    long balance;
    long moves;
}
