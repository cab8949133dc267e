package apps.cluster;

import apps.NodeBeans;
import io.memfabric.Fabric;
import io.memfabric.FabricLockLostException;
import io.memfabric.FabricUnavailableException;
import io.memfabric.linearizability.HistoryRecorder;
import io.memfabric.linearizability.RegisterWorkload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The programs the cluster tests run in separate JVMs against a real cluster, one per mode:
 * <ul>
 *   <li>{@code transfer <name> <count> <seed>}: transfers between the bank's accounts under its monitor.</li>
 *   <li>{@code audit}: prints the bank's total and transfer count.</li>
 *   <li>{@code writer <count>}: {@code value = i; seq = i} for i = 1..count.</li>
 *   <li>{@code reader <count>}: reads {@code seq}, then {@code value}, until {@code seq == count}; counts reads that
 *   saw {@code value < seq}.</li>
 *   <li>{@code registers <history> <process> <threads> <ops> <seed>}: the linearizability workload on 4 registers,
 *   recording its history.</li>
 *   <li>{@code hold}: enters the monitor of a shared object and stays there.</li>
 *   <li>{@code take <value>}: enters that monitor (timing it) and writes {@code value}.</li>
 *   <li>{@code paused-holder <go-file>}: enters the monitor, then once {@code go-file} exists writes inside it.</li>
 *   <li>{@code unavailable <go-file>}: writes once, then once {@code go-file} exists writes again, timing the failure.
 *   </li>
 *   <li>{@code ledger-writer <count>}: {@code value = i; seq = i} for i = 1..count, both under the ledger's
 *   monitor (written back: the JVM owns the ledger).</li>
 *   <li>{@code ledger-reader <count>}: as {@code reader}, on the ledger, without its monitor.</li>
 *   <li>{@code ledger-forever <progress-file>}: as {@code ledger-writer} without end, appending each i to the file once
 *   its block is left.</li>
 *   <li>{@code ledger-print}: prints the ledger's two fields, read under its monitor.</li>
 *   <li>{@code ledger-paused <go-file>}: under the ledger's monitor writes 1 then 2 to {@code value}, then once
 *   {@code go-file} exists leaves the block.</li>
 *   <li>{@code produce <count>} / {@code consume <count>}: the two ends of a bounded queue of 2 that waits with
 *   {@code wait}/{@code notifyAll}.</li>
 * </ul>
 */
public final class ClusterApp
{
    private ClusterApp()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        try
        {
            run(args);
        }
        catch (final Throwable ex)
        {
            // End at once with the failure: on a cluster the JVM would otherwise stay up (Aeron's threads are not
            // daemons) and the test would wait out its own timeout without seeing why.
            ex.printStackTrace();
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
            case "transfer" -> transfer(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "audit" -> audit();
            case "writer" -> writer(Long.parseLong(args[1]));
            case "reader" -> reader(Long.parseLong(args[1]));
            case "registers" -> registers(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Long.parseLong(args[5]));
            case "hold" -> hold();
            case "take" -> take(Long.parseLong(args[1]));
            case "paused-holder" -> pausedHolder(Path.of(args[1]));
            case "unavailable" -> unavailable(Path.of(args[1]));
            case "ledger-writer" -> ledgerWriter(Long.parseLong(args[1]));
            case "ledger-reader" -> ledgerReader(Long.parseLong(args[1]));
            case "ledger-forever" -> ledgerForever(Path.of(args[1]));
            case "ledger-print" -> ledgerPrint();
            case "ledger-paused" -> ledgerPaused(Path.of(args[1]));
            case "produce" -> produce(Integer.parseInt(args[1]));
            case "consume" -> consume(Integer.parseInt(args[1]));
            case "reenter" -> reenter(Integer.parseInt(args[1]));
            case "increment" -> increment(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static Bank bank()
    {
        return Fabric.current().root("fabric://it/bank", Bank.class, Bank::new);
    }

    private static void transfer(final String name, final int count, final long seed)
    {
        final Bank bank = bank();
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 1; i <= count; i++)
        {
            final int from = random.nextInt(Bank.ACCOUNTS);
            final int to = (from + 1 + random.nextInt(Bank.ACCOUNTS - 1)) % Bank.ACCOUNTS;
            bank.transfer(from, to, 1 + random.nextInt(50));
            if (i % 5 == 0)
            {
                System.out.println(name + " progress " + i);
            }
        }
        System.out.println(name + " done " + count);
    }

    private static void audit()
    {
        final Bank bank = bank();
        System.out.println("total " + bank.total() + " transfers " + bank.transfers());
    }

    private static Pair pair()
    {
        return Fabric.current().root("fabric://it/pair", Pair.class, Pair::new);
    }

    private static void writer(final long count)
    {
        final Pair pair = pair();
        for (long i = 1; i <= count; i++)
        {
            pair.value = i;
            pair.seq = i;
            if (i % 20 == 0)
            {
                System.out.println("writer progress " + i);
            }
        }
        System.out.println("writer done " + count);
    }

    private static void reader(final long count)
    {
        final Pair pair = pair();
        System.out.println("reader " + readInOrder(count, () -> pair.seq, () -> pair.value));
    }

    // Reads seq, then value, until seq is count: says how many reads there were, how many saw a value older than the
    // seq read before it, and how many a seq older than the one before.
    private static String readInOrder(final long count, final LongSupplier seqs, final LongSupplier values)
    {
        long reads = 0;
        long violations = 0;
        long lastSeq = 0;
        long backwards = 0;
        while (lastSeq != count)
        {
            final long seq = seqs.getAsLong();
            final long value = values.getAsLong();
            reads++;
            if (value < seq)
            {
                violations++;
                System.out.println("VIOLATION seq " + seq + " value " + value);
            }
            if (seq < lastSeq)
            {
                backwards++;
                System.out.println("BACKWARDS seq " + seq + " after " + lastSeq);
            }
            lastSeq = seq;
        }
        return "reads " + reads + " violations " + violations + " backwards " + backwards;
    }

    private static void registers(
        final Path history, final int process, final int threads, final int ops, final long seed) throws Exception
    {
        final Register[] registers = new Register[4];
        for (int i = 0; i < registers.length; i++)
        {
            registers[i] = Fabric.current().root("fabric://it/register/" + i, Register.class, Register::new);
        }
        try (HistoryRecorder recorder = HistoryRecorder.open(history, process))
        {
            new RegisterWorkload().registerCount(registers.length).threads(threads).operationsPerThread(ops)
                .seed(seed).run(new RegisterWorkload.Registers()
                {
                    public long get(final int register)
                    {
                        return registers[register].value;
                    }

                    public void set(final int register, final long value)
                    {
                        registers[register].set(value);
                    }

                    public boolean compareAndSet(final int register, final long expected, final long newValue)
                    {
                        return registers[register].compareAndSet(expected, newValue);
                    }
                }, recorder);
        }
        System.out.println("registers done, writes kept in this JVM's copies " + NodeBeans.counter("writes_buffered"));
    }

    private static Register lockObject()
    {
        return Fabric.current().root("fabric://it/lock", Register.class, Register::new);
    }

    // Enters the monitor of one shared register many times from one thread and says how many requests the JVM sent
    // the cluster meanwhile, and how many entries its greedy hold served.
    private static void reenter(final int times) throws Exception
    {
        final Register register = Fabric.current().root("fabric://it/reenter", Register.class, Register::new);
        register.set(1);
        final long requestsBefore = NodeBeans.counter("requests");
        final long keptBefore = NodeBeans.counter("locks_kept");
        int matched = 0;
        for (int i = 0; i < times; i++)
        {
            // Never matches: a read under the lock, no write.
            matched += register.compareAndSet(0, 2) ? 1 : 0;
        }
        System.out.println("REENTERED " + times + " matched " + matched + " requests " +
            (NodeBeans.counter("requests") - requestsBefore) + " kept " +
            (NodeBeans.counter("locks_kept") - keptBefore));
    }

    // Increments one shared counter under its monitor; run in several JVMs at once, the lock goes back and forth.
    private static void increment(final int times) throws Exception
    {
        final Register register = Fabric.current().root("fabric://it/contended", Register.class, Register::new);
        for (int i = 0; i < times; i++)
        {
            synchronized (register)
            {
                register.value++;
            }
        }
        final long value;
        synchronized (register)
        {
            value = register.value;
        }
        System.out.println("INCREMENTED " + times + " value " + value + " recalls " +
            NodeBeans.counter("lock_recalls"));
    }

    private static void hold() throws InterruptedException
    {
        final Register lock = lockObject();
        synchronized (lock)
        {
            System.out.println("HOLDING");
            Thread.sleep(600_000);
        }
    }

    private static void take(final long value)
    {
        final Register lock = lockObject();
        final long start = System.nanoTime();
        synchronized (lock)
        {
            System.out.println("ENTERED after " + (System.nanoTime() - start) / 1_000_000 + " ms");
            lock.value = value;
            System.out.println("TOOK value " + lock.value);
        }
    }

    private static void pausedHolder(final Path go) throws InterruptedException
    {
        final Register lock = lockObject();
        synchronized (lock)
        {
            System.out.println("HOLDING");
            while (!Files.exists(go))
            {
                Thread.sleep(20);
            }
            try
            {
                lock.value = -1;
                System.out.println("WROTE after the pause");
            }
            catch (final FabricLockLostException ex)
            {
                System.out.println("FENCED " + ex.getMessage());
            }
        }
        System.out.println("LEFT");
    }

    private static Ledger ledger()
    {
        return Fabric.current().root("fabric://it/ledger", Ledger.class, Ledger::new);
    }

    private static void ledgerWriter(final long count) throws Exception
    {
        final Ledger ledger = ledger();
        for (long i = 1; i <= count; i++)
        {
            synchronized (ledger)
            {
                ledger.value = i;
                ledger.seq = i;
            }
        }
        System.out.println("ledger-writer done " + count + " buffered " + NodeBeans.counter("writes_buffered"));
    }

    private static void ledgerReader(final long count) throws Exception
    {
        final Ledger ledger = ledger();
        System.out.println("ledger-reader " + readInOrder(count, () -> ledger.seq, () -> ledger.value) + " retries " +
            NodeBeans.counter("owned_retries"));
    }

    private static void ledgerForever(final Path progress) throws Exception
    {
        final Ledger ledger = ledger();
        try (java.io.Writer out = Files.newBufferedWriter(progress))
        {
            for (long i = 1; ; i++)
            {
                synchronized (ledger)
                {
                    ledger.value = i;
                    ledger.seq = i;
                }
                out.write(i + "\n");
                out.flush();
            }
        }
    }

    private static void ledgerPrint()
    {
        final Ledger ledger = ledger();
        synchronized (ledger)
        {
            System.out.println("LEDGER value " + ledger.value + " seq " + ledger.seq);
        }
    }

    private static void ledgerPaused(final Path go) throws Exception
    {
        final Ledger ledger = ledger();
        try
        {
            synchronized (ledger)
            {
                ledger.value = 1;
                ledger.value = 2;
                System.out.println("HOLDING buffered " + NodeBeans.counter("writes_buffered"));
                while (!Files.exists(go))
                {
                    Thread.sleep(20);
                }
            }
            System.out.println("LEFT");
        }
        catch (final FabricLockLostException ex)
        {
            System.out.println("FENCED at the exit: " + ex.getMessage());
        }
        System.out.println(Thread.holdsLock(ledger) ? "MONITOR STILL HELD" : "MONITOR RELEASED");
    }

    private static apps.model.Queue queue()
    {
        return Fabric.current().root("fabric://it/queue", apps.model.Queue.class, () -> new apps.model.Queue(2));
    }

    private static void produce(final int count) throws InterruptedException
    {
        final apps.model.Queue queue = queue();
        for (int i = 1; i <= count; i++)
        {
            queue.put(i);
        }
        System.out.println("produced " + count);
    }

    private static void consume(final int count) throws InterruptedException
    {
        final apps.model.Queue queue = queue();
        long sum = 0;
        for (int i = 1; i <= count; i++)
        {
            final long value = queue.take();
            if (value != i)
            {
                System.out.println("OUT OF ORDER " + value + " at " + i);
            }
            sum += value;
        }
        System.out.println("consumed " + count + " sum " + sum);
    }

    private static void unavailable(final Path go) throws InterruptedException
    {
        final Register register = lockObject();
        register.value = 1;
        System.out.println("WROTE");
        while (!Files.exists(go))
        {
            Thread.sleep(20);
        }
        final long start = System.nanoTime();
        try
        {
            register.value = 2;
            System.out.println("WROTE again");
        }
        catch (final FabricUnavailableException ex)
        {
            System.out.println("UNAVAILABLE after " + (System.nanoTime() - start) / 1_000_000 + " ms: " +
                ex.getMessage());
        }
    }
}
