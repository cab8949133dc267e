/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.collections;

import io.memfabric.collections.FabricLongArray;
import io.memfabric.linearizability.HistoryRecorder;
import io.memfabric.linearizability.RegisterWorkload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Programs of {@code ClusterCollectionsIT}, each run in a JVM of its own under the agent against a cluster.
 */
public final class CollectionsApp
{
    private static final String POISON = "STOP";

    private CollectionsApp()
    {
    }

    /**
     * @param args the mode and its arguments.
     * @throws Exception on failure (the JVM exits non-zero).
     */
    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "append" -> append(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "identity" -> identity();
            case "produce" -> produce(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "consume" -> consume(args[1]);
            case "grid-write" -> gridWrite(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "grid-read" -> gridRead(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "big-store" -> bigStore(Integer.parseInt(args[1]));
            case "big-read" -> bigRead(Integer.parseInt(args[1]));
            case "registers" -> registers(args[1], Path.of(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Integer.parseInt(args[5]), Long.parseLong(args[6]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.exit(0);
    }

    // Each writer appends its own entries under the context's lock; then waits for every writer and prints what
    // it reads, so the test can compare what each JVM sees.
    private static void append(final String agent, final int entries, final int writers) throws InterruptedException
    {
        final Context context = Context.context;
        final long start = System.nanoTime();
        for (int i = 0; i < entries; i++)
        {
            synchronized (context)
            {
                context.log.add(agent + ":" + i);
                context.counts.merge(agent, 1L, Long::sum);
                context.counts.merge("all", 1L, Long::sum);
                context.tools.add("tool-" + i % 7);
                context.notesByAgent.computeIfAbsent(agent, a -> new ArrayList<>()).add("note " + i);
            }
        }
        System.out.println("APPENDED " + entries + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        final long deadline = System.nanoTime() + 120_000_000_000L;
        while (true)
        {
            synchronized (context)
            {
                if (context.log.size() >= entries * writers)
                {
                    break;
                }
            }
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the other writers did not finish: log has " + context.log.size());
            }
            Thread.sleep(20);
        }
        synchronized (context)
        {
            System.out.println("SEEN " + summary(context));
        }
    }

    // What a JVM sees, checked here and printed in a form the test compares across JVMs.
    private static String summary(final Context context)
    {
        final Map<String, Integer> next = new TreeMap<>();
        int index = 0;
        for (final String entry : context.log)
        {
            final String agent = entry.substring(0, entry.indexOf(':'));
            final int n = Integer.parseInt(entry.substring(entry.indexOf(':') + 1));
            final int expected = next.getOrDefault(agent, 0);
            if (n != expected)
            {
                throw new IllegalStateException("log entry " + index + " is " + entry + ", expected " + agent + ":" +
                    expected);
            }
            next.put(agent, expected + 1);
            index++;
        }
        final Map<String, Long> counts = new TreeMap<>(context.counts);
        final Map<String, Integer> notes = new TreeMap<>();
        for (final Map.Entry<String, List<String>> entry : context.notesByAgent.entrySet())
        {
            final List<String> list = entry.getValue();
            for (int i = 0; i < list.size(); i++)
            {
                if (!list.get(i).equals("note " + i))
                {
                    throw new IllegalStateException("note " + i + " of " + entry.getKey() + " is " + list.get(i));
                }
            }
            notes.put(entry.getKey(), list.size());
        }
        return "log " + context.log.size() + " perAgent " + next + " counts " + counts + " tools " +
            new TreeMap<>(toMap(context.tools)).keySet() + " notes " + notes + " types " +
            context.log.getClass().getSimpleName() + "," + context.counts.getClass().getSimpleName() + "," +
            context.notesByAgent.values().iterator().next().getClass().getSimpleName();
    }

    private static Map<String, Boolean> toMap(final Iterable<String> elements)
    {
        final Map<String, Boolean> map = new HashMap<>();
        for (final String element : elements)
        {
            map.put(element, Boolean.TRUE);
        }
        return map;
    }

    // What happens to the identity of a stored collection: the field holds a fabric collection with the same
    // contents; the stored one stays the caller's, local, unchanged by later writes through the field.
    private static void identity()
    {
        final Context context = Context.context;
        final List<String> mine = new ArrayList<>(List.of("a", "b"));
        final List<String> held;
        synchronized (context)
        {
            context.log = mine;
            held = context.log;
            held.add("c");
        }
        System.out.println("IDENTITY same " + (held == mine) + " fieldStable " + (held == context.log) +
            " mine " + mine + " held " + held + " class " + held.getClass().getName() + " equal " +
            held.equals(List.of("a", "b", "c")));
        @SuppressWarnings("unchecked")
        final java.util.concurrent.BlockingQueue<String> inbox = io.memfabric.Fabric.current().root(
            "fabric://collections/inbox", java.util.concurrent.BlockingQueue.class,
            java.util.concurrent.LinkedBlockingQueue::new);
        inbox.offer("hello");
        System.out.println("ROOT " + inbox.getClass().getSimpleName() + " " + inbox.poll() + " " + inbox.size());
        @SuppressWarnings("unchecked")
        final java.util.Queue<String> backlog = io.memfabric.Fabric.current().root("fabric://collections/backlog",
            java.util.Queue.class, java.util.LinkedList::new);
        Context.pending.offer("p");
        System.out.println("QUEUE ROOTS " + backlog.getClass().getSimpleName() + " " +
            Context.pending.getClass().getSimpleName() + " " + Context.pending.peek());
        try
        {
            synchronized (context)
            {
                context.counts = new TreeMap<>();
            }
            System.out.println("SORTED accepted");
        }
        catch (final RuntimeException ex)
        {
            System.out.println("SORTED refused " + ex.getClass().getName() + ": " + ex.getMessage());
        }
    }

    // Writer k of n writes its stripe of elements without a lock (an element is a field of its own), then counts
    // under the grid's lock.
    private static void gridWrite(final int writer, final int increments)
    {
        final Grid grid = Grid.grid;
        for (int i = writer; i < Grid.SIZE; i += 3)
        {
            grid.cells.set(i, i * 10L + writer);
            grid.names.set(i, "name-" + i);
        }
        for (int i = 0; i < increments; i++)
        {
            synchronized (grid)
            {
                grid.hits.set(0, grid.hits.get(0) + 1);
            }
        }
        System.out.println("GRID written " + writer);
    }

    private static void gridRead(final int writers, final int increments)
    {
        final Grid grid = Grid.grid;
        int cells = 0;
        int names = 0;
        for (int i = 0; i < Grid.SIZE; i++)
        {
            final int writer = i % 3;
            if (writer < writers && grid.cells.get(i) == i * 10L + writer)
            {
                cells++;
            }
            if (writer < writers && ("name-" + i).equals(grid.names.get(i)))
            {
                names++;
            }
        }
        String outOfBounds = "none";
        try
        {
            grid.cells.get(Grid.SIZE);
        }
        catch (final ArrayIndexOutOfBoundsException ex)
        {
            outOfBounds = ex.getMessage();
        }
        System.out.println("GRID cells " + cells + " names " + names + " hits " + grid.hits.get(0) + " length " +
            grid.cells.length() + " outOfBounds " + outOfBounds);
    }

    private static void bigStore(final int size)
    {
        final Grid grid = Grid.grid;
        final List<String> list = new ArrayList<>(size);
        final long[] values = new long[size];
        for (int i = 0; i < size; i++)
        {
            list.add("element-" + i);
            values[i] = i * 3L;
        }
        final long start = System.nanoTime();
        synchronized (grid)
        {
            grid.bigList = list;
            grid.bigArray = io.memfabric.collections.FabricLongArray.of(values);
        }
        System.out.println("BIG stored " + size + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    // One element of each, then the whole list in order, counting what it took.
    private static void bigRead(final int size)
    {
        final io.memfabric.Fabric fabric = io.memfabric.Fabric.current();
        final long objectsBefore = fabric.stats().sharedObjects();
        final Grid grid = Grid.grid;
        final String element = grid.bigList.get(size - 7);
        final long value = grid.bigArray.get(size - 7);
        final long objectsForOne = fabric.stats().sharedObjects() - objectsBefore;
        int walked = 0;
        for (final String each : grid.bigList)
        {
            if (!each.equals("element-" + walked))
            {
                throw new IllegalStateException("element " + walked + " is " + each);
            }
            walked++;
        }
        System.out.println("BIG element " + element + " value " + value + " objectsForOne " + objectsForOne +
            " walked " + walked + " objectsAfterWalk " + (fabric.stats().sharedObjects() - objectsBefore));
    }

    // The register workload of the linearizability checker, on registers that are a fabric map's entries (get, put,
    // replace), a fabric list's elements (get, set; compare-and-set under the list's lock) or a fabric array's
    // elements (get without a lock; set and compare-and-set under the array's lock).
    @SuppressWarnings("unchecked")
    private static void registers(
        final String kind, final Path history, final int process, final int threads, final int ops, final long seed)
        throws Exception
    {
        final int count = 4;
        final io.memfabric.Fabric fabric = io.memfabric.Fabric.current();
        final RegisterWorkload.Registers registers;
        switch (kind)
        {
            case "map" ->
            {
                final Map<String, Long> map = fabric.root("fabric://collections/registers-map", Map.class,
                    HashMap::new);
                for (int i = 0; i < count; i++)
                {
                    // The registers start at 0: a key another JVM already set keeps its value.
                    map.putIfAbsent("r" + i, 0L);
                }
                registers = new RegisterWorkload.Registers()
                {
                    public long get(final int register)
                    {
                        return map.get("r" + register);
                    }

                    public void set(final int register, final long value)
                    {
                        map.put("r" + register, value);
                    }

                    public boolean compareAndSet(final int register, final long expected, final long newValue)
                    {
                        return map.replace("r" + register, expected, newValue);
                    }
                };
            }
            case "list" ->
            {
                final List<Long> list = fabric.root("fabric://collections/registers-list", List.class,
                    ArrayList::new);
                synchronized (list)
                {
                    while (list.size() < count)
                    {
                        list.add(0L);
                    }
                }
                registers = new RegisterWorkload.Registers()
                {
                    public long get(final int register)
                    {
                        return list.get(register);
                    }

                    public void set(final int register, final long value)
                    {
                        list.set(register, value);
                    }

                    public boolean compareAndSet(final int register, final long expected, final long newValue)
                    {
                        synchronized (list)
                        {
                            if (list.get(register) != expected)
                            {
                                return false;
                            }
                            list.set(register, newValue);
                            return true;
                        }
                    }
                };
            }
            default ->
            {
                final FabricLongArray array = fabric.root("fabric://collections/registers-array",
                    FabricLongArray.class, () -> new FabricLongArray(count));
                registers = new RegisterWorkload.Registers()
                {
                    public long get(final int register)
                    {
                        return array.get(register);
                    }

                    public void set(final int register, final long value)
                    {
                        // Under the lock the compare-and-set takes, as in Java: a plain store racing a locked
                        // read-then-write is not atomic with it (the checker finds that history not linearizable).
                        synchronized (array)
                        {
                            array.set(register, value);
                        }
                    }

                    public boolean compareAndSet(final int register, final long expected, final long newValue)
                    {
                        synchronized (array)
                        {
                            if (array.get(register) != expected)
                            {
                                return false;
                            }
                            array.set(register, newValue);
                            return true;
                        }
                    }
                };
            }
        }
        try (HistoryRecorder recorder = HistoryRecorder.open(history, process))
        {
            new RegisterWorkload().registerCount(count).threads(threads).operationsPerThread(ops).seed(seed)
                .run(registers, recorder);
        }
        System.out.println("registers done");
    }

    private static void produce(final int items, final int consumers) throws InterruptedException
    {
        final Context context = Context.context;
        final long start = System.nanoTime();
        for (int i = 0; i < items; i++)
        {
            context.tasks.put("task-" + i);
        }
        System.out.println("PUT " + items + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        for (int i = 0; i < consumers; i++)
        {
            context.tasks.put(POISON);
        }
        System.out.println("PRODUCED " + items);
    }

    private static void consume(final String name) throws InterruptedException
    {
        final Context context = Context.context;
        final List<String> taken = new ArrayList<>();
        final long start = System.nanoTime();
        while (true)
        {
            final String task = context.tasks.take();
            if (task.equals(POISON))
            {
                break;
            }
            taken.add(task);
        }
        System.out.println("TAKEN in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        final StringBuilder line = new StringBuilder("TOOK ").append(name).append(' ').append(taken.size());
        for (final String task : taken)
        {
            line.append(' ').append(task.substring("task-".length()));
        }
        System.out.println(line);
    }
}
