/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.models;

import io.memfabric.annotations.Consistency;
import io.memfabric.annotations.Shared;

/**
 * The latest message number of a topic, CAUSAL, and who wrote it.
 */
@Shared(consistency = Consistency.CAUSAL)
public class Topic
{
    long latest;
    String by = "";
}
