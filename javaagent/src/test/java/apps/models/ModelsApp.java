/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.models;

/**
 * Programs of {@code ReplicatedFieldsIT}, each run in a JVM of its own under the agent against a cluster.
 */
public final class ModelsApp
{
    private static final long DEADLINE_NS = 120_000_000_000L;
    private static final int LOCKED_WRITES = 20;

    private ModelsApp()
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
            case "ask" -> ask(Integer.parseInt(args[1]));
            case "answer" -> answer(Integer.parseInt(args[1]));
            case "watch" -> watch(Integer.parseInt(args[1]));
            case "race" -> race(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "merge" -> merge(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "paced" -> paced(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "journal-write" -> journalWrite(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "journal-read" -> journalRead(Long.parseLong(args[1]), Long.parseLong(args[2]));
            case "subscribe" -> subscribe(Long.parseLong(args[1]));
            case "ask-slowly" -> askSlowly(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.exit(0);
    }

    // Asks questions 1..n, CAUSAL, one every millisecond or so; reads its own write back at once.
    private static void ask(final int questions) throws InterruptedException
    {
        final Board board = board();
        awaitReady(board, 3);
        int ownWritesMissed = 0;
        for (int i = 1; i <= questions; i++)
        {
            board.questions.latest = i;
            board.questions.by = "asker";
            if (board.questions.latest != i)
            {
                ownWritesMissed++;
            }
            Thread.sleep(1);
        }
        System.out.println("ASKED " + questions + " ownWritesMissed " + ownWritesMissed);
        awaitDone(board, 3);
    }

    // Answers every question it sees with its number, in another object.
    private static void answer(final int questions) throws InterruptedException
    {
        final Board board = board();
        awaitReady(board, 3);
        long answered = 0;
        int answers = 0;
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (answered < questions && System.nanoTime() - deadline < 0)
        {
            final long question = board.questions.latest;
            if (question > answered)
            {
                board.answers.latest = question;
                board.answers.by = "answerer";
                answered = question;
                answers++;
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        System.out.println("ANSWERED up to " + answered + " with " + answers + " answers");
        awaitDone(board, 3);
    }

    // Reads the answer, then the question: an answer must never be ahead of the question it answers.
    private static void watch(final int questions) throws InterruptedException
    {
        final Board board = board();
        awaitReady(board, 3);
        long observations = 0;
        long violations = 0;
        long lastAnswer = 0;
        long regressions = 0;
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (lastAnswer < questions && System.nanoTime() - deadline < 0)
        {
            final long answer = board.answers.latest;
            final long question = board.questions.latest;
            observations++;
            if (question < answer)
            {
                violations++;
                if (violations < 5)
                {
                    System.out.println("VIOLATION answer " + answer + " seen before question " + answer +
                        " (latest question seen " + question + ")");
                }
            }
            if (answer < lastAnswer)
            {
                regressions++;
            }
            lastAnswer = Math.max(lastAnswer, answer);
        }
        System.out.println("WATCHED answers up to " + lastAnswer + " observations " + observations + " violations " +
            violations + " regressions " + regressions);
        awaitDone(board, 3);
    }

    // Every racer writes the EVENTUAL fields; once all are done each waits for the value to settle and prints it:
    // all must print the same.
    private static void race(final String name, final int writes, final int racers) throws InterruptedException
    {
        final Board board = board();
        for (int i = 0; i < writes; i++)
        {
            board.winner = name + "-" + i;
            board.eventualWrites = board.eventualWrites + 1;
        }
        // Under the board's lock: the STRONG count is exact (mutual exclusion holds whatever the other fields' models
        // are), the EVENTUAL field written there is not ordered by the lock but still converges.
        for (int i = 0; i < LOCKED_WRITES; i++)
        {
            synchronized (board)
            {
                board.lockedCount++;
                board.winner = name + "-locked-" + i;
            }
        }
        board.winner = name + "-" + (writes - 1);
        awaitDone(board, racers);
        String seen = board.winner;
        long stableSince = System.nanoTime();
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (System.nanoTime() - stableSince < 2_000_000_000L && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(50);
            if (!board.winner.equals(seen))
            {
                seen = board.winner;
                stableSince = System.nanoTime();
            }
        }
        final int locked;
        synchronized (board)
        {
            locked = board.lockedCount;
        }
        System.out.println("SETTLED winner " + seen + " lockedCount " + locked);
    }

    // Every racer adds to the counter, the set and the map at once; each waits until it sees every racer's changes.
    private static void merge(final String name, final int adds, final int racers) throws InterruptedException
    {
        final Board board = board();
        awaitReady(board, racers);
        final long start = System.nanoTime();
        for (int i = 0; i < adds; i++)
        {
            board.hits.increment();
            board.members.add(name + "-" + i % 10);
            board.progress.put(name, (long)i);
        }
        final long tookNs = System.nanoTime() - start;
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (System.nanoTime() - deadline < 0 && (board.hits.get() != (long)adds * racers ||
            board.members.size() != 10 * racers || board.progress.size() != racers ||
            board.progress.values().stream().anyMatch(last -> last != adds - 1)))
        {
            Thread.sleep(10);
        }
        System.out.println("MERGED hits " + board.hits.get() + " members " + board.members.size() + " progress " +
            board.progress + " (" + adds + " of each in " + tookNs / 1_000_000 + " ms)");
        awaitDone(board, racers);
    }

    // Like merge, one change of each every few milliseconds, for a test that partitions the JVMs meanwhile; prints
    // what it sees as it goes, and how many peer states it installed to catch up.
    private static void paced(final String name, final int adds, final int racers) throws Exception
    {
        final Board board = board();
        awaitReady(board, racers);
        System.out.println("PACING");
        for (int i = 0; i < adds; i++)
        {
            board.hits.increment();
            board.members.add(name + "-" + i % 500);
            board.progress.put(name, (long)i);
            if (i % 1000 == 0)
            {
                System.out.println("AT " + i + " hits " + board.hits.get() + " members " + board.members.size());
            }
            Thread.sleep(3);
        }
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (System.nanoTime() - deadline < 0 && (board.hits.get() != (long)adds * racers ||
            board.members.size() != 500 * racers || board.progress.size() != racers ||
            board.progress.values().stream().anyMatch(last -> last != adds - 1)))
        {
            Thread.sleep(10);
        }
        System.out.println("PACED hits " + board.hits.get() + " members " + board.members.size() + " progress " +
            board.progress + " states installed " + apps.NodeBeans.counter("replica_states_installed"));
        awaitDone(board, racers);
    }

    // Adds to the counter and writes a CAUSAL field, then waits to be killed (the test kills it once it has
    // printed WROTE) or, once killed and restarted on its journal, adds more.
    private static void journalWrite(final int adds, final long question) throws Exception
    {
        final Board board = board();
        System.out.println("STARTED hits " + board.hits.get() + " latest " + board.questions.latest +
            " recovered " + apps.NodeBeans.counter("replica_writes_recovered"));
        for (int i = 0; i < adds; i++)
        {
            board.hits.increment();
        }
        board.questions.latest = question;
        board.questions.by = "journal";
        // Time for the batch to reach the journal, which happens before it is sent.
        Thread.sleep(1_000);
        System.out.println("WROTE hits " + board.hits.get() + " latest " + board.questions.latest);
        Thread.sleep(600_000);
    }

    // Waits until it sees the counter and the field at what the test expects.
    private static void journalRead(final long hits, final long question) throws Exception
    {
        final Board board = board();
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (System.nanoTime() - deadline < 0 && (board.hits.get() != hits || board.questions.latest != question))
        {
            Thread.sleep(10);
        }
        System.out.println("READ hits " + board.hits.get() + " latest " + board.questions.latest + " by " +
            board.questions.by);
    }

    // Subscribes to the questions' CAUSAL field and prints every change (and gap) until it sees the last question.
    private static void subscribe(final long last) throws Exception
    {
        final Board board = board();
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        final io.memfabric.FabricSubscription subscription = io.memfabric.Fabric.current().subscribe("watch",
            board.questions, "latest", new io.memfabric.FabricChangeListener()
            {
                public void onChange(final io.memfabric.FabricChange change)
                {
                    System.out.println("CHANGE " + change.value() + (change.replayed() ? " replayed" : ""));
                    if (((Long)change.value()) == last)
                    {
                        done.countDown();
                    }
                }

                public void onGap(final Object target, final String why)
                {
                    System.out.println("GAP " + why);
                }
            });
        System.out.println("SUBSCRIBED");
        if (!done.await(120, java.util.concurrent.TimeUnit.SECONDS))
        {
            System.out.println("NOT ALL: the last change did not come");
        }
        subscription.close();
        System.out.println("WATCHED-ALL");
    }

    private static void askSlowly(final int questions, final long sleepMs) throws InterruptedException
    {
        final Board board = board();
        for (int i = 1; i <= questions; i++)
        {
            board.questions.latest = i;
            Thread.sleep(sleepMs);
        }
        System.out.println("ASKED-SLOWLY " + questions);
        Thread.sleep(600_000);
    }

    // The board of the test that runs this JVM (-Dmodels.board), so tests can share one cluster.
    private static Board board()
    {
        return io.memfabric.Fabric.current().root(System.getProperty("models.board", "fabric://models/board"),
            Board.class, Board::new);
    }

    private static void awaitReady(final Board board, final int count) throws InterruptedException
    {
        synchronized (board)
        {
            board.ready++;
            board.notifyAll();
            final long deadline = System.nanoTime() + DEADLINE_NS;
            while (board.ready < count && System.nanoTime() - deadline < 0)
            {
                board.wait(1_000);
            }
        }
    }

    private static void awaitDone(final Board board, final int count) throws InterruptedException
    {
        synchronized (board)
        {
            board.done++;
            board.notifyAll();
            final long deadline = System.nanoTime() + DEADLINE_NS;
            while (board.done < count && System.nanoTime() - deadline < 0)
            {
                board.wait(1_000);
            }
        }
    }
}
