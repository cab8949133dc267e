/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.models;

import io.memfabric.annotations.Consistency;
import io.memfabric.annotations.Shared;
import io.memfabric.collections.ReplicatedCounter;
import io.memfabric.collections.ReplicatedMap;
import io.memfabric.collections.ReplicatedSet;

/**
 * What the agents of {@code ReplicatedFieldsIT} share: two CAUSAL topics (questions and their answers, in different
 * objects), EVENTUAL fields all of them write, merging types, and STRONG counts of who is ready and done.
 */
@Shared
public class Board
{
    Topic questions = new Topic();
    Topic answers = new Topic();
    @Shared(consistency = Consistency.EVENTUAL)
    String winner = "nobody";
    @Shared(consistency = Consistency.EVENTUAL)
    long eventualWrites;
    ReplicatedCounter hits = new ReplicatedCounter();
    ReplicatedSet<String> members = new ReplicatedSet<>();
    ReplicatedMap<String, Long> progress = new ReplicatedMap<>();
    int done;
    int ready;
    int lockedCount;
}
