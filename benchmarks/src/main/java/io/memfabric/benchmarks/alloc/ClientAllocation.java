/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.memfabric.benchmarks.alloc;

import io.memfabric.IdleSetting;
import io.aeron.cluster.service.Cluster;
import io.memfabric.benchmarks.FreePorts;
import io.memfabric.consensus.FabricClusteredService;
import io.memfabric.consensus.client.ClientConfig;
import io.memfabric.consensus.client.ConsensusClient;
import io.memfabric.consensus.client.FabricConsensus;
import io.memfabric.consensus.cluster.ClusterEndpoints;
import io.memfabric.consensus.cluster.ClusterMember;
import io.memfabric.consensus.cluster.MemberConfig;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.memfabric.benchmarks.BenchPaths.shmRoot;
import static io.memfabric.benchmarks.BenchPaths.targetDir;

/**
 * What the consensus client allocates per request on its hot paths, on the calling thread and on the client's own
 * thread, against a 3-member cluster in this JVM: an uncontended lock and unlock, a fenced write of a long, a read of
 * a long without a lease, and an invalidation push (received, decoded and acknowledged as the runtime does).
 * <p>
 * Each operation runs {@code warmup} times, then {@code ops} times between two readings of
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)} for both threads. Prints, per operation,
 * {@code BENCH client_alloc_<op>_bytes_per_request <n>} (both threads together), and the same with {@code _caller_}
 * and {@code _agent_} for each thread. A lock and its unlock are two requests.
 * <p>
 * The operations go through the blocking calls the runtime uses ({@link FabricConsensus#lockCall} and the other
 * {@link ConsensusClient.Call}s); the same operations through the future-returning API are measured as
 * {@code <op>_future}. The push is delivered to a {@link FabricConsensus.PushListener}; its figure counts the client
 * thread of the reader, which also handles the reader's lease reads (a {@code readLongCall} with a lease), as the
 * {@code read_long} figure measures them.
 * <p>
 * Arguments: {@code [<warmup> <ops> [<idle>]]}, by default 10 000, 20 000 and {@code BACKOFF} (the idle strategy
 * of the members and the clients). Run it with the JDK access Aeron needs, e.g.
 * <pre>
 * java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
 *     --add-opens=java.base/java.util.zip=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.memfabric.benchmarks.alloc.ClientAllocation
 * </pre>
 * or through {@code ./fabric bench alloc}.
 */
public final class ClientAllocation
{
    /**
     * What a figure line starts with.
     */
    static final String FIGURE_PREFIX = "BENCH ";

    private static final int MEMBERS = 3;
    private static final long WAIT_S = 30;
    private static final long LEASE_MS = 10_000;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final int warmup;
    private final int ops;
    private final IdleSetting idle;

    private ClientAllocation(final int warmup, final int ops, final IdleSetting idle)
    {
        this.warmup = warmup;
        this.ops = ops;
        this.idle = idle;
    }

    /**
     * @param args {@code [<warmup> <ops> [<idle>]]}.
     * @throws Exception if the measurement fails; the JVM then exits with a status other than 0.
     */
    public static void main(final String[] args) throws Exception
    {
        final int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        final int ops = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        final IdleSetting idle = IdleSetting.valueOf(args.length > 2 ? args[2] : "BACKOFF");
        if (!THREADS.isThreadAllocatedMemorySupported())
        {
            throw new IllegalStateException("this JVM cannot count the bytes a thread allocates");
        }
        THREADS.setThreadAllocatedMemoryEnabled(true);
        new ClientAllocation(warmup, ops, idle).run();
        System.out.flush();
        System.exit(0);
    }

    private void run() throws Exception
    {
        final long pid = ProcessHandle.current().pid();
        final Path runDir = targetDir().resolve("client-alloc-" + pid);
        final File dir = runDir.toFile();
        final File shmDir = shmRoot(runDir).resolve("memfabric-alloc-" + pid).toFile();
        final ClusterEndpoints endpoints = ClusterEndpoints.local("localhost",
            FreePorts.block(32_000, 56_900, MEMBERS, 100, 6), MEMBERS);
        final List<ClusterMember> members = new ArrayList<>();
        final List<ConsensusClient> clients = new ArrayList<>();
        try
        {
            for (int id = 0; id < MEMBERS; id++)
            {
                final int memberId = id;
                members.add(ClusterMember.launch(new MemberConfig()
                    .memberId(id)
                    .endpoints(endpoints)
                    .dir(new File(dir, "member-" + id))
                    .aeronDir(new File(shmDir, "member-" + id).getAbsolutePath())
                    .idle(idle)
                    .cleanStart(true), () -> new FabricClusteredService(memberId)));
            }
            awaitLeader(members);
            System.out.println("client allocation: 3 members in this JVM (" + endpoints.clientSetting() + "), idle " +
                idle + ", " + warmup + " warm-up + " + ops + " measured operations each");
            measure(endpoints, clients);
        }
        finally
        {
            CloseHelper.quietCloseAll(clients);
            CloseHelper.quietCloseAll(members);
            IoUtil.delete(dir, true);
            IoUtil.delete(shmDir, true);
        }
    }

    private void measure(final ClusterEndpoints endpoints, final List<ConsensusClient> clients) throws Exception
    {
        final Pushes pushes = new Pushes();
        final ConsensusClient clientA = ConsensusClient.start(new ClientConfig().endpoints(endpoints).idle(idle),
            FabricConsensus.pushes(pushes));
        clients.add(clientA);
        final ConsensusClient clientB = ConsensusClient.start(new ClientConfig().endpoints(endpoints).idle(idle),
            push -> { });
        clients.add(clientB);
        final FabricConsensus a = new FabricConsensus(clientA);
        final FabricConsensus b = new FabricConsensus(clientB);
        pushes.consensus = a;
        final Thread agentA = agentOf(clientA);

        final long object = get(a.root("fabric://bench/alloc"));
        get(a.writeLong(0, 0, object, 0, 1));

        report("lock_unlock", 2, agentA, i ->
        {
            a.lockCall(1, 1, -1).join();
            a.unlockCall(1, 1).join();
        });
        report("lock_unlock_future", 2, agentA, i ->
        {
            get(a.lock(1, 1, -1));
            get(a.unlock(1, 1));
        });

        final long token = a.lockCall(2, 1, -1).join();
        report("write_long", 1, agentA, i -> a.writeLongCall(2, token, object, 1, i).join());
        report("write_long_future", 1, agentA, i -> get(a.writeLong(2, token, object, 1, i)));
        a.unlockCall(2, 1).join();

        report("read_long", 1, agentA, i -> a.readLongCall(object, 1, 0).join());
        report("read_long_future", 1, agentA, i -> get(a.readLong(object, 1)));

        // Client A reads the slot with a read lease; client B's write of it makes the cluster push an INVALIDATE to
        // A, whose client thread decodes and acknowledges it (as the runtime does), and only then answers B.
        final Figures push = measure(1, agentA, i ->
        {
            a.readLongCall(object, 0, LEASE_MS).join();
            b.writeLongCall(0, 0, object, 0, i).join();
        }, pushes.count);
        print("invalidation_push", push.agentPerRequest, Double.NaN);
    }

    private Figures measure(final int requestsPerOp, final Thread agent, final Op op, final AtomicLong counted)
        throws Exception
    {
        for (int i = 0; i < warmup; i++)
        {
            op.run(i);
        }
        final long countedBefore = counted == null ? 0 : counted.get();
        final long agentBefore = THREADS.getThreadAllocatedBytes(agent.getId());
        final long callerBefore = THREADS.getCurrentThreadAllocatedBytes();
        final long startNs = System.nanoTime();
        for (int i = 0; i < ops; i++)
        {
            op.run(i);
        }
        final long callerAfter = THREADS.getCurrentThreadAllocatedBytes();
        final long agentAfter = THREADS.getThreadAllocatedBytes(agent.getId());
        final long elapsedNs = System.nanoTime() - startNs;
        final long requests = counted == null ? (long)ops * requestsPerOp : counted.get() - countedBefore;
        if (requests <= 0)
        {
            throw new IllegalStateException("nothing to count: no requests or pushes while measuring");
        }
        System.out.println(String.format(Locale.ROOT, "  %,d operations (%,d requests or pushes) in %.1f s (%.0f us " +
            "each): %,d bytes on the calling thread, %,d on the client thread", ops, requests, elapsedNs / 1e9,
            elapsedNs / 1e3 / ops, callerAfter - callerBefore, agentAfter - agentBefore));
        return new Figures((callerAfter - callerBefore) / (double)requests, (agentAfter - agentBefore) /
            (double)requests);
    }

    private void report(final String name, final int requestsPerOp, final Thread agent, final Op op) throws Exception
    {
        final Figures figures = measure(requestsPerOp, agent, op, null);
        print(name, figures.agentPerRequest, figures.callerPerRequest);
    }

    // An invalidation push has no calling thread: the client thread receives and acknowledges it.
    private static void print(final String name, final double agent, final double caller)
    {
        final double callerBytes = Double.isNaN(caller) ? 0 : caller;
        System.out.println(String.format(Locale.ROOT, "%sclient_alloc_%s_bytes_per_request %.1f", FIGURE_PREFIX,
            name, callerBytes + agent));
        if (!Double.isNaN(caller))
        {
            System.out.println(String.format(Locale.ROOT, "%sclient_alloc_%s_caller_bytes_per_request %.1f",
                FIGURE_PREFIX, name, caller));
        }
        System.out.println(String.format(Locale.ROOT, "%sclient_alloc_%s_agent_bytes_per_request %.1f",
            FIGURE_PREFIX, name, agent));
    }

    private static Thread agentOf(final ConsensusClient client)
    {
        final String name = "memfabric-consensus-client-" + Long.toHexString(client.clientId());
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (name.equals(thread.getName()))
            {
                return thread;
            }
        }
        throw new IllegalStateException("no thread named " + name);
    }

    private static void awaitLeader(final List<ClusterMember> members) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (System.nanoTime() < deadline)
        {
            for (final ClusterMember member : members)
            {
                if (member.role() == Cluster.Role.LEADER)
                {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no leader within " + WAIT_S + " s");
    }

    private static <T> T get(final CompletableFuture<T> request) throws Exception
    {
        return request.get(WAIT_S, TimeUnit.SECONDS);
    }

    @FunctionalInterface
    private interface Op
    {
        void run(int i) throws Exception;
    }

    private static final class Figures
    {
        final double callerPerRequest;
        final double agentPerRequest;

        Figures(final double callerPerRequest, final double agentPerRequest)
        {
            this.callerPerRequest = callerPerRequest;
            this.agentPerRequest = agentPerRequest;
        }
    }

    // What the runtime does with an invalidation: acknowledge it.
    private static final class Pushes implements FabricConsensus.PushListener
    {
        final AtomicLong count = new AtomicLong();
        volatile FabricConsensus consensus;

        public void onInvalidate(final long objectId, final long leaseId)
        {
            consensus.invalidateAck(objectId, leaseId);
            count.incrementAndGet();
        }
    }
}
