/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.models;

import io.memfabric.annotations.Consistency;
import io.memfabric.annotations.Shared;

/**
 * What the agents of {@code ReplicatedFieldsIT} share: two CAUSAL topics (questions and their answers, in different
 * objects), an EVENTUAL field all of them write, and a STRONG count of who is done.
 */
@Shared
public class Board
{
    @Shared("fabric://models/board")
    static Board board = new Board();

    Topic questions = new Topic();
    Topic answers = new Topic();
    @Shared(consistency = Consistency.EVENTUAL)
    String winner = "nobody";
    @Shared(consistency = Consistency.EVENTUAL)
    long eventualWrites;
    int done;
    int ready;
}
