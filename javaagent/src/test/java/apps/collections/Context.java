/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.collections;

import io.memfabric.annotations.Shared;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An agent swarm's shared context as people write it: java.util collections in a {@code @Shared} class, updated
 * under {@code synchronized}.
 */
@Shared
public class Context
{
    @Shared("fabric://collections/context")
    static Context context = new Context();

    // A LinkedList is a List and a Queue: a root declared Queue holds a fabric queue.
    @Shared("fabric://collections/pending")
    static Queue<String> pending = new LinkedList<>();

    List<String> log = new ArrayList<>();
    Map<String, Long> counts = new HashMap<>();
    Set<String> tools = new HashSet<>();
    Map<String, List<String>> notesByAgent = new HashMap<>();
    BlockingQueue<String> tasks = new LinkedBlockingQueue<>();
}
