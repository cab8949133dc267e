/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package apps.transactions;

import io.memfabric.Fabric;
import io.memfabric.FabricTransactionException;
import io.memfabric.linearizability.HistoryRecorder;
import io.memfabric.linearizability.RegisterWorkload;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Programs of {@code ClusterTransactionsIT}, each in a JVM of its own under the agent against a cluster: transfers
 * between accounts in transactions, and the checker's register workload with every operation a transaction over two
 * objects.
 */
public final class TxApp
{
    private static final int ACCOUNTS = 4;
    private static final long OPENING = 1_000;

    private TxApp()
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
            case "transfer" -> transfer(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "audit" -> audit();
            case "registers" -> registers(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Long.parseLong(args[5]));
            case "wait-refused" -> waitRefused();
            case "bound" -> bound();
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.exit(0);
    }

    private static Account account(final String name, final long opening)
    {
        return Fabric.current().root("fabric://tx/" + name, Account.class, () ->
        {
            final Account account = new Account();
            account.balance = opening;
            return account;
        });
    }

    // Moves amounts between random accounts, each move a transaction over three objects: two accounts and the
    // ledger that counts moves.
    private static void transfer(final int transfers, final long seed)
    {
        final Account[] accounts = new Account[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++)
        {
            accounts[i] = account("account-" + i, OPENING);
        }
        final Account ledger = account("ledger", 0);
        final SplittableRandom random = new SplittableRandom(seed);
        final long start = System.nanoTime();
        for (int t = 0; t < transfers; t++)
        {
            final int from = random.nextInt(ACCOUNTS);
            final int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            final long amount = 1 + random.nextInt(50);
            Fabric.atomically(() ->
            {
                accounts[from].balance -= amount;
                accounts[to].balance += amount;
                accounts[from].moves++;
                ledger.moves++;
            });
        }
        System.out.println("TRANSFERRED " + transfers + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private static void audit()
    {
        final long[] total = new long[2];
        final long ledger = Fabric.atomically(() ->
        {
            total[0] = 0;
            total[1] = 0;
            for (int i = 0; i < ACCOUNTS; i++)
            {
                final Account account = account("account-" + i, OPENING);
                total[0] += account.balance;
                total[1] += account.moves;
            }
            return account("ledger", 0).moves;
        });
        System.out.println("AUDIT total " + total[0] + " moves " + total[1] + " ledger " + ledger);
    }

    // The checker's registers, each a pair of objects a transaction keeps equal: set and compare-and-set write both,
    // get reads both and counts a committed pair that differs (a torn read of a half-applied transaction).
    private static void registers(
        final Path history, final int process, final int threads, final int ops, final long seed) throws Exception
    {
        final int count = 3;
        final Account[] main = new Account[count];
        final Account[] mirror = new Account[count];
        for (int i = 0; i < count; i++)
        {
            main[i] = account("register-" + i, 0);
            mirror[i] = account("mirror-" + i, 0);
        }
        final AtomicLong torn = new AtomicLong();
        try (HistoryRecorder recorder = HistoryRecorder.open(history, process))
        {
            new RegisterWorkload().registerCount(count).threads(threads).operationsPerThread(ops).seed(seed)
                .run(new RegisterWorkload.Registers()
                {
                    public long get(final int register)
                    {
                        // An attempt that does not commit may read a mix of states; the one that commits may not.
                        final long[] pair = Fabric.atomically(() ->
                            new long[]{ main[register].balance, mirror[register].balance });
                        if (pair[0] != pair[1])
                        {
                            torn.incrementAndGet();
                        }
                        return pair[0];
                    }

                    public void set(final int register, final long value)
                    {
                        Fabric.atomically(() ->
                        {
                            main[register].balance = value;
                            mirror[register].balance = value;
                        });
                    }

                    public boolean compareAndSet(final int register, final long expected, final long newValue)
                    {
                        return Fabric.atomically(() ->
                        {
                            if (main[register].balance != expected)
                            {
                                return false;
                            }
                            main[register].balance = newValue;
                            mirror[register].balance = newValue;
                            return true;
                        });
                    }
                }, recorder);
        }
        System.out.println("registers done torn " + torn.get());
    }

    // Every attempt reads an account that another thread then changes (a plain write, through to the cluster) before
    // the attempt commits: each one conflicts, and the bound ends it with nothing written.
    private static void bound() throws InterruptedException
    {
        final Account contended = account("contended", 0);
        final Account target = account("target", 0);
        final AtomicLong runs = new AtomicLong();
        try
        {
            Fabric.current().atomically(3, () ->
            {
                final long seen = contended.balance;
                target.balance = seen + 1;
                runs.incrementAndGet();
                final Thread writer = new Thread(() -> contended.balance = seen + 100);
                writer.start();
                try
                {
                    writer.join();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            System.out.println("BOUND committed");
        }
        catch (final FabricTransactionException ex)
        {
            System.out.println("BOUND attempts " + ex.attempts() + " runs " + runs.get() + " category " +
                ex.category() + " target " + target.balance + ": " + ex.getMessage());
        }
    }

    private static void waitRefused() throws InterruptedException
    {
        final Account account = account("waiter", 0);
        try
        {
            Fabric.atomically(() ->
            {
                synchronized (account)
                {
                    try
                    {
                        account.wait(10);
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            System.out.println("WAIT accepted");
        }
        catch (final RuntimeException ex)
        {
            System.out.println("WAIT refused " + ex.getClass().getName() + ": " + ex.getMessage());
        }
        try
        {
            Fabric.current().atomically(0, () -> 1);
        }
        catch (final IllegalArgumentException ex)
        {
            System.out.println("ATTEMPTS refused: " + ex.getMessage());
        }
        System.out.println("EXCEPTION " + FabricTransactionException.class.getSimpleName());
    }
}
