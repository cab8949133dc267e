/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.programs;

import io.memfabric.Fabric;
import io.memfabric.FabricUnavailableException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Ordinary programs, written the way someone with only the README would write them, run by {@code ClusterProgramsIT}
 * in JVMs of their own against a real cluster: a big list stored by one assignment and walked elsewhere, long and
 * odd texts, records, an interrupted {@code wait}, and every kind of operation on a cluster that stopped answering.
 */
public final class ProgramsApp
{
    private static final long PATIENCE_MS = 120_000;

    private ProgramsApp()
    {
    }

    /**
     * @param args the mode, then its arguments.
     * @throws Exception on failure; the JVM then exits 1 at once.
     */
    public static void main(final String[] args) throws Exception
    {
        try
        {
            run(args);
        }
        catch (final Throwable ex)
        {
            ex.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
        System.out.flush();
        System.exit(0);
    }

    private static void run(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "store-list" -> storeList(args[1], Integer.parseInt(args[2]));
            case "walk-list" -> walkList(args[1], Integer.parseInt(args[2]));
            case "store-texts" -> storeTexts(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "read-texts" -> readTexts(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "store-records" -> storeRecords();
            case "read-records" -> readRecords();
            case "store-ticket" -> storeTicket();
            case "add-cost" -> addCost(Integer.parseInt(args[1]));
            case "read-ticket" -> readTicket();
            case "interrupted-wait" -> interruptedWait();
            case "intruder" -> intruder(Long.parseLong(args[1]));
            case "stalled" -> stalled(Path.of(args[1]));
            case "await-notify" -> awaitNotify();
            case "count" -> count(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "tally" -> tally(Path.of(args[1]), Long.parseLong(args[2]));
            case "read-count" -> System.out.println("COUNT " + counter().value);
            case "produce" -> produce(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "consume" -> consume(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "notify-after" -> notifyAfter(Long.parseLong(args[1]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static Holder holder(final String name)
    {
        return Fabric.current().root("fabric://programs/" + name, Holder.class, Holder::new);
    }

    // ------------------------------------------------------------------------------------------------ a big list

    private static void storeList(final String name, final int size)
    {
        final Holder holder = holder(name);
        Node head = null;
        for (int i = size - 1; i >= 0; i--)
        {
            head = new Node(i, null, head);
        }
        final long requests = Fabric.current().stats().clusterRequests();
        final long start = System.nanoTime();
        holder.head = head;
        System.out.println("STORED " + size + " in " + (System.nanoTime() - start) / 1_000_000 + " ms, " +
            (Fabric.current().stats().clusterRequests() - requests) + " requests");
        holder.size = size;
    }

    private static void walkList(final String name, final int size) throws InterruptedException
    {
        final Holder holder = holder(name);
        final long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000;
        while (holder.size != size)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("the list of " + size + " never arrived");
            }
            Thread.sleep(50);
        }
        final long requests = Fabric.current().stats().clusterRequests();
        final long start = System.nanoTime();
        int count = 0;
        for (Node node = holder.head; node != null; node = node.next)
        {
            if (node.index != count)
            {
                throw new AssertionError("node " + count + " holds index " + node.index);
            }
            count++;
        }
        System.out.println("WALKED " + count + " in " + (System.nanoTime() - start) / 1_000_000 + " ms, " +
            (Fabric.current().stats().clusterRequests() - requests) + " requests");
    }

    // ------------------------------------------------------------------------------------------------ texts

    /**
     * @param seed   which text.
     * @param length its length in chars.
     * @return a text of mostly ASCII with other planes, surrogate pairs and unpaired surrogates in it.
     */
    static String text(final long seed, final int length)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final StringBuilder text = new StringBuilder(length);
        while (text.length() < length)
        {
            final int kind = random.nextInt(100);
            if (kind < 88)
            {
                text.append((char)(' ' + random.nextInt(95)));
            }
            else if (kind < 94)
            {
                text.append(random.nextBoolean() ? 'é' : '日');
            }
            else if (kind < 97)
            {
                text.appendCodePoint(0x1F600 + random.nextInt(64));
            }
            else
            {
                // A lone high or low surrogate between two ASCII letters.
                text.append('x').append((char)(random.nextBoolean() ? 0xD800 + random.nextInt(0x400) :
                    0xDC00 + random.nextInt(0x400))).append('y');
            }
        }
        text.setLength(length);
        return text.toString();
    }

    private static void storeTexts(final int count, final int length)
    {
        final Holder holder = holder("texts");
        Node head = null;
        long chars = 0;
        for (int i = count - 1; i >= 0; i--)
        {
            head = new Node(i, text(i, length), head);
            chars += length;
        }
        final long start = System.nanoTime();
        holder.head = head;
        System.out.println("STORED " + count + " texts, " + chars + " chars, in " +
            (System.nanoTime() - start) / 1_000_000 + " ms");
        // A long text written into a field of an object that is shared already, not published with it.
        holder.note = text(1_000_003, 3 * length / 2);
        holder.size = count;
    }

    private static void readTexts(final int count, final int length) throws InterruptedException
    {
        final Holder holder = holder("texts");
        final long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000;
        while (holder.size != count)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("the texts never arrived");
            }
            Thread.sleep(50);
        }
        final long start = System.nanoTime();
        int index = 0;
        for (Node node = holder.head; node != null; node = node.next)
        {
            if (!text(index, length).equals(node.text))
            {
                throw new AssertionError("text " + index + " differs: " + describe(node.text, text(index, length)));
            }
            index++;
        }
        if (index != count)
        {
            throw new AssertionError("read " + index + " texts of " + count);
        }
        final String expectedNote = text(1_000_003, 3 * length / 2);
        if (!expectedNote.equals(holder.note))
        {
            throw new AssertionError("the note differs: " + describe(holder.note, expectedNote));
        }
        System.out.println("TEXTS EXACT " + count + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private static String describe(final String actual, final String expected)
    {
        if (actual == null)
        {
            return "null";
        }
        int at = 0;
        while (at < Math.min(actual.length(), expected.length()) && actual.charAt(at) == expected.charAt(at))
        {
            at++;
        }
        return "length " + actual.length() + " (expected " + expected.length() + "), first difference at " + at;
    }

    // ------------------------------------------------------------------------------------------------ records

    private static void storeRecords()
    {
        final Holder holder = holder("records");
        synchronized (holder)
        {
            holder.point = new Point(3, 4.5, "home");
            holder.message = new Message("agent-1", new Point(-1, 2.25, "p-label"), holder);
        }
        System.out.println("STORED records");
    }

    private static void readRecords() throws InterruptedException
    {
        final Holder holder = holder("records");
        final long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000;
        while (holder.message == null)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("the records never arrived");
            }
            Thread.sleep(50);
        }
        final Point point = holder.point;
        final Message message = holder.message;
        System.out.println("POINT " + point.x() + " " + point.y() + " " + point.label() + " equal " +
            point.equals(new Point(3, 4.5, "home")));
        System.out.println("MESSAGE from " + message.from() + " at " + message.at().x() + " " + message.at().y() +
            " label " + message.at().label() + " replyTo holder " +
            (message.replyTo() == holder));
    }

    // ------------------------------------------------------------------------------------------------ JDK values

    private static Ticket ticket()
    {
        return Fabric.current().root("fabric://programs/ticket", Ticket.class, Ticket::new);
    }

    private static Ticket expectedTicket()
    {
        final Ticket expected = new Ticket();
        expected.id = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        expected.created = Instant.parse("2026-12-07T20:05:01.123456789Z");
        expected.budget = Duration.ofMinutes(90).plusNanos(1);
        expected.day = LocalDate.of(2026, 12, 7);
        expected.due = ZonedDateTime.of(2026, 12, 8, 9, 30, 0, 0, ZoneId.of("Europe/Paris"));
        expected.tokens = BigInteger.TWO.pow(100);
        expected.cost = new BigDecimal("1.50");
        return expected;
    }

    private static void storeTicket()
    {
        final Ticket ticket = ticket();
        final Ticket expected = expectedTicket();
        synchronized (ticket)
        {
            ticket.created = expected.created;
            ticket.budget = expected.budget;
            ticket.day = expected.day;
            ticket.due = expected.due;
            ticket.tokens = expected.tokens;
            ticket.cost = expected.cost;
            ticket.id = expected.id;
        }
        System.out.println("STORED ticket " + ticket.describe());
    }

    // Adds a cent to the ticket's cost, times times, each under the ticket's monitor.
    private static void addCost(final int times)
    {
        final Ticket ticket = ticket();
        for (int i = 0; i < times; i++)
        {
            synchronized (ticket)
            {
                ticket.cost = ticket.cost.add(new BigDecimal("0.01"));
            }
        }
        System.out.println("ADDED " + times);
    }

    private static void readTicket()
    {
        final Ticket ticket = ticket();
        final Ticket expected = expectedTicket();
        synchronized (ticket)
        {
            System.out.println("TICKET " + ticket.describe());
            System.out.println("EQUAL " + (expected.id.equals(ticket.id) && expected.created.equals(ticket.created) &&
                expected.budget.equals(ticket.budget) && expected.day.equals(ticket.day) &&
                expected.due.equals(ticket.due) && expected.tokens.equals(ticket.tokens)) + " cost " + ticket.cost +
                " scale " + ticket.cost.scale());
        }
    }

    // ------------------------------------------------------------------------------------------------ interrupts

    private static void interruptedWait() throws InterruptedException
    {
        final Guarded guarded = Fabric.current().root("fabric://programs/guarded", Guarded.class, Guarded::new);
        final Thread waiter = new Thread(() ->
        {
            synchronized (guarded)
            {
                try
                {
                    while (true)
                    {
                        guarded.wait();
                    }
                }
                catch (final InterruptedException ex)
                {
                    final boolean holds = Thread.holdsLock(guarded);
                    guarded.owner = "A";
                    sleep(1_500);
                    final String seen = guarded.owner;
                    guarded.notifyAll();
                    guarded.owner = null;
                    System.out.println("HANDLER holds " + holds + " seen " + seen);
                }
            }
        }, "waiter");
        waiter.start();
        System.out.println("WAITING");
        Thread.sleep(1_000);
        waiter.interrupt();
        waiter.join();
        System.out.println("DONE");
    }

    private static void intruder(final long forMs)
    {
        final Guarded guarded = Fabric.current().root("fabric://programs/guarded", Guarded.class, Guarded::new);
        final long end = System.nanoTime() + forMs * 1_000_000;
        int entries = 0;
        int intrusions = 0;
        while (System.nanoTime() < end)
        {
            synchronized (guarded)
            {
                if ("A".equals(guarded.owner))
                {
                    intrusions++;
                }
                guarded.value++;
                entries++;
            }
        }
        System.out.println("INTRUDER entered " + entries + " intrusions " + intrusions);
    }

    // ------------------------------------------------------------------------------------------------ notify

    private static void awaitNotify() throws InterruptedException
    {
        final Guarded guarded = Fabric.current().root("fabric://programs/signal", Guarded.class, Guarded::new);
        synchronized (guarded)
        {
            System.out.println("WAITING");
            final long requests = Fabric.current().stats().clusterRequests();
            final long start = System.nanoTime();
            while (guarded.value == 0)
            {
                guarded.wait();
            }
            System.out.println("WOKEN after " + (System.nanoTime() - start) / 1_000_000 + " ms, " +
                (Fabric.current().stats().clusterRequests() - requests) + " requests");
        }
    }

    private static void notifyAfter(final long millis) throws InterruptedException
    {
        final Guarded guarded = Fabric.current().root("fabric://programs/signal", Guarded.class, Guarded::new);
        Thread.sleep(millis);
        synchronized (guarded)
        {
            guarded.value = 1;
            guarded.notifyAll();
        }
        System.out.println("NOTIFIED");
    }

    // ------------------------------------------------------------------------------------------------ contention

    private static Guarded counter()
    {
        return Fabric.current().root("fabric://programs/counter", Guarded.class, Guarded::new);
    }

    private static void count(final int threads, final int perThread) throws InterruptedException
    {
        final Guarded counter = counter();
        final long start = System.nanoTime();
        runThreads(threads, thread ->
        {
            for (int i = 0; i < perThread; i++)
            {
                synchronized (counter)
                {
                    counter.value++;
                }
            }
        });
        final long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("COUNTED " + threads * perThread + " in " + ms + " ms, " +
            threads * perThread * 1000L / Math.max(1, ms) + " per second");
    }

    // Counts under the lock, one increment at a time, through whatever happens to the network: an increment either
    // completes, or fails with FabricUnavailableException after the timeout (then it may or may not have been
    // applied). Prints how many of each.
    private static void tally(final Path stop, final long pauseMs) throws InterruptedException
    {
        final Guarded counter = counter();
        int completed = 0;
        int failed = 0;
        final long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000;
        while (!Files.exists(stop) && System.nanoTime() < deadline)
        {
            final long start = System.nanoTime();
            try
            {
                synchronized (counter)
                {
                    counter.value++;
                }
                completed++;
                System.out.println("TALLY " + completed);
            }
            catch (final FabricUnavailableException ex)
            {
                failed++;
                System.out.println("UNAVAILABLE after " + (System.nanoTime() - start) / 1_000_000 + " ms: " +
                    ex.getMessage());
            }
            Thread.sleep(pauseMs);
        }
        System.out.println("TALLIED completed " + completed + " failed " + failed);
    }

    private static void produce(final int firstIndex, final int threads, final int perThread)
        throws InterruptedException
    {
        final Buffer buffer = Fabric.current().root("fabric://programs/buffer", Buffer.class, Buffer::new);
        final long start = System.nanoTime();
        runThreads(threads, thread ->
        {
            for (int i = 0; i < perThread; i++)
            {
                buffer.put(firstIndex + thread * perThread + i);
            }
        });
        final long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("PRODUCED " + threads * perThread + " in " + ms + " ms, " +
            threads * perThread * 1000L / Math.max(1, ms) + " per second");
    }

    private static void consume(final int threads, final int perThread) throws InterruptedException
    {
        final Buffer buffer = Fabric.current().root("fabric://programs/buffer", Buffer.class, Buffer::new);
        final long start = System.nanoTime();
        runThreads(threads, thread ->
        {
            for (int i = 0; i < perThread; i++)
            {
                buffer.take();
            }
        });
        final long ms = (System.nanoTime() - start) / 1_000_000;
        synchronized (buffer)
        {
            System.out.println("CONSUMED " + threads * perThread + " in " + ms + " ms; buffer consumed " +
                buffer.consumed + " sum " + buffer.consumedSum + " size " + buffer.size);
        }
    }

    private interface Work
    {
        void run(int thread) throws Exception;
    }

    private static void runThreads(final int threads, final Work work) throws InterruptedException
    {
        final Thread[] running = new Thread[threads];
        final Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++)
        {
            final int thread = t;
            running[t] = new Thread(() ->
            {
                try
                {
                    work.run(thread);
                }
                catch (final Throwable ex)
                {
                    synchronized (failure)
                    {
                        failure[0] = ex;
                    }
                }
            }, "worker-" + t);
            running[t].start();
        }
        for (final Thread thread : running)
        {
            thread.join();
        }
        synchronized (failure)
        {
            if (failure[0] != null)
            {
                throw new AssertionError("a worker failed", failure[0]);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ timeouts

    private static void stalled(final Path go) throws Exception
    {
        final Guarded first = Fabric.current().root("fabric://programs/stalled-a", Guarded.class, Guarded::new);
        final Guarded second = Fabric.current().root("fabric://programs/stalled-b", Guarded.class, Guarded::new);
        final Holder holder = holder("stalled");
        synchronized (first)
        {
            first.value = 1;
            System.out.println("READY");
            final long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000;
            while (!Files.exists(go))
            {
                if (System.nanoTime() > deadline)
                {
                    throw new AssertionError("never told to go");
                }
                Thread.sleep(20);
            }
            op("read", () -> first.value);
            // This JVM owns first since its write above, so a store to it stays in its copy: the store that must
            // reach the cluster is one to an object it does not own.
            op("store", () ->
            {
                second.value = 2;
                return null;
            });
            op("publish", () ->
            {
                Node head = null;
                for (int i = 0; i < 2_000; i++)
                {
                    head = new Node(i, text(i, 100), head);
                }
                holder.head = head;
                return null;
            });
            op("lock", () ->
            {
                synchronized (second)
                {
                    return null;
                }
            });
            op("wait", () ->
            {
                first.wait();
                return null;
            });
        }
    }

    private static void op(final String name, final Callable<Object> operation)
    {
        final long start = System.nanoTime();
        try
        {
            operation.call();
            System.out.println("OP " + name + " returned after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        catch (final Exception ex)
        {
            System.out.println("OP " + name + " threw " + ex.getClass().getName() + " after " +
                (System.nanoTime() - start) / 1_000_000 + " ms: " + ex.getMessage());
        }
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
